-- Each participant's race group, ethnicity and gender as one number for the dashboard's cells
-- (src/server/participants/report-key.ts), worked out once when the row is written instead of
-- by every figure query for every person.
ALTER TABLE "participants" ADD COLUMN "report_key" smallint GENERATED ALWAYS AS (((coalesce(case
      when cardinality(array_remove(race, 'declined')) > 1 then 6
      when cardinality(array_remove(race, 'declined')) = 1 then coalesce(array_position('{american_indian_or_alaska_native,asian,black_or_african_american,middle_eastern_or_north_african,native_hawaiian_or_other_pacific_islander,white}'::text[], (array_remove(race, 'declined'))[1]) - 1, 8)
      when 'declined' = any(race) then 7
    end, 8)) * 4 + coalesce(array_position('{hispanic_or_latino,not_hispanic_or_latino,declined}'::text[], ethnicity) - 1, 3)) * 8 + coalesce(array_position('{woman,man,transgender_woman,transgender_man,nonbinary,another_gender,declined}'::text[], gender) - 1, 7)) STORED NOT NULL;
--> statement-breakpoint
-- The reports' referrals sent in a period carry the columns of their funnels, so a year of a
-- state's referrals is read from this index alone (reports.repository.ts referralStages), not from
-- the wide table. drizzle's index builder has no INCLUDE: referrals.table.ts declares the keys only.
DROP INDEX "referrals_site_sent_idx";--> statement-breakpoint
CREATE INDEX "referrals_site_sent_idx" ON "referrals" USING btree ("site_id","sent_at")
  INCLUDE ("participant_id","need","resource_id","reached_accepted","reached_appointment","reached_attended","reached_completed");
