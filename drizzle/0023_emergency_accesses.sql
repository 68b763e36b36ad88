CREATE TABLE "emergency_accesses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"review_note" text,
	CONSTRAINT "emergency_accesses_expiry_after_opening" CHECK ("emergency_accesses"."expires_at" > "emergency_accesses"."opened_at"),
	CONSTRAINT "emergency_accesses_review_complete" CHECK (("emergency_accesses"."reviewed_at" IS NULL) = ("emergency_accesses"."reviewed_by" IS NULL))
);
--> statement-breakpoint
ALTER TABLE "emergency_accesses" ADD CONSTRAINT "emergency_accesses_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_accesses" ADD CONSTRAINT "emergency_accesses_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_accesses" ADD CONSTRAINT "emergency_accesses_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emergency_accesses" ADD CONSTRAINT "emergency_accesses_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "emergency_accesses_user_participant_idx" ON "emergency_accesses" USING btree ("user_id","participant_id","expires_at");--> statement-breakpoint
CREATE INDEX "emergency_accesses_unreviewed_idx" ON "emergency_accesses" USING btree ("opened_at") WHERE "emergency_accesses"."reviewed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "emergency_accesses_opened_idx" ON "emergency_accesses" USING btree ("opened_at");