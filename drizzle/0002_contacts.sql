CREATE TABLE "contact_addenda" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contact_id" uuid NOT NULL,
	"text" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "contact_staff" (
	"contact_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "contact_staff_contact_id_user_id_pk" PRIMARY KEY("contact_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer,
	"mode" text NOT NULL,
	"location_type" text NOT NULL,
	"reached" boolean NOT NULL,
	"attempt_outcome" text,
	"services" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	CONSTRAINT "contacts_duration_range" CHECK ("contacts"."duration_minutes" IS NULL OR "contacts"."duration_minutes" BETWEEN 0 AND 720),
	CONSTRAINT "contacts_outcome_when_unreached" CHECK (("contacts"."reached" AND "contacts"."attempt_outcome" IS NULL) OR (NOT "contacts"."reached" AND "contacts"."attempt_outcome" IS NOT NULL)),
	CONSTRAINT "contacts_services_when_reached" CHECK ("contacts"."reached" OR cardinality("contacts"."services") = 0)
);
--> statement-breakpoint
ALTER TABLE "contact_addenda" ADD CONSTRAINT "contact_addenda_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_addenda" ADD CONSTRAINT "contact_addenda_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_staff" ADD CONSTRAINT "contact_staff_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_staff" ADD CONSTRAINT "contact_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_addenda_contact_idx" ON "contact_addenda" USING btree ("contact_id","created_at");--> statement-breakpoint
CREATE INDEX "contact_staff_user_idx" ON "contact_staff" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "contacts_participant_occurred_idx" ON "contacts" USING btree ("participant_id","occurred_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "contacts_participant_reached_idx" ON "contacts" USING btree ("participant_id","occurred_at" DESC NULLS LAST) WHERE "contacts"."reached";--> statement-breakpoint
CREATE INDEX "contacts_site_occurred_idx" ON "contacts" USING btree ("site_id","occurred_at");--> statement-breakpoint
-- Contacts are a clinical record: never changed or removed. A note is corrected by an addendum.
CREATE OR REPLACE FUNCTION contacts_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused): correct a note with an addendum', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER contacts_no_update_delete BEFORE UPDATE OR DELETE ON contacts
  FOR EACH ROW EXECUTE FUNCTION contacts_reject_change();
--> statement-breakpoint
CREATE TRIGGER contacts_no_truncate BEFORE TRUNCATE ON contacts
  FOR EACH STATEMENT EXECUTE FUNCTION contacts_reject_change();
--> statement-breakpoint
CREATE TRIGGER contact_staff_no_update_delete BEFORE UPDATE OR DELETE ON contact_staff
  FOR EACH ROW EXECUTE FUNCTION contacts_reject_change();
--> statement-breakpoint
CREATE TRIGGER contact_addenda_no_update_delete BEFORE UPDATE OR DELETE ON contact_addenda
  FOR EACH ROW EXECUTE FUNCTION contacts_reject_change();
