ALTER TABLE "referrals" ADD COLUMN "reached_accepted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "reached_appointment" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "reached_attended" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "reached_completed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "referrals_site_sent_idx" ON "referrals" USING btree ("site_id","sent_at");--> statement-breakpoint
-- The funnel's stages of each referral, from its steps: set as steps are added (once per
-- insert statement, so a bulk load of steps costs one pass), never cleared (steps are
-- append-only). The reports read these instead of joining every step.
CREATE OR REPLACE FUNCTION referral_stages_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE referrals r SET
    reached_accepted = s.accepted, reached_appointment = s.appointment,
    reached_attended = s.attended, reached_completed = s.completed
  FROM (
    SELECT referral_id,
      bool_or(to_status = 'accepted') AS accepted,
      bool_or(to_status = 'appointment_scheduled') AS appointment,
      bool_or(to_status = 'attended') AS attended,
      bool_or(to_status = 'completed') AS completed
    FROM referral_events WHERE referral_id = ANY (ids) GROUP BY referral_id
  ) s
  WHERE r.id = s.referral_id
    AND (r.reached_accepted, r.reached_appointment, r.reached_attended, r.reached_completed)
      IS DISTINCT FROM (s.accepted, s.appointment, s.attended, s.completed);
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION referral_stages_from_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM referral_stages_refresh(ARRAY(SELECT DISTINCT referral_id FROM added_steps));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER referral_events_set_stages AFTER INSERT ON referral_events
  REFERENCING NEW TABLE AS added_steps
  FOR EACH STATEMENT EXECUTE FUNCTION referral_stages_from_events();
--> statement-breakpoint
SELECT referral_stages_refresh(ARRAY(SELECT id FROM referrals));
--> statement-breakpoint
-- Contacts in a period at some sites, with what the monthly counts and "people reached"
-- need, read from the index alone (no visit to the table's 2 million rows). Drizzle's
-- index builder has no INCLUDE: the schema declares the same index by name.
DROP INDEX IF EXISTS "contacts_site_occurred_idx";
--> statement-breakpoint
CREATE INDEX "contacts_site_occurred_idx" ON "contacts" USING btree ("site_id","occurred_at") INCLUDE ("participant_id", "reached");
