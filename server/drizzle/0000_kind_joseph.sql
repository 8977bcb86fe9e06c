CREATE TYPE "public"."balance_account_type" AS ENUM('PENSION_PERSONAL', 'MEDICAL_PERSONAL');--> statement-breakpoint
CREATE TYPE "public"."consent_event_kind" AS ENUM('GRANT', 'WITHDRAW');--> statement-breakpoint
CREATE TYPE "public"."contribution_status" AS ENUM('PAID', 'ARREARS', 'PENDING');--> statement-breakpoint
CREATE TYPE "public"."data_subject_request_kind" AS ENUM('ACCESS', 'EXPORT', 'CORRECTION', 'DELETION', 'WITHDRAWAL');--> statement-breakpoint
CREATE TYPE "public"."data_subject_request_status" AS ENUM('RECEIVED', 'IN_PROGRESS', 'COMPLETED', 'REJECTED');--> statement-breakpoint
CREATE TYPE "public"."device_event_kind" AS ENUM('CRASH', 'ACTIVITY', 'SETTINGS', 'REQUEST');--> statement-breakpoint
CREATE TYPE "public"."installation_event_kind" AS ENUM('INSTALL', 'UPDATE', 'UNINSTALL');--> statement-breakpoint
CREATE TYPE "public"."insurance_type" AS ENUM('PENSION', 'MEDICAL', 'UNEMPLOYMENT', 'WORK_INJURY', 'MATERNITY');--> statement-breakpoint
CREATE TYPE "public"."location_source" AS ENUM('GPS', 'WIFI', 'CELL');--> statement-breakpoint
CREATE TYPE "public"."medical_record_kind" AS ENUM('OUTPATIENT', 'INPATIENT', 'PHARMACY');--> statement-breakpoint
CREATE TYPE "public"."participation_status" AS ENUM('ACTIVE', 'SUSPENDED', 'ENDED');--> statement-breakpoint
CREATE TYPE "public"."principal_type" AS ENUM('PERSON', 'PARTNER', 'RESEARCHER', 'PLATFORM', 'OPERATOR');--> statement-breakpoint
CREATE TYPE "public"."recipient_type" AS ENUM('SERVICE', 'PARTNER', 'PLATFORM');--> statement-breakpoint
CREATE TABLE "access_records" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"principal_type" "principal_type" NOT NULL,
	"principal_id" text NOT NULL,
	"partner_id" uuid,
	"categories" text[] NOT NULL,
	"purpose" text NOT NULL,
	"operation_name" text,
	"request_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone_hash" text NOT NULL,
	"phone_encrypted" text NOT NULL,
	"password_hash" text NOT NULL,
	"display_name" text,
	"photo_url" text,
	"profile_public" boolean DEFAULT false NOT NULL,
	"consent_version" integer DEFAULT 0 NOT NULL,
	"is_researcher" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_phone_hash_unique" UNIQUE("phone_hash")
);
--> statement-breakpoint
CREATE TABLE "app_installations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"device_id" uuid,
	"installation_number" text NOT NULL,
	"app_version" text NOT NULL,
	"os_type" text NOT NULL,
	"installed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "balances" (
	"account_id" uuid NOT NULL,
	"account_type" "balance_account_type" NOT NULL,
	"amount" numeric(14, 2) NOT NULL,
	"as_of" date NOT NULL,
	CONSTRAINT "balances_account_id_account_type_pk" PRIMARY KEY("account_id","account_type")
);
--> statement-breakpoint
CREATE TABLE "breach_notices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"summary" text NOT NULL,
	"categories" text[] NOT NULL,
	"discovered_at" timestamp with time zone NOT NULL,
	"notified_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "consent_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" "consent_event_kind" NOT NULL,
	"notice_version" integer NOT NULL,
	"purpose" text NOT NULL,
	"recipient_type" "recipient_type" NOT NULL,
	"partner_id" uuid,
	"categories" text[] NOT NULL,
	"expires_at" timestamp with time zone,
	"receipt_jws" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"month" date NOT NULL,
	"insurance_type" "insurance_type" NOT NULL,
	"base" numeric(14, 2) NOT NULL,
	"employer_part" numeric(14, 2) NOT NULL,
	"personal_part" numeric(14, 2) NOT NULL,
	"status" "contribution_status" NOT NULL,
	"employer" text
);
--> statement-breakpoint
CREATE TABLE "data_subject_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" "data_subject_request_kind" NOT NULL,
	"status" "data_subject_request_status" DEFAULT 'RECEIVED' NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "device_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" "device_event_kind" NOT NULL,
	"detail" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"model" text NOT NULL,
	"os_version" text NOT NULL,
	"device_identifier" text NOT NULL,
	"network" text,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installation_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"installation_id" uuid NOT NULL,
	"kind" "installation_event_kind" NOT NULL,
	"app_version" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "insurance_profiles" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"real_name" text NOT NULL,
	"gender" text NOT NULL,
	"ethnicity" text NOT NULL,
	"birthday" date NOT NULL,
	"id_number_encrypted" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"city" text NOT NULL,
	"employer" text
);
--> statement-breakpoint
CREATE TABLE "location_samples" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"source" "location_source" NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"accuracy_meters" double precision,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "medical_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" "medical_record_kind" NOT NULL,
	"date" date NOT NULL,
	"discharge_date" date,
	"item_count" integer,
	"institution" text NOT NULL,
	"department" text,
	"city" text NOT NULL,
	"total_cost" numeric(14, 2) NOT NULL,
	"fund_paid" numeric(14, 2) NOT NULL,
	"personal_account_paid" numeric(14, 2) NOT NULL,
	"out_of_pocket" numeric(14, 2) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notice_versions" (
	"version" integer PRIMARY KEY NOT NULL,
	"content" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"recipient_hash" text NOT NULL,
	"account_id" uuid,
	"template" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "participations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"insurance_type" "insurance_type" NOT NULL,
	"status" "participation_status" NOT NULL,
	"employer" text,
	"since" date NOT NULL,
	"contribution_months" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_tokens" (
	"jti" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"scopes" text[] NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"client_id" text NOT NULL,
	"client_secret_hash" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"description" text NOT NULL,
	"description_en" text NOT NULL,
	"registered_categories" text[] NOT NULL,
	"redirect_uris" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "partners_client_id_unique" UNIQUE("client_id")
);
--> statement-breakpoint
CREATE TABLE "phone_verifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"phone_hash" text NOT NULL,
	"code_hash" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "search_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"query" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "sessions_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "sign_in_throttle" (
	"key_hash" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "social_insurance_cards" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"card_number_encrypted" text NOT NULL,
	"card_number_hash" text NOT NULL,
	"linked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "social_insurance_cards_card_number_hash_unique" UNIQUE("card_number_hash")
);
--> statement-breakpoint
ALTER TABLE "app_installations" ADD CONSTRAINT "app_installations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "app_installations" ADD CONSTRAINT "app_installations_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "balances" ADD CONSTRAINT "balances_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_notice_version_notice_versions_version_fk" FOREIGN KEY ("notice_version") REFERENCES "public"."notice_versions"("version") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "consent_events" ADD CONSTRAINT "consent_events_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contributions" ADD CONSTRAINT "contributions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_events" ADD CONSTRAINT "device_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installation_events" ADD CONSTRAINT "installation_events_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installation_events" ADD CONSTRAINT "installation_events_installation_id_app_installations_id_fk" FOREIGN KEY ("installation_id") REFERENCES "public"."app_installations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insurance_profiles" ADD CONSTRAINT "insurance_profiles_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_samples" ADD CONSTRAINT "location_samples_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "medical_records" ADD CONSTRAINT "medical_records_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_tokens" ADD CONSTRAINT "partner_tokens_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_tokens" ADD CONSTRAINT "partner_tokens_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "search_logs" ADD CONSTRAINT "search_logs_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_insurance_cards" ADD CONSTRAINT "social_insurance_cards_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_records_subject_seq_idx" ON "access_records" USING btree ("subject_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "app_installations_account_number_idx" ON "app_installations" USING btree ("account_id","installation_number");--> statement-breakpoint
CREATE INDEX "consent_events_account_idx" ON "consent_events" USING btree ("account_id","id");--> statement-breakpoint
CREATE INDEX "contributions_account_month_idx" ON "contributions" USING btree ("account_id","month");--> statement-breakpoint
CREATE INDEX "data_subject_requests_due_idx" ON "data_subject_requests" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "device_events_account_at_idx" ON "device_events" USING btree ("account_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_account_identifier_idx" ON "devices" USING btree ("account_id","device_identifier");--> statement-breakpoint
CREATE INDEX "installation_events_installation_idx" ON "installation_events" USING btree ("installation_id","at");--> statement-breakpoint
CREATE INDEX "location_samples_account_at_idx" ON "location_samples" USING btree ("account_id","at");--> statement-breakpoint
CREATE INDEX "medical_records_account_date_idx" ON "medical_records" USING btree ("account_id","date","id");--> statement-breakpoint
CREATE INDEX "outbox_recipient_idx" ON "outbox" USING btree ("recipient_hash","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "participations_account_type_idx" ON "participations" USING btree ("account_id","insurance_type");--> statement-breakpoint
CREATE INDEX "partner_tokens_account_idx" ON "partner_tokens" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "phone_verifications_phone_idx" ON "phone_verifications" USING btree ("phone_hash","created_at");--> statement-breakpoint
CREATE INDEX "search_logs_account_at_idx" ON "search_logs" USING btree ("account_id","at");--> statement-breakpoint
CREATE INDEX "sessions_account_idx" ON "sessions" USING btree ("account_id");