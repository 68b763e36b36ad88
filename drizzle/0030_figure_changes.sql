CREATE TABLE "figure_changes" (
	"table_name" text NOT NULL,
	"backend" integer NOT NULL,
	"change" bigint NOT NULL,
	CONSTRAINT "figure_changes_table_name_backend_pk" PRIMARY KEY("table_name","backend")
);
--> statement-breakpoint
CREATE SEQUENCE figure_change_seq;
--> statement-breakpoint
-- Notes that a table the dashboard's figures read has changed (src/server/reports/reports.table.ts).
-- The row is the writing connection's own, so no writer waits for another; it commits, or rolls
-- back, with the change.
CREATE OR REPLACE FUNCTION figure_change_noted(changed text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO figure_changes (table_name, backend, change)
  VALUES (changed, pg_backend_pid(), nextval('figure_change_seq'))
  ON CONFLICT (table_name, backend) DO UPDATE SET change = excluded.change;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION figure_change_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM figure_change_noted(TG_TABLE_NAME);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- A participant's record is edited often (a phone number, a name, custody) and every figure
-- query reads participants, so an update is noted only if it changed a column the figures read
-- (PARTICIPANT_FIGURE_COLUMNS in src/server/reports/figure-queries.ts).
CREATE OR REPLACE FUNCTION figure_change_note_participants() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM old_participants o FULL JOIN new_participants n ON n.id = o.id
    WHERE o.id IS NULL OR n.id IS NULL
      OR (o.site_id, o.race, o.ethnicity, o.gender, o.date_of_birth, o.release_date, o.referral_source)
        IS DISTINCT FROM (n.site_id, n.race, n.ethnicity, n.gender, n.date_of_birth, n.release_date, n.referral_source)
  ) THEN
    PERFORM figure_change_noted('participants');
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Every table a figure query reads (src/server/reports/figure-queries.ts; reports.inputs.test.ts
-- checks the two lists against each other), but contact_months: its triggers on contacts keep it,
-- and a change of it is noted through contacts (or sites, whose time zone recounts it).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'study_assignments', 'studies', 'sites',
    'contacts',
    'enrollments', 'enrollment_interviews',
    'referrals',
    'moud_episodes', 'critical_events',
    'naloxone_distributions', 'naloxone_reversals', 'naloxone_lots', 'naloxone_movements'
  ] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION figure_change_note()',
      t || '_figure_change', t);
  END LOOP;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER participants_figure_change AFTER INSERT OR DELETE OR TRUNCATE ON participants
  FOR EACH STATEMENT EXECUTE FUNCTION figure_change_note();
--> statement-breakpoint
CREATE TRIGGER participants_figure_change_update AFTER UPDATE ON participants
  REFERENCING OLD TABLE AS old_participants NEW TABLE AS new_participants
  FOR EACH STATEMENT EXECUTE FUNCTION figure_change_note_participants();
