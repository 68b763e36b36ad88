CREATE TABLE "supervision_attendees" (
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "supervision_attendees_session_id_user_id_pk" PRIMARY KEY("session_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "supervision_coding_themes" (
	"coding_id" uuid NOT NULL,
	"theme_id" uuid NOT NULL,
	CONSTRAINT "supervision_coding_themes_coding_id_theme_id_pk" PRIMARY KEY("coding_id","theme_id")
);
--> statement-breakpoint
CREATE TABLE "supervision_codings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"coder_id" uuid NOT NULL,
	"final" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"description" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"done" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_participants" (
	"session_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	CONSTRAINT "supervision_participants_session_id_participant_id_pk" PRIMARY KEY("session_id","participant_id")
);
--> statement-breakpoint
CREATE TABLE "supervision_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"held_on" date NOT NULL,
	"duration_minutes" integer NOT NULL,
	"supervisor_id" uuid NOT NULL,
	"notes" text,
	"site_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supervision_themes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"definition" text NOT NULL,
	"examples" text,
	"parent_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "supervision_themes_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "supervision_attendees" ADD CONSTRAINT "supervision_attendees_session_id_supervision_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."supervision_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_attendees" ADD CONSTRAINT "supervision_attendees_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_coding_themes" ADD CONSTRAINT "supervision_coding_themes_coding_id_supervision_codings_id_fk" FOREIGN KEY ("coding_id") REFERENCES "public"."supervision_codings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_coding_themes" ADD CONSTRAINT "supervision_coding_themes_theme_id_supervision_themes_id_fk" FOREIGN KEY ("theme_id") REFERENCES "public"."supervision_themes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_codings" ADD CONSTRAINT "supervision_codings_session_id_supervision_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."supervision_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_codings" ADD CONSTRAINT "supervision_codings_coder_id_users_id_fk" FOREIGN KEY ("coder_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_follow_ups" ADD CONSTRAINT "supervision_follow_ups_session_id_supervision_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."supervision_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_follow_ups" ADD CONSTRAINT "supervision_follow_ups_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_participants" ADD CONSTRAINT "supervision_participants_session_id_supervision_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."supervision_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_participants" ADD CONSTRAINT "supervision_participants_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_sessions" ADD CONSTRAINT "supervision_sessions_supervisor_id_users_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_sessions" ADD CONSTRAINT "supervision_sessions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervision_themes" ADD CONSTRAINT "supervision_themes_parent_id_supervision_themes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."supervision_themes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "supervision_attendees_user_idx" ON "supervision_attendees" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "supervision_coding_themes_theme_idx" ON "supervision_coding_themes" USING btree ("theme_id");--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_codings_coder_unique" ON "supervision_codings" USING btree ("session_id","coder_id") WHERE NOT "final";--> statement-breakpoint
CREATE UNIQUE INDEX "supervision_codings_final_unique" ON "supervision_codings" USING btree ("session_id") WHERE "final";--> statement-breakpoint
CREATE INDEX "supervision_follow_ups_session_idx" ON "supervision_follow_ups" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "supervision_follow_ups_owner_idx" ON "supervision_follow_ups" USING btree ("owner_id","done");--> statement-breakpoint
CREATE INDEX "supervision_participants_participant_idx" ON "supervision_participants" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "supervision_sessions_held_on_idx" ON "supervision_sessions" USING btree ("held_on");--> statement-breakpoint
CREATE INDEX "supervision_sessions_site_ids_idx" ON "supervision_sessions" USING gin ("site_ids");