CREATE TABLE "contact_months" (
	"site_id" uuid NOT NULL,
	"month" date NOT NULL,
	"participant_id" uuid NOT NULL,
	"reached" integer NOT NULL,
	"attempts" integer NOT NULL,
	CONSTRAINT "contact_months_site_id_month_participant_id_pk" PRIMARY KEY("site_id","month","participant_id")
);
--> statement-breakpoint
-- Each site's contacts per calendar month (in the site's time zone) and participant, for the
-- reports: the dashboard reads a year of a state's contacts as ~150,000 of these rows instead of
-- ~850,000 contacts. Kept here, never by the application: every insert statement on contacts adds
-- its counts (contacts are append-only, so nothing is ever taken away), and a change of a site's
-- time zone counts that site's months again.
CREATE OR REPLACE FUNCTION contact_months_of_site(site uuid) RETURNS void LANGUAGE sql AS $$
  DELETE FROM contact_months WHERE site_id = site;
  INSERT INTO contact_months (site_id, month, participant_id, reached, attempts)
  SELECT c.site_id, date_trunc('month', c.occurred_at AT TIME ZONE s.time_zone)::date, c.participant_id,
    count(*) FILTER (WHERE c.reached), count(*) FILTER (WHERE NOT c.reached)
  FROM contacts c JOIN sites s ON s.id = c.site_id
  WHERE c.site_id = site
  GROUP BY 1, 2, 3;
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION contact_months_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_months AS cm (site_id, month, participant_id, reached, attempts)
  SELECT a.site_id, date_trunc('month', a.occurred_at AT TIME ZONE s.time_zone)::date, a.participant_id,
    count(*) FILTER (WHERE a.reached), count(*) FILTER (WHERE NOT a.reached)
  FROM added_contacts a JOIN sites s ON s.id = a.site_id
  GROUP BY 1, 2, 3
  -- One order for every writer: two statements adding to the same months lock their rows alike.
  ORDER BY 1, 2, 3
  ON CONFLICT (site_id, month, participant_id)
    DO UPDATE SET reached = cm.reached + excluded.reached, attempts = cm.attempts + excluded.attempts;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER contacts_count_months AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS added_contacts
  FOR EACH STATEMENT EXECUTE FUNCTION contact_months_add();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION contact_months_zone_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Contacts being logged now may have been counted in the old zone's months: wait for them to
  -- commit, and hold new ones until this change commits (they then read the new zone), so the
  -- recount misses none. A change of zone is rare; logging a contact takes no lock on its site.
  LOCK TABLE contacts IN SHARE MODE;
  PERFORM contact_months_of_site(NEW.id);
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sites_time_zone_contact_months AFTER UPDATE OF time_zone ON sites
  FOR EACH ROW WHEN (OLD.time_zone IS DISTINCT FROM NEW.time_zone)
  EXECUTE FUNCTION contact_months_zone_changed();
--> statement-breakpoint
INSERT INTO contact_months (site_id, month, participant_id, reached, attempts)
SELECT c.site_id, date_trunc('month', c.occurred_at AT TIME ZONE s.time_zone)::date, c.participant_id,
  count(*) FILTER (WHERE c.reached), count(*) FILTER (WHERE NOT c.reached)
FROM contacts c JOIN sites s ON s.id = c.site_id
GROUP BY 1, 2, 3;
