ALTER TYPE "public"."partner_client_auth_method" ADD VALUE 'none';--> statement-breakpoint
DROP TABLE "partner_tokens" CASCADE;--> statement-breakpoint
ALTER TABLE "consent_events" ADD COLUMN "oauth_grant_id" text;