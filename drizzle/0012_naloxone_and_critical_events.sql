CREATE TABLE "naloxone_distributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"recipient_type" text NOT NULL,
	"participant_id" uuid,
	"relationship" text,
	"recipient_name" text,
	"community_recipient" text,
	"people_count" integer,
	"zip" text,
	"product" text NOT NULL,
	"kits" integer NOT NULL,
	"distributed_on" date NOT NULL,
	"training_given" boolean NOT NULL,
	"trained_by" uuid,
	"location" text,
	"event_name" text,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	CONSTRAINT "naloxone_distributions_kits_positive" CHECK ("naloxone_distributions"."kits" > 0),
	CONSTRAINT "naloxone_distributions_recipient" CHECK (("naloxone_distributions"."recipient_type" = 'community') = ("naloxone_distributions"."participant_id" is null) and ("naloxone_distributions"."recipient_type" = 'support_person') = ("naloxone_distributions"."relationship" is not null))
);
--> statement-breakpoint
CREATE TABLE "naloxone_lots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"product" text NOT NULL,
	"lot_number" text NOT NULL,
	"expires_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "naloxone_lots_site_product_lot" UNIQUE("site_id","product","lot_number")
);
--> statement-breakpoint
CREATE TABLE "naloxone_movements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"lot_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"kits" integer NOT NULL,
	"occurred_on" date NOT NULL,
	"source" text,
	"counterpart_site_id" uuid,
	"transfer_id" uuid,
	"distribution_id" uuid,
	"reason" text,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	CONSTRAINT "naloxone_movements_kits_nonzero" CHECK ("naloxone_movements"."kits" <> 0),
	CONSTRAINT "naloxone_movements_sign" CHECK (case "naloxone_movements"."kind" when 'received' then "naloxone_movements"."kits" > 0 when 'transfer_in' then "naloxone_movements"."kits" > 0 when 'adjustment' then true else "naloxone_movements"."kits" < 0 end),
	CONSTRAINT "naloxone_movements_received_source" CHECK ("naloxone_movements"."kind" <> 'received' or "naloxone_movements"."source" is not null),
	CONSTRAINT "naloxone_movements_transfer" CHECK (("naloxone_movements"."kind" in ('transfer_in', 'transfer_out')) = ("naloxone_movements"."transfer_id" is not null and "naloxone_movements"."counterpart_site_id" is not null)),
	CONSTRAINT "naloxone_movements_distribution" CHECK (("naloxone_movements"."kind" = 'distributed') = ("naloxone_movements"."distribution_id" is not null)),
	CONSTRAINT "naloxone_movements_adjustment_reason" CHECK ("naloxone_movements"."kind" <> 'adjustment' or "naloxone_movements"."reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "naloxone_refills" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"distribution_id" uuid,
	"participant_id" uuid,
	"reversal_id" uuid,
	"requested_on" date NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "naloxone_reversals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"site_id" uuid NOT NULL,
	"distribution_id" uuid,
	"participant_id" uuid,
	"occurred_on" date NOT NULL,
	"zip" text,
	"administered_by" text NOT NULL,
	"doses_used" integer NOT NULL,
	"survived" text NOT NULL,
	"ems_called" boolean,
	"rescue_breathing" boolean,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	CONSTRAINT "naloxone_reversals_doses" CHECK ("naloxone_reversals"."doses_used" > 0)
);
--> statement-breakpoint
CREATE TABLE "critical_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"participant_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"occurred_on" date NOT NULL,
	"source" text NOT NULL,
	"cause" text,
	"notes" text,
	"days_since_release" integer,
	"closed_enrollment_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
ALTER TABLE "naloxone_distributions" ADD CONSTRAINT "naloxone_distributions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_distributions" ADD CONSTRAINT "naloxone_distributions_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_distributions" ADD CONSTRAINT "naloxone_distributions_trained_by_users_id_fk" FOREIGN KEY ("trained_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_distributions" ADD CONSTRAINT "naloxone_distributions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_lots" ADD CONSTRAINT "naloxone_lots_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_movements" ADD CONSTRAINT "naloxone_movements_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_movements" ADD CONSTRAINT "naloxone_movements_lot_id_naloxone_lots_id_fk" FOREIGN KEY ("lot_id") REFERENCES "public"."naloxone_lots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_movements" ADD CONSTRAINT "naloxone_movements_counterpart_site_id_sites_id_fk" FOREIGN KEY ("counterpart_site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_movements" ADD CONSTRAINT "naloxone_movements_distribution_id_naloxone_distributions_id_fk" FOREIGN KEY ("distribution_id") REFERENCES "public"."naloxone_distributions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_movements" ADD CONSTRAINT "naloxone_movements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_refills" ADD CONSTRAINT "naloxone_refills_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_refills" ADD CONSTRAINT "naloxone_refills_distribution_id_naloxone_distributions_id_fk" FOREIGN KEY ("distribution_id") REFERENCES "public"."naloxone_distributions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_refills" ADD CONSTRAINT "naloxone_refills_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_refills" ADD CONSTRAINT "naloxone_refills_reversal_id_naloxone_reversals_id_fk" FOREIGN KEY ("reversal_id") REFERENCES "public"."naloxone_reversals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_refills" ADD CONSTRAINT "naloxone_refills_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_reversals" ADD CONSTRAINT "naloxone_reversals_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_reversals" ADD CONSTRAINT "naloxone_reversals_distribution_id_naloxone_distributions_id_fk" FOREIGN KEY ("distribution_id") REFERENCES "public"."naloxone_distributions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_reversals" ADD CONSTRAINT "naloxone_reversals_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "naloxone_reversals" ADD CONSTRAINT "naloxone_reversals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "critical_events" ADD CONSTRAINT "critical_events_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "critical_events" ADD CONSTRAINT "critical_events_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "critical_events" ADD CONSTRAINT "critical_events_closed_enrollment_id_enrollments_id_fk" FOREIGN KEY ("closed_enrollment_id") REFERENCES "public"."enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "critical_events" ADD CONSTRAINT "critical_events_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "naloxone_distributions_site_idx" ON "naloxone_distributions" USING btree ("site_id","distributed_on");--> statement-breakpoint
CREATE INDEX "naloxone_distributions_participant_idx" ON "naloxone_distributions" USING btree ("participant_id","distributed_on");--> statement-breakpoint
CREATE INDEX "naloxone_lots_site_idx" ON "naloxone_lots" USING btree ("site_id","expires_on");--> statement-breakpoint
CREATE INDEX "naloxone_movements_lot_idx" ON "naloxone_movements" USING btree ("lot_id");--> statement-breakpoint
CREATE INDEX "naloxone_movements_site_idx" ON "naloxone_movements" USING btree ("site_id","created_at");--> statement-breakpoint
CREATE INDEX "naloxone_refills_site_idx" ON "naloxone_refills" USING btree ("site_id","requested_on");--> statement-breakpoint
CREATE INDEX "naloxone_refills_participant_idx" ON "naloxone_refills" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "naloxone_reversals_site_idx" ON "naloxone_reversals" USING btree ("site_id","occurred_on");--> statement-breakpoint
CREATE INDEX "naloxone_reversals_participant_idx" ON "naloxone_reversals" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "critical_events_participant_idx" ON "critical_events" USING btree ("participant_id","occurred_on");--> statement-breakpoint
CREATE INDEX "critical_events_site_idx" ON "critical_events" USING btree ("site_id","occurred_on");