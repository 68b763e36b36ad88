/**
 * The resource directory: organizations, their locations and services. Directory data
 * is not participant data, so reads write no audit rows; every change does, like the
 * other administrative changes (sites, users).
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import {
  isOpenAt,
  type Resource,
  type ResourceCreateInput,
  type ResourceSearchOutput,
  type ResourceSearchQuery,
  type ResourceUpdateInput,
} from '../../core/resources.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Queryable, Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { NotFound, StaleVersion, ValidationError } from '../http/errors.ts';
import {
  findLocations,
  loadResource,
  serviceMatches,
  servicesAt,
  toLocation,
  toResource,
  toService,
  writeChildren,
  type ResourceDoc,
  type StoredResource,
} from './resources.repository.ts';
import { resources } from './resources.table.ts';
import { zipCentroid } from './zip-centroids.ts';

export type ResourceSource = 'tandem' | 'hsds' | 'samhsa';

/** Turns the API's document (services point at locations by position) into the stored shape. */
export function docFromInput(input: ResourceCreateInput): ResourceDoc {
  return {
    name: input.name,
    alternateName: input.alternateName,
    description: input.description,
    website: input.website,
    email: input.email,
    phone: input.phone,
    locations: input.locations.map((l) => ({ ...l })),
    services: input.services.map(({ atLocations, ...s }) => ({ ...s, at: atLocations.map((location) => ({ location })) })),
  };
}

export async function getResource(tx: Queryable, id: string): Promise<Resource> {
  const stored = await loadResource(tx, id);
  if (!stored) throw new NotFound('Resource');
  return toResource(stored);
}

/** Ids sent for locations and services must be ones this resource has (or absent, for new ones). */
function checkChildIds(doc: ResourceDoc, existing: StoredResource | null): void {
  const issues: { path: string; message: string }[] = [];
  const locationIds = new Set(existing?.locations.map((l) => l.id) ?? []);
  const serviceIds = new Set(existing?.services.map((s) => s.id) ?? []);
  doc.locations.forEach((l, i) => {
    if (l.id !== undefined && !locationIds.has(l.id)) issues.push({ path: `locations.${i}.id`, message: 'Not a location of this resource' });
  });
  doc.services.forEach((s, i) => {
    if (s.id !== undefined && !serviceIds.has(s.id)) issues.push({ path: `services.${i}.id`, message: 'Not a service of this resource' });
  });
  const twice = (ids: (string | undefined)[], what: string) =>
    ids.forEach((id, i) => {
      if (id !== undefined && ids.indexOf(id) !== i) issues.push({ path: `${what}.${i}.id`, message: 'Listed twice' });
    });
  twice(doc.locations.map((l) => l.id), 'locations');
  twice(doc.services.map((s) => s.id), 'services');
  if (issues.length) throw new ValidationError(issues);
}

/** Names of the parts of a resource that differ: what the audit trail records (names, not values). */
function changedParts(before: Resource, after: Resource): string[] {
  const keys = ['name', 'alternateName', 'description', 'website', 'email', 'phone', 'locations', 'services', 'archived'] as const;
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

export interface WriteOptions {
  /** Fixes the new resource's id (the demo's); never taken from HTTP input. */
  id?: string;
  hsdsId?: string;
  source?: ResourceSource;
  hsdsExtra?: Record<string, unknown> | null;
  /** What the audit row says the change came through ("hsds_import"…). */
  via?: string;
}

export async function createResourceDoc(tx: Tx, actor: Actor, doc: ResourceDoc, now: Date, options: WriteOptions = {}): Promise<Resource> {
  checkChildIds(doc, null);
  const id = options.id ?? randomUUID();
  await tx.insert(resources).values({
    id,
    hsdsId: options.hsdsId ?? id,
    source: options.source ?? 'tandem',
    name: doc.name,
    alternateName: doc.alternateName,
    description: doc.description,
    website: doc.website,
    email: doc.email,
    phone: doc.phone,
    hsdsExtra: options.hsdsExtra ?? null,
    createdAt: now,
    updatedAt: now,
  });
  await writeChildren(tx, id, doc, null);
  const created = await getResource(tx, id);
  await recordAudit(tx, actor, now, {
    action: 'resource.create',
    recordType: 'resource',
    recordId: id,
    details: { locations: created.locations.length, services: created.services.length, ...(options.via ? { via: options.via } : {}) },
  });
  return created;
}

export async function createResource(tx: Tx, actor: Actor, input: ResourceCreateInput, now: Date, options: WriteOptions = {}): Promise<Resource> {
  return createResourceDoc(tx, actor, docFromInput(input), now, options);
}

/** Replaces a resource's content; `version` must be the one read (else 409 and nothing changes). */
export async function updateResourceDoc(
  tx: Tx,
  actor: Actor,
  id: string,
  doc: ResourceDoc,
  version: number | null,
  now: Date,
  options: WriteOptions = {},
): Promise<Resource> {
  const existing = await loadResource(tx, id);
  if (!existing) throw new NotFound('Resource');
  if (version !== null && existing.row.version !== version) throw new StaleVersion('resource');
  checkChildIds(doc, existing);
  const before = toResource(existing);
  const [row] = await tx
    .update(resources)
    .set({
      name: doc.name,
      alternateName: doc.alternateName,
      description: doc.description,
      website: doc.website,
      email: doc.email,
      phone: doc.phone,
      ...(options.hsdsExtra !== undefined ? { hsdsExtra: options.hsdsExtra } : {}),
      ...(options.source ? { source: options.source } : {}),
      version: existing.row.version + 1,
      updatedAt: now,
    })
    .where(and(eq(resources.id, id), eq(resources.version, existing.row.version)))
    .returning({ id: resources.id });
  if (!row) throw new StaleVersion('resource');
  await writeChildren(tx, id, doc, existing);
  const after = await getResource(tx, id);
  await recordAudit(tx, actor, now, {
    action: 'resource.update',
    recordType: 'resource',
    recordId: id,
    details: { changed: changedParts(before, after), ...(options.via ? { via: options.via } : {}) },
  });
  return after;
}

export async function updateResource(tx: Tx, actor: Actor, id: string, input: ResourceUpdateInput, now: Date): Promise<Resource> {
  const { version, ...rest } = input;
  return updateResourceDoc(tx, actor, id, docFromInput(rest), version, now);
}

/**
 * Takes a resource out of the directory. It is archived, not erased: referrals and
 * medication episodes that name it keep their provider.
 */
export async function archiveResource(tx: Tx, actor: Actor, id: string, version: number, now: Date): Promise<Resource> {
  const [current] = await tx.select().from(resources).where(eq(resources.id, id));
  if (!current) throw new NotFound('Resource');
  if (current.version !== version) throw new StaleVersion('resource');
  const [row] = await tx
    .update(resources)
    .set({ archivedAt: now, version: current.version + 1, updatedAt: now })
    .where(and(eq(resources.id, id), eq(resources.version, version)))
    .returning({ id: resources.id });
  if (!row) throw new StaleVersion('resource');
  await recordAudit(tx, actor, now, { action: 'resource.archive', recordType: 'resource', recordId: id });
  return getResource(tx, id);
}

/** How far around the origin a search looks unless told otherwise. */
export const DEFAULT_RADIUS_MILES = 50;
/** With "open now" the hours are checked in code, over at most this many nearest matches. */
const OPEN_NOW_SCAN = 2000;

export async function searchResources(tx: Queryable, query: ResourceSearchQuery, now: Date): Promise<ResourceSearchOutput> {
  let origin: ResourceSearchOutput['origin'] = null;
  if (query.lat !== undefined && query.lng !== undefined) origin = { latitude: query.lat, longitude: query.lng, source: 'coordinates' };
  else if (query.zip !== undefined) {
    const centre = await zipCentroid(query.zip);
    if (!centre) throw new ValidationError([{ path: 'zip', message: 'We have no location for this ZIP code (it may be a PO box or business-only ZIP); search near coordinates instead' }]);
    origin = { ...centre, source: 'zip' };
  }
  const filters = {
    q: query.q || undefined,
    categories: query.category,
    medications: query.medication,
    insurance: query.insurance,
    language: query.language,
    walkIn: query.walkIn,
    acceptingNewClients: query.acceptingNewClients,
    includeArchived: query.includeArchived,
  };
  const found = await findLocations(
    tx,
    filters,
    origin ? { latitude: origin.latitude, longitude: origin.longitude, radiusMiles: query.radiusMiles ?? DEFAULT_RADIUS_MILES } : null,
    query.openNow ? OPEN_NOW_SCAN : query.limit + 1,
  );
  const withHours = found.map((f) => ({ ...f, openNow: isOpenAt(f.location.hours, f.location.timeZone, now) }));
  const kept = query.openNow ? withHours.filter((f) => f.openNow === true) : withHours;
  const page = kept.slice(0, query.limit);
  const services = await servicesAt(tx, page.map((f) => f.location.id));
  return {
    origin,
    more: kept.length > query.limit,
    items: page.map((f) => {
      const location = toLocation(f.location);
      return {
        resourceId: f.location.resourceId,
        resourceName: f.resourceName,
        website: f.website,
        location,
        services: (services.get(f.location.id) ?? [])
          .map(toService)
          .filter((s) => serviceMatches(s, location, { resource: f.resourceName, alternate: f.alternateName }, filters)),
        distanceMiles: f.distanceMiles === null ? null : Math.round(f.distanceMiles * 10) / 10,
        openNow: f.openNow,
      };
    }),
  };
}
