import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { InsuranceType, MoudMedication, OpeningHours, ServiceCategory } from '../../core/resources.ts';

/**
 * The resource directory. Not participant data: no participant audit rows, but every
 * change is in the audit trail like other administrative changes. Each row keeps its
 * Open Referral HSDS id (`hsds_id`, so a re-import updates instead of duplicating) and
 * `hsds_extra`: the properties of the imported HSDS record that Tandem does not model,
 * given back unchanged on export.
 */
export const resources = pgTable('resources', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  hsdsId: text('hsds_id').notNull().unique(),
  source: text('source').$type<'tandem' | 'hsds' | 'samhsa'>().notNull(),
  name: text('name').notNull(),
  alternateName: text('alternate_name'),
  description: text('description'),
  website: text('website'),
  email: text('email'),
  phone: text('phone'),
  hsdsExtra: jsonb('hsds_extra').$type<Record<string, unknown>>(),
  archivedAt: timestamp('archived_at', { withTimezone: true }),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

export const resourceLocations = pgTable(
  'resource_locations',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    hsdsId: text('hsds_id').notNull().unique(),
    name: text('name'),
    address1: text('address_1'),
    address2: text('address_2'),
    city: text('city'),
    state: text('state'),
    postalCode: text('postal_code'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** IANA time zone the hours are in. */
    timeZone: text('time_zone').notNull(),
    phone: text('phone'),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    hours: jsonb('hours').$type<OpeningHours[]>().notNull().default(sql`'[]'::jsonb`),
    hsdsExtra: jsonb('hsds_extra').$type<Record<string, unknown>>(),
  },
  (t) => [index('resource_locations_resource_idx').on(t.resourceId, t.position), index('resource_locations_lat_lng_idx').on(t.latitude, t.longitude)],
);

export const resourceServices = pgTable(
  'resource_services',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    hsdsId: text('hsds_id').notNull().unique(),
    name: text('name').notNull(),
    description: text('description'),
    categories: text('categories').array().$type<ServiceCategory[]>().notNull().default(sql`'{}'::text[]`),
    medications: text('medications').array().$type<MoudMedication[]>().notNull().default(sql`'{}'::text[]`),
    insurance: text('insurance').array().$type<InsuranceType[]>().notNull().default(sql`'{}'::text[]`),
    walkIn: boolean('walk_in').notNull().default(false),
    acceptingNewClients: boolean('accepting_new_clients').notNull().default(true),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    hsdsExtra: jsonb('hsds_extra').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('resource_services_resource_idx').on(t.resourceId, t.position),
    index('resource_services_categories_idx').using('gin', t.categories),
    index('resource_services_medications_idx').using('gin', t.medications),
  ],
);

/** A service offered at a location (HSDS service_at_location). */
export const resourceServiceLocations = pgTable(
  'resource_service_locations',
  {
    serviceId: uuid('service_id')
      .notNull()
      .references(() => resourceServices.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => resourceLocations.id, { onDelete: 'cascade' }),
    hsdsId: text('hsds_id').notNull().unique(),
    hsdsExtra: jsonb('hsds_extra').$type<Record<string, unknown>>(),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.locationId] }), index('resource_service_locations_location_idx').on(t.locationId)],
);
