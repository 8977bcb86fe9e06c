CREATE TYPE "public"."job_state" AS ENUM('QUEUED', 'RUNNING', 'DONE', 'FAILED');--> statement-breakpoint
ALTER TYPE "public"."data_subject_request_kind" ADD VALUE 'TRANSFER';--> statement-breakpoint
ALTER TYPE "public"."data_subject_request_kind" ADD VALUE 'RESTRICTION';--> statement-breakpoint
ALTER TYPE "public"."data_subject_request_kind" ADD VALUE 'CLOSURE';--> statement-breakpoint
ALTER TYPE "public"."principal_type" ADD VALUE 'AUTHORITY';--> statement-breakpoint
CREATE TABLE "breach_recipients" (
	"notice_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"notified_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "breach_recipients_account_id_notice_id_pk" PRIMARY KEY("account_id","notice_id")
);
--> statement-breakpoint
CREATE TABLE "data_exports" (
	"request_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"format" text NOT NULL,
	"content_encrypted" text NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "data_exports_account_id_request_id_pk" PRIMARY KEY("account_id","request_id")
);
--> statement-breakpoint
CREATE TABLE "disclosures" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"authority" text NOT NULL,
	"legal_basis" text NOT NULL,
	"categories" text[] NOT NULL,
	"disclosed_at" timestamp with time zone NOT NULL,
	"deferral_basis" text,
	"deferred_until" timestamp with time zone,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone,
	CONSTRAINT "disclosures_account_id_id_pk" PRIMARY KEY("account_id","id")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"state" "job_state" DEFAULT 'QUEUED' NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"cursor" jsonb,
	"progress" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "jobs_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "support_grants" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"reference_hash" text NOT NULL,
	"categories" text[] NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "support_grants_account_id_id_pk" PRIMARY KEY("account_id","id"),
	CONSTRAINT "support_grants_reference_hash_unique" UNIQUE("reference_hash")
);
--> statement-breakpoint
ALTER TABLE "breach_notices" ADD COLUMN "cause" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "breach_notices" ADD COLUMN "possible_harm" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "breach_notices" ADD COLUMN "remedies" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "breach_notices" ADD COLUMN "what_you_can_do" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "breach_notices" ADD COLUMN "contact" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "breach_notices" ADD COLUMN "window_from" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "breach_notices" ADD COLUMN "window_to" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "breach_notices" ADD COLUMN "recorded_by" uuid;--> statement-breakpoint
ALTER TABLE "data_subject_requests" ADD COLUMN "details" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "data_subject_requests" ADD COLUMN "answer" text;--> statement-breakpoint
ALTER TABLE "data_subject_requests" ADD COLUMN "answered_by" uuid;--> statement-breakpoint
ALTER TABLE "breach_recipients" ADD CONSTRAINT "breach_recipients_notice_id_breach_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."breach_notices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "breach_recipients" ADD CONSTRAINT "breach_recipients_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_exports" ADD CONSTRAINT "data_exports_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_exports" ADD CONSTRAINT "data_exports_account_id_request_id_data_subject_requests_account_id_id_fk" FOREIGN KEY ("account_id","request_id") REFERENCES "public"."data_subject_requests"("account_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_grants" ADD CONSTRAINT "support_grants_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disclosures_release_idx" ON "disclosures" USING btree ("released_at","deferred_until");--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("state","run_at");--> statement-breakpoint
CREATE INDEX "data_subject_requests_account_idx" ON "data_subject_requests" USING btree ("account_id","received_at");