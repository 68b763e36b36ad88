CREATE TABLE "recovery_plan_steps" (
	"participant_id" uuid NOT NULL,
	"step_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"goal_status" text NOT NULL,
	"what" text NOT NULL,
	"owner" text NOT NULL,
	"due_date" date,
	"status" text NOT NULL,
	CONSTRAINT "recovery_plan_steps_participant_id_step_id_pk" PRIMARY KEY("participant_id","step_id")
);
--> statement-breakpoint
CREATE TABLE "recovery_plan_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"content" jsonb NOT NULL,
	"changes" jsonb NOT NULL,
	"saved_at" timestamp with time zone NOT NULL,
	"saved_by" uuid,
	CONSTRAINT "recovery_plan_versions_participant_number_key" UNIQUE("participant_id","number")
);
--> statement-breakpoint
CREATE TABLE "recovery_plans" (
	"participant_id" uuid PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "recovery_plan_steps" ADD CONSTRAINT "recovery_plan_steps_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_plan_versions" ADD CONSTRAINT "recovery_plan_versions_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_plan_versions" ADD CONSTRAINT "recovery_plan_versions_saved_by_users_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_plans" ADD CONSTRAINT "recovery_plans_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recovery_plans" ADD CONSTRAINT "recovery_plans_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "recovery_plan_steps_open_due_idx" ON "recovery_plan_steps" USING btree ("participant_id","due_date") WHERE "recovery_plan_steps"."status" IN ('not_started', 'in_progress') AND "recovery_plan_steps"."goal_status" = 'active' AND "recovery_plan_steps"."due_date" IS NOT NULL;