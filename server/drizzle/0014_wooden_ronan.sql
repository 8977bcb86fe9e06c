CREATE TYPE "public"."agreement_document" AS ENUM('USER_AGREEMENT', 'PRIVACY_NOTICE');--> statement-breakpoint
CREATE TYPE "public"."sms_code_purpose" AS ENUM('REGISTRATION', 'SIGN_IN', 'PASSWORD_RESET');--> statement-breakpoint
CREATE TABLE "account_agreements" (
	"account_id" uuid NOT NULL,
	"document" "agreement_document" NOT NULL,
	"version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"agreed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_agreements_account_id_document_version_pk" PRIMARY KEY("account_id","document","version")
);
--> statement-breakpoint
ALTER TABLE "phone_verifications" ADD COLUMN "purpose" "sms_code_purpose" DEFAULT 'REGISTRATION' NOT NULL;--> statement-breakpoint
ALTER TABLE "account_agreements" ADD CONSTRAINT "account_agreements_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;