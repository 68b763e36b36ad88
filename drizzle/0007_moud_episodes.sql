CREATE TABLE "moud_episodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"medication" text NOT NULL,
	"provider_name" text NOT NULL,
	"provider_resource_id" uuid,
	"referral_id" uuid,
	"started_on" date NOT NULL,
	"ended_on" date,
	"end_reason" text,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	CONSTRAINT "moud_episodes_end_after_start" CHECK ("moud_episodes"."ended_on" is null or "moud_episodes"."ended_on" >= "moud_episodes"."started_on"),
	CONSTRAINT "moud_episodes_end_complete" CHECK (("moud_episodes"."ended_on" is null) = ("moud_episodes"."end_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "moud_episodes" ADD CONSTRAINT "moud_episodes_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moud_episodes" ADD CONSTRAINT "moud_episodes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moud_episodes" ADD CONSTRAINT "moud_episodes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "moud_episodes" ADD CONSTRAINT "moud_episodes_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "moud_episodes_participant_idx" ON "moud_episodes" USING btree ("participant_id","started_on");