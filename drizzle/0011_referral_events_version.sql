DROP INDEX "referral_events_referral_idx";--> statement-breakpoint
ALTER TABLE "referral_events" ADD COLUMN "version" integer NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "referral_events_referral_version_idx" ON "referral_events" USING btree ("referral_id","version");