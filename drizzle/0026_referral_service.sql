ALTER TABLE "referrals" ADD COLUMN "service_id" uuid;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "service_name" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "location_id" uuid;--> statement-breakpoint
ALTER TABLE "referrals" ADD COLUMN "location_name" text;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_service_id_resource_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."resource_services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_location_id_resource_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."resource_locations"("id") ON DELETE set null ON UPDATE no action;