CREATE TABLE "participant_last_reached" (
	"participant_id" uuid PRIMARY KEY NOT NULL,
	"reached_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Each participant's latest successful contact, for the worklist. Kept here, never by the
-- application: every insert statement on contacts moves it forward (contacts are append-only,
-- so it never moves back).
CREATE OR REPLACE FUNCTION participant_last_reached_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO participant_last_reached AS l (participant_id, reached_at)
  SELECT a.participant_id, max(a.occurred_at)
  FROM added_contacts a
  WHERE a.reached
  GROUP BY 1
  -- One order for every writer: two statements for the same people lock their rows alike.
  ORDER BY 1
  ON CONFLICT (participant_id)
    DO UPDATE SET reached_at = excluded.reached_at WHERE excluded.reached_at > l.reached_at;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER contacts_last_reached AFTER INSERT ON contacts
  REFERENCING NEW TABLE AS added_contacts
  FOR EACH STATEMENT EXECUTE FUNCTION participant_last_reached_add();
--> statement-breakpoint
INSERT INTO participant_last_reached (participant_id, reached_at)
SELECT participant_id, max(occurred_at) FROM contacts WHERE reached GROUP BY 1;
