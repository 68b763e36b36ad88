/** Queries of the resource directory: whole resources in and out, and the search. */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  boundingBox,
  EARTH_RADIUS_MILES,
  type InsuranceType,
  type MoudMedication,
  type OpeningHours,
  type Resource,
  type ResourceLocation,
  type ResourceService,
  type ServiceCategory,
} from '../../core/resources.ts';
import { rowsOf, type Queryable, type Tx } from '../db/database.ts';
import { resourceLocations, resources, resourceServiceLocations, resourceServices } from './resources.table.ts';

type ResourceRow = typeof resources.$inferSelect;
type LocationRow = typeof resourceLocations.$inferSelect;
type ServiceRow = typeof resourceServices.$inferSelect;
type LinkRow = typeof resourceServiceLocations.$inferSelect;

/** Everything stored about one resource, HSDS bookkeeping included (for export). */
export interface StoredResource {
  row: ResourceRow;
  locations: LocationRow[];
  services: ServiceRow[];
  links: LinkRow[];
}

/** What a resource says of itself, as the API and an import document both give it. */
export function resourceDetails(row: ResourceRow) {
  return {
    name: row.name,
    alternateName: row.alternateName,
    description: row.description,
    website: row.website,
    email: row.email,
    phone: row.phone,
  };
}

export function toResource(s: StoredResource): Resource {
  const position = new Map(s.locations.map((l, i) => [l.id, i]));
  return {
    id: s.row.id,
    hsdsId: s.row.hsdsId,
    source: s.row.source,
    ...resourceDetails(s.row),
    locations: s.locations.map(toLocation),
    services: s.services.map((sv) => ({
      ...toService(sv),
      atLocations: s.links
        .filter((k) => k.serviceId === sv.id)
        .map((k) => position.get(k.locationId) ?? -1)
        .filter((n) => n >= 0)
        .sort((a, b) => a - b),
    })),
    archived: s.row.archivedAt !== null,
    version: s.row.version,
    createdAt: s.row.createdAt.toISOString(),
    updatedAt: s.row.updatedAt.toISOString(),
  };
}

export function toLocation(l: LocationRow): ResourceLocation {
  return {
    id: l.id,
    name: l.name,
    address1: l.address1,
    address2: l.address2,
    city: l.city,
    state: l.state,
    postalCode: l.postalCode,
    latitude: l.latitude,
    longitude: l.longitude,
    timeZone: l.timeZone,
    phone: l.phone,
    languages: l.languages,
    hours: l.hours,
  };
}

export function toService(s: ServiceRow): Omit<ResourceService, 'atLocations'> {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    categories: s.categories,
    medications: s.medications,
    insurance: s.insurance,
    walkIn: s.walkIn,
    acceptingNewClients: s.acceptingNewClients,
    languages: s.languages,
  };
}

/** Whole resources by id, children in their saved order. */
export async function loadResources(tx: Queryable, ids: string[]): Promise<StoredResource[]> {
  if (ids.length === 0) return [];
  const rows = await tx.select().from(resources).where(inArray(resources.id, ids));
  const locations = await tx.select().from(resourceLocations).where(inArray(resourceLocations.resourceId, ids)).orderBy(asc(resourceLocations.position));
  const services = await tx.select().from(resourceServices).where(inArray(resourceServices.resourceId, ids)).orderBy(asc(resourceServices.position));
  const serviceIds = services.map((s) => s.id);
  const links = serviceIds.length ? await tx.select().from(resourceServiceLocations).where(inArray(resourceServiceLocations.serviceId, serviceIds)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const svc = services.filter((s) => s.resourceId === id);
    const svcIds = new Set(svc.map((s) => s.id));
    return [{ row, locations: locations.filter((l) => l.resourceId === id), services: svc, links: links.filter((k) => svcIds.has(k.serviceId)) }];
  });
}

export async function loadResource(tx: Queryable, id: string): Promise<StoredResource | null> {
  return (await loadResources(tx, [id]))[0] ?? null;
}

export async function resourceIdByHsdsId(tx: Queryable, hsdsId: string): Promise<string | null> {
  const [row] = await tx.select({ id: resources.id }).from(resources).where(eq(resources.hsdsId, hsdsId));
  return row?.id ?? null;
}

export async function allResourceIds(tx: Queryable, includeArchived: boolean): Promise<string[]> {
  const rows = await tx
    .select({ id: resources.id })
    .from(resources)
    .where(includeArchived ? undefined : sql`${resources.archivedAt} is null`)
    .orderBy(asc(resources.name), asc(resources.hsdsId));
  return rows.map((r) => r.id);
}

/* ---------- writing a whole document ---------- */

type HsdsBookkeeping = { hsdsId?: string; hsdsExtra?: Record<string, unknown> | null };

export interface LocationDoc extends HsdsBookkeeping {
  id?: string;
  name: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  latitude: number | null;
  longitude: number | null;
  timeZone: string;
  phone: string | null;
  languages: string[];
  hours: OpeningHours[];
}

export interface ServiceDoc extends HsdsBookkeeping {
  id?: string;
  name: string;
  description: string | null;
  categories: ServiceCategory[];
  medications: MoudMedication[];
  insurance: InsuranceType[];
  walkIn: boolean;
  acceptingNewClients: boolean;
  languages: string[];
  /** Where it is offered: positions in the document's locations, with the HSDS service_at_location bookkeeping. */
  at: ({ location: number } & HsdsBookkeeping)[];
}

export interface ResourceDoc {
  name: string;
  alternateName: string | null;
  description: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  locations: LocationDoc[];
  services: ServiceDoc[];
}

/**
 * Writes the children of a resource to match `doc`: a child is matched to a stored one
 * by its id (from the API) or its HSDS id (from an import) and changed in place, so its
 * id stays what referrals and exports know; stored children no longer listed go.
 */
export async function writeChildren(tx: Tx, resourceId: string, doc: ResourceDoc, existing: StoredResource | null): Promise<void> {
  const oldLocations = existing?.locations ?? [];
  const oldServices = existing?.services ?? [];
  const matchLocation = (d: LocationDoc) => oldLocations.find((l) => (d.id !== undefined ? l.id === d.id : d.hsdsId !== undefined && l.hsdsId === d.hsdsId));
  const matchService = (d: ServiceDoc) => oldServices.find((s) => (d.id !== undefined ? s.id === d.id : d.hsdsId !== undefined && s.hsdsId === d.hsdsId));

  const keptLocations = new Set(doc.locations.map(matchLocation).filter((l) => l !== undefined).map((l) => l.id));
  const keptServices = new Set(doc.services.map(matchService).filter((s) => s !== undefined).map((s) => s.id));
  const goneLocations = oldLocations.filter((l) => !keptLocations.has(l.id)).map((l) => l.id);
  const goneServices = oldServices.filter((s) => !keptServices.has(s.id)).map((s) => s.id);
  // Links are rewritten whole below; the old ones go first so their HSDS ids are free to reuse.
  const oldLinks = existing?.links ?? [];
  if (oldServices.length) await tx.delete(resourceServiceLocations).where(inArray(resourceServiceLocations.serviceId, oldServices.map((s) => s.id)));
  if (goneServices.length) await tx.delete(resourceServices).where(inArray(resourceServices.id, goneServices));
  if (goneLocations.length) await tx.delete(resourceLocations).where(inArray(resourceLocations.id, goneLocations));

  const locationIds: string[] = [];
  for (const [position, d] of doc.locations.entries()) {
    const old = matchLocation(d);
    const values = {
      position,
      name: d.name,
      address1: d.address1,
      address2: d.address2,
      city: d.city,
      state: d.state,
      postalCode: d.postalCode,
      latitude: d.latitude,
      longitude: d.longitude,
      timeZone: d.timeZone,
      phone: d.phone,
      languages: d.languages,
      hours: d.hours,
      ...(d.hsdsExtra !== undefined ? { hsdsExtra: d.hsdsExtra } : {}),
    };
    if (old) {
      await tx.update(resourceLocations).set(values).where(eq(resourceLocations.id, old.id));
      locationIds.push(old.id);
    } else {
      const id = randomUUID();
      await tx.insert(resourceLocations).values({ id, resourceId, hsdsId: d.hsdsId ?? id, ...values });
      locationIds.push(id);
    }
  }

  for (const [position, d] of doc.services.entries()) {
    const old = matchService(d);
    const values = {
      position,
      name: d.name,
      description: d.description,
      categories: d.categories,
      medications: d.medications,
      insurance: d.insurance,
      walkIn: d.walkIn,
      acceptingNewClients: d.acceptingNewClients,
      languages: d.languages,
      ...(d.hsdsExtra !== undefined ? { hsdsExtra: d.hsdsExtra } : {}),
    };
    let serviceId: string;
    if (old) {
      await tx.update(resourceServices).set(values).where(eq(resourceServices.id, old.id));
      serviceId = old.id;
    } else {
      serviceId = randomUUID();
      await tx.insert(resourceServices).values({ id: serviceId, resourceId, hsdsId: d.hsdsId ?? serviceId, ...values });
    }
    const links = d.at.flatMap((a) => {
      const locationId = locationIds[a.location];
      if (!locationId) return [];
      const before = oldLinks.find((k) => k.serviceId === serviceId && k.locationId === locationId);
      return [
        {
          serviceId,
          locationId,
          hsdsId: a.hsdsId ?? before?.hsdsId ?? randomUUID(),
          hsdsExtra: a.hsdsExtra !== undefined ? a.hsdsExtra : (before?.hsdsExtra ?? null),
        },
      ];
    });
    const unique = [...new Map(links.map((k) => [k.locationId, k])).values()];
    if (unique.length) await tx.insert(resourceServiceLocations).values(unique);
  }
}

/* ---------- search ---------- */

export interface SearchFilters {
  q?: string;
  categories?: ServiceCategory[];
  medications?: MoudMedication[];
  insurance?: InsuranceType[];
  language?: string;
  walkIn?: boolean;
  acceptingNewClients?: boolean;
  includeArchived?: boolean;
}

const textArray = (values: readonly string[]) => sql`ARRAY[${sql.join(
  values.map((v) => sql`${v}`),
  sql`, `,
)}]::text[]`;

/** The conditions on one service (alias s) at one location (alias l); the same rule as serviceMatches below. */
function serviceConditions(f: SearchFilters): SQL[] {
  const c: SQL[] = [];
  if (f.categories?.length) c.push(sql`s.categories && ${textArray(f.categories)}`);
  if (f.medications?.length) c.push(sql`s.medications && ${textArray(f.medications)}`);
  if (f.insurance?.length) c.push(sql`s.insurance && ${textArray(f.insurance)}`);
  if (f.language) c.push(sql`(s.languages @> ${textArray([f.language])} or l.languages @> ${textArray([f.language])})`);
  if (f.walkIn !== undefined) c.push(sql`s.walk_in = ${f.walkIn}`);
  if (f.acceptingNewClients !== undefined) c.push(sql`s.accepting_new_clients = ${f.acceptingNewClients}`);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    c.push(sql`(s.name ilike ${like} or r.name ilike ${like} or coalesce(r.alternate_name, '') ilike ${like} or coalesce(l.name, '') ilike ${like})`);
  }
  return c;
}

/** The same rule in code, to pick which services of a found location to show. */
export function serviceMatches(s: Omit<ResourceService, 'atLocations'>, l: ResourceLocation, names: { resource: string; alternate: string | null }, f: SearchFilters): boolean {
  const overlap = (have: readonly string[], want?: readonly string[]) => !want?.length || want.some((w) => have.includes(w));
  if (!overlap(s.categories, f.categories) || !overlap(s.medications, f.medications) || !overlap(s.insurance, f.insurance)) return false;
  if (f.language && !s.languages.includes(f.language) && !l.languages.includes(f.language)) return false;
  if (f.walkIn !== undefined && s.walkIn !== f.walkIn) return false;
  if (f.acceptingNewClients !== undefined && s.acceptingNewClients !== f.acceptingNewClients) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    if (![s.name, names.resource, names.alternate ?? '', l.name ?? ''].some((v) => v.toLowerCase().includes(q))) return false;
  }
  return true;
}

export interface FoundLocation {
  location: LocationRow;
  resourceName: string;
  alternateName: string | null;
  website: string | null;
  distanceMiles: number | null;
}

/**
 * Locations with at least one service matching the filters, nearest first when there is
 * an origin (haversine in SQL, narrowed first by a latitude/longitude box on the index).
 */
export async function findLocations(
  tx: Queryable,
  f: SearchFilters,
  origin: { latitude: number; longitude: number; radiusMiles: number } | null,
  limit: number,
): Promise<FoundLocation[]> {
  const where: SQL[] = [sql`exists (select 1 from resource_service_locations sl join resource_services s on s.id = sl.service_id where sl.location_id = l.id${sql.join(
    serviceConditions(f).map((c) => sql` and ${c}`),
    sql``,
  )})`];
  if (!f.includeArchived) where.push(sql`r.archived_at is null`);
  let distance = sql`null::double precision`;
  if (origin) {
    const box = boundingBox(origin, origin.radiusMiles);
    const lat = origin.latitude;
    const lng = origin.longitude;
    distance = sql`(2 * ${EARTH_RADIUS_MILES}::double precision * asin(least(1, sqrt(power(sin(radians(l.latitude - ${lat}::double precision) / 2), 2) + cos(radians(${lat}::double precision)) * cos(radians(l.latitude)) * power(sin(radians(l.longitude - ${lng}::double precision) / 2), 2)))))`;
    where.push(sql`l.latitude between ${box.minLat}::double precision and ${box.maxLat}::double precision`);
    where.push(sql`l.longitude between ${box.minLng}::double precision and ${box.maxLng}::double precision`);
  }
  const query = sql`
    select l.id, r.name as resource_name, r.alternate_name, r.website, d.distance
    from resource_locations l
    join resources r on r.id = l.resource_id
    cross join lateral (select ${distance} as distance) d
    where ${sql.join(where, sql` and `)}
    ${origin ? sql`and d.distance <= ${origin.radiusMiles}::double precision` : sql``}
    order by d.distance asc nulls last, r.name asc, l.position asc, l.id asc
    limit ${limit}`;
  const found = rowsOf<{ id: string; resource_name: string; alternate_name: string | null; website: string | null; distance: number | string | null }>(await tx.execute(query));
  if (found.length === 0) return [];
  const rows = await tx.select().from(resourceLocations).where(inArray(resourceLocations.id, found.map((r) => r.id)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return found.flatMap((r) => {
    const location = byId.get(r.id);
    if (!location) return [];
    return [{ location, resourceName: r.resource_name, alternateName: r.alternate_name, website: r.website, distanceMiles: r.distance === null ? null : Number(r.distance) }];
  });
}

/** The services offered at each of these locations. */
export async function servicesAt(tx: Queryable, locationIds: string[]): Promise<Map<string, ServiceRow[]>> {
  const out = new Map<string, ServiceRow[]>();
  if (locationIds.length === 0) return out;
  const rows = await tx
    .select({ s: resourceServices, locationId: resourceServiceLocations.locationId })
    .from(resourceServiceLocations)
    .innerJoin(resourceServices, eq(resourceServices.id, resourceServiceLocations.serviceId))
    .where(and(inArray(resourceServiceLocations.locationId, locationIds)))
    .orderBy(asc(resourceServices.position));
  for (const { s, locationId } of rows) out.set(locationId, [...(out.get(locationId) ?? []), s]);
  return out;
}
