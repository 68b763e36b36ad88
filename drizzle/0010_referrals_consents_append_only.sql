-- Part 2 consents, their revocations, the accounting of disclosures and the steps of a
-- referral are records of what was agreed and what was done: never changed or removed.
-- (A referral's current status lives in `referrals`, which transitions update under
-- optimistic concurrency; each step is an append-only row here.)
CREATE OR REPLACE FUNCTION part2_records_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER consents_no_update_delete BEFORE UPDATE OR DELETE ON consents
  FOR EACH ROW EXECUTE FUNCTION part2_records_reject_change();
--> statement-breakpoint
CREATE TRIGGER consents_no_truncate BEFORE TRUNCATE ON consents
  FOR EACH STATEMENT EXECUTE FUNCTION part2_records_reject_change();
--> statement-breakpoint
CREATE TRIGGER consent_revocations_no_update_delete BEFORE UPDATE OR DELETE ON consent_revocations
  FOR EACH ROW EXECUTE FUNCTION part2_records_reject_change();
--> statement-breakpoint
CREATE TRIGGER consent_revocations_no_truncate BEFORE TRUNCATE ON consent_revocations
  FOR EACH STATEMENT EXECUTE FUNCTION part2_records_reject_change();
--> statement-breakpoint
CREATE TRIGGER disclosures_no_update_delete BEFORE UPDATE OR DELETE ON disclosures
  FOR EACH ROW EXECUTE FUNCTION part2_records_reject_change();
--> statement-breakpoint
CREATE TRIGGER disclosures_no_truncate BEFORE TRUNCATE ON disclosures
  FOR EACH STATEMENT EXECUTE FUNCTION part2_records_reject_change();
--> statement-breakpoint
CREATE TRIGGER referral_events_no_update_delete BEFORE UPDATE OR DELETE ON referral_events
  FOR EACH ROW EXECUTE FUNCTION part2_records_reject_change();
--> statement-breakpoint
CREATE TRIGGER referral_events_no_truncate BEFORE TRUNCATE ON referral_events
  FOR EACH STATEMENT EXECUTE FUNCTION part2_records_reject_change();
