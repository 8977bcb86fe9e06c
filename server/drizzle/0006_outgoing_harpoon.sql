ALTER TABLE "app_installations" DROP CONSTRAINT "app_installations_device_id_devices_id_fk";
--> statement-breakpoint
ALTER TABLE "installation_events" DROP CONSTRAINT "installation_events_installation_id_app_installations_id_fk";
