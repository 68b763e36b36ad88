-- A saved version of a recovery plan is never changed or removed: a change is a new version.
CREATE OR REPLACE FUNCTION recovery_plan_versions_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'recovery_plan_versions is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER recovery_plan_versions_no_update_delete BEFORE UPDATE OR DELETE ON recovery_plan_versions
  FOR EACH ROW EXECUTE FUNCTION recovery_plan_versions_reject_change();
--> statement-breakpoint
CREATE TRIGGER recovery_plan_versions_no_truncate BEFORE TRUNCATE ON recovery_plan_versions
  FOR EACH STATEMENT EXECUTE FUNCTION recovery_plan_versions_reject_change();
