CREATE TABLE "enrollment_interviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"conducted_on" date NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "enrollment_phases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"phase" text NOT NULL,
	"started_on" date NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid
);
--> statement-breakpoint
CREATE TABLE "enrollments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"enrolled_on" date NOT NULL,
	"referral_source" text NOT NULL,
	"coach_id" uuid,
	"case_manager_id" uuid,
	"phase" text NOT NULL,
	"phase_started_on" date NOT NULL,
	"discharged_on" date,
	"discharge_reason" text,
	"discharge_note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	CONSTRAINT "enrollments_discharge_after_enrollment" CHECK ("enrollments"."discharged_on" is null or "enrollments"."discharged_on" >= "enrollments"."enrolled_on"),
	CONSTRAINT "enrollments_discharge_complete" CHECK (("enrollments"."discharged_on" is null) = ("enrollments"."discharge_reason" is null))
);
--> statement-breakpoint
ALTER TABLE "enrollment_interviews" ADD CONSTRAINT "enrollment_interviews_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_interviews" ADD CONSTRAINT "enrollment_interviews_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_phases" ADD CONSTRAINT "enrollment_phases_enrollment_id_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_phases" ADD CONSTRAINT "enrollment_phases_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_coach_id_users_id_fk" FOREIGN KEY ("coach_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_case_manager_id_users_id_fk" FOREIGN KEY ("case_manager_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollments" ADD CONSTRAINT "enrollments_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_interviews_once_per_kind" ON "enrollment_interviews" USING btree ("enrollment_id","kind");--> statement-breakpoint
CREATE INDEX "enrollment_phases_enrollment_idx" ON "enrollment_phases" USING btree ("enrollment_id","started_on");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollments_one_open_per_participant" ON "enrollments" USING btree ("participant_id") WHERE "enrollments"."discharged_on" is null;--> statement-breakpoint
CREATE INDEX "enrollments_participant_idx" ON "enrollments" USING btree ("participant_id","enrolled_on");--> statement-breakpoint
CREATE INDEX "enrollments_coach_open_idx" ON "enrollments" USING btree ("coach_id") WHERE "enrollments"."discharged_on" is null;