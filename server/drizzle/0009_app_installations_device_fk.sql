-- An installation points at its device within the same account: (account_id, device_id). When
-- the device goes (device.info withdrawn) only device_id is cleared; drizzle cannot declare that
-- column list (PostgreSQL 15+), hence this hand-written migration.
ALTER TABLE "app_installations" ADD CONSTRAINT "app_installations_account_device_fk" FOREIGN KEY ("account_id", "device_id") REFERENCES "public"."devices"("account_id", "id") ON DELETE SET NULL ("device_id");
