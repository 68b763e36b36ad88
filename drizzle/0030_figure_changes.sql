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
CREATE OR REPLACE FUNCTION figure_change_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO figure_changes (table_name, backend, change)
  VALUES (TG_TABLE_NAME, pg_backend_pid(), nextval('figure_change_seq'))
  ON CONFLICT (table_name, backend) DO UPDATE SET change = excluded.change;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Every table a figure query reads (src/server/reports/figure-queries.ts; reports.inputs.test.ts
-- checks the two lists against each other).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'participants', 'study_assignments', 'studies', 'sites',
    'contacts', 'contact_months',
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
