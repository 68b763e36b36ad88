CREATE TABLE "resource_locations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"hsds_id" text NOT NULL,
	"name" text,
	"address_1" text,
	"address_2" text,
	"city" text,
	"state" text,
	"postal_code" text,
	"latitude" double precision,
	"longitude" double precision,
	"time_zone" text NOT NULL,
	"phone" text,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"hours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hsds_extra" jsonb,
	CONSTRAINT "resource_locations_hsds_id_unique" UNIQUE("hsds_id")
);
--> statement-breakpoint
CREATE TABLE "resource_service_locations" (
	"service_id" uuid NOT NULL,
	"location_id" uuid NOT NULL,
	"hsds_id" text NOT NULL,
	"hsds_extra" jsonb,
	CONSTRAINT "resource_service_locations_service_id_location_id_pk" PRIMARY KEY("service_id","location_id"),
	CONSTRAINT "resource_service_locations_hsds_id_unique" UNIQUE("hsds_id")
);
--> statement-breakpoint
CREATE TABLE "resource_services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"resource_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"hsds_id" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"medications" text[] DEFAULT '{}'::text[] NOT NULL,
	"insurance" text[] DEFAULT '{}'::text[] NOT NULL,
	"walk_in" boolean DEFAULT false NOT NULL,
	"accepting_new_clients" boolean DEFAULT true NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"hsds_extra" jsonb,
	CONSTRAINT "resource_services_hsds_id_unique" UNIQUE("hsds_id")
);
--> statement-breakpoint
CREATE TABLE "resources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hsds_id" text NOT NULL,
	"source" text NOT NULL,
	"name" text NOT NULL,
	"alternate_name" text,
	"description" text,
	"website" text,
	"email" text,
	"phone" text,
	"hsds_extra" jsonb,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "resources_hsds_id_unique" UNIQUE("hsds_id")
);
--> statement-breakpoint
ALTER TABLE "resource_locations" ADD CONSTRAINT "resource_locations_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_service_locations" ADD CONSTRAINT "resource_service_locations_service_id_resource_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."resource_services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_service_locations" ADD CONSTRAINT "resource_service_locations_location_id_resource_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."resource_locations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resource_services" ADD CONSTRAINT "resource_services_resource_id_resources_id_fk" FOREIGN KEY ("resource_id") REFERENCES "public"."resources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "resource_locations_resource_idx" ON "resource_locations" USING btree ("resource_id","position");--> statement-breakpoint
CREATE INDEX "resource_locations_lat_lng_idx" ON "resource_locations" USING btree ("latitude","longitude");--> statement-breakpoint
CREATE INDEX "resource_service_locations_location_idx" ON "resource_service_locations" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "resource_services_resource_idx" ON "resource_services" USING btree ("resource_id","position");--> statement-breakpoint
CREATE INDEX "resource_services_categories_idx" ON "resource_services" USING gin ("categories");--> statement-breakpoint
CREATE INDEX "resource_services_medications_idx" ON "resource_services" USING gin ("medications");