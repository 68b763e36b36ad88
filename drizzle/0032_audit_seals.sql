-- The hash chain moves out of audit_events into audit_seals (decision 0031): sealing
-- inserts a narrow row instead of rewriting each audit row once (a new version of a
-- wide row and of its four indexes, then vacuum's work).
-- Writers wait while the seals move, so no audit row commits below the frontier set here.
LOCK TABLE "audit_events" IN EXCLUSIVE MODE;--> statement-breakpoint
CREATE TABLE "audit_seal_frontier" (
	"one" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"sealed_through" bigint NOT NULL,
	"pending_through" bigint,
	"pending_at" timestamp with time zone,
	CONSTRAINT "audit_seal_frontier_one" CHECK ("audit_seal_frontier"."one")
);
--> statement-breakpoint
CREATE TABLE "audit_seals" (
	"chain_seq" bigint PRIMARY KEY NOT NULL,
	"audit_id" bigint NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
INSERT INTO "audit_seals" ("chain_seq", "audit_id", "prev_hash", "hash")
  SELECT "chain_seq", "id", "prev_hash", "hash" FROM "audit_events" WHERE "chain_seq" IS NOT NULL;--> statement-breakpoint
-- Below the first unsealed row, every row is sealed; with none unsealed, every row.
INSERT INTO "audit_seal_frontier" ("sealed_through")
  SELECT coalesce((SELECT min("id") - 1 FROM "audit_events" WHERE "chain_seq" IS NULL), (SELECT max("id") FROM "audit_events"), 0);--> statement-breakpoint
CREATE UNIQUE INDEX "audit_seals_audit_id_idx" ON "audit_seals" USING btree ("audit_id");--> statement-breakpoint
DROP INDEX "audit_events_chain_seq_idx";--> statement-breakpoint
DROP INDEX "audit_events_unsealed_idx";--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "chain_seq";--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "prev_hash";--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "hash";--> statement-breakpoint
-- Append-only again without exception, for the trail and its seals alike.
CREATE OR REPLACE FUNCTION audit_events_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;--> statement-breakpoint
CREATE TRIGGER audit_seals_no_update_delete BEFORE UPDATE OR DELETE ON "audit_seals"
  FOR EACH ROW EXECUTE FUNCTION audit_events_reject_change();--> statement-breakpoint
CREATE TRIGGER audit_seals_no_truncate BEFORE TRUNCATE ON "audit_seals"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_reject_change();
