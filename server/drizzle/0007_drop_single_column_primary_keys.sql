-- Personal tables move to primary keys that start with the account id (the next migration adds
-- them); their single-column keys go first. drizzle-kit cannot name an existing primary key, so
-- this is written by hand: PostgreSQL names them <table>_pkey. The foreign keys that depended on
-- two of them were dropped by the migration before.
ALTER TABLE "access_records" DROP CONSTRAINT "access_records_pkey";--> statement-breakpoint
ALTER TABLE "app_installations" DROP CONSTRAINT "app_installations_pkey";--> statement-breakpoint
ALTER TABLE "consent_events" DROP CONSTRAINT "consent_events_pkey";--> statement-breakpoint
ALTER TABLE "contributions" DROP CONSTRAINT "contributions_pkey";--> statement-breakpoint
ALTER TABLE "data_subject_requests" DROP CONSTRAINT "data_subject_requests_pkey";--> statement-breakpoint
ALTER TABLE "device_events" DROP CONSTRAINT "device_events_pkey";--> statement-breakpoint
ALTER TABLE "devices" DROP CONSTRAINT "devices_pkey";--> statement-breakpoint
ALTER TABLE "installation_events" DROP CONSTRAINT "installation_events_pkey";--> statement-breakpoint
ALTER TABLE "location_samples" DROP CONSTRAINT "location_samples_pkey";--> statement-breakpoint
ALTER TABLE "medical_records" DROP CONSTRAINT "medical_records_pkey";--> statement-breakpoint
ALTER TABLE "participations" DROP CONSTRAINT "participations_pkey";--> statement-breakpoint
ALTER TABLE "search_logs" DROP CONSTRAINT "search_logs_pkey";
