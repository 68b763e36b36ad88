-- A randomization is never changed afterwards: study_assignments is append-only.
CREATE OR REPLACE FUNCTION study_assignments_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER study_assignments_no_update_delete BEFORE UPDATE OR DELETE ON study_assignments
  FOR EACH ROW EXECUTE FUNCTION study_assignments_reject_change();
--> statement-breakpoint
CREATE TRIGGER study_assignments_no_truncate BEFORE TRUNCATE ON study_assignments
  FOR EACH STATEMENT EXECUTE FUNCTION study_assignments_reject_change();
--> statement-breakpoint
-- The program's secret for pseudonymous ids and date offsets in the analysis export:
-- 244 random bits from two version-4 UUIDs (gen_random_uuid uses the server's strong
-- random source and needs no extension). Created once; never exported.
INSERT INTO analysis_secret (id, secret)
  VALUES (1, replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''))
  ON CONFLICT (id) DO NOTHING;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION analysis_secret_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the analysis secret is never changed (% refused): pseudonyms would stop matching earlier exports', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER analysis_secret_no_update_delete BEFORE UPDATE OR DELETE ON analysis_secret
  FOR EACH ROW EXECUTE FUNCTION analysis_secret_reject_change();
