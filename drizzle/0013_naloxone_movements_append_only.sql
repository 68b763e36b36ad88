-- Naloxone stock is the sum of its movements: a movement, the lot it counts against and
-- the distribution it records are never changed or removed. A mistake is corrected by
-- a count and an adjustment (with its reason), so every kit stays accounted for.
CREATE OR REPLACE FUNCTION naloxone_records_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER naloxone_movements_no_update_delete BEFORE UPDATE OR DELETE ON naloxone_movements
  FOR EACH ROW EXECUTE FUNCTION naloxone_records_reject_change();
--> statement-breakpoint
CREATE TRIGGER naloxone_movements_no_truncate BEFORE TRUNCATE ON naloxone_movements
  FOR EACH STATEMENT EXECUTE FUNCTION naloxone_records_reject_change();
--> statement-breakpoint
CREATE TRIGGER naloxone_lots_no_update_delete BEFORE UPDATE OR DELETE ON naloxone_lots
  FOR EACH ROW EXECUTE FUNCTION naloxone_records_reject_change();
--> statement-breakpoint
CREATE TRIGGER naloxone_distributions_no_update_delete BEFORE UPDATE OR DELETE ON naloxone_distributions
  FOR EACH ROW EXECUTE FUNCTION naloxone_records_reject_change();
