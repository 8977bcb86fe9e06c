CREATE TABLE "key_rotation_progress" (
	"target_kid" text NOT NULL,
	"column_name" text NOT NULL,
	"after_key" text,
	"pass" integer DEFAULT 1 NOT NULL,
	"rewritten" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "key_rotation_progress_target_kid_column_name_pk" PRIMARY KEY("target_kid","column_name")
);
