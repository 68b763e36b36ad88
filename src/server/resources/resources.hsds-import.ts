/**
 * Open Referral HSDS 3.0 into the resource directory: any HSDS JSON shape read into one
 * document per organization, and each merged with what is stored (resources.hsds.ts holds
 * the mapping of each record type, and the export).
 */
import type { FieldIssue } from '../http/errors.ts';
import { resourceDetails, toLocation, type LocationDoc, type ResourceDoc, type ServiceDoc, type StoredResource } from './resources.repository.ts';
import { validateHsdsRecord, type HsdsRecordType } from './resources.hsds-schema.ts';
import { isObject, list, locationFromHsds, omit, phoneGroup, serviceFromHsds, str, uuidV5, type Json } from './resources.hsds.ts';

/* ---------- import: from any HSDS JSON shape to one document per organization ---------- */

export interface InvalidRecord {
  type: string;
  id: string | null;
  issues: FieldIssue[];
}

export interface ImportedOrganization {
  hsdsId: string;
  /** Present when the file has the organization's own record; absent when only its services or locations are in the file. */
  record: Json | null;
  locations: Map<string, Json>;
  services: Map<string, Json>;
  /** service id → (location id → service_at_location record) */
  links: Map<string, Map<string, Json>>;
}

const NESTED: Record<HsdsRecordType, readonly string[]> = {
  organization: ['services', 'locations'],
  service: ['organization', 'service_at_locations'],
  location: [],
  service_at_location: ['service', 'location'],
};

function recordType(r: Json): HsdsRecordType {
  if ('status' in r && 'name' in r) return 'service';
  if ('location_type' in r) return 'location';
  if ('name' in r || 'services' in r) return 'organization';
  if ('service' in r || 'location' in r || 'service_id' in r || 'location_id' in r) return 'service_at_location';
  // A record that says nothing else is read as an organization, the usual top of an HSDS file (and reported as one).
  return 'organization';
}

/**
 * Reads an HSDS file: an organization, service or service_at_location (full or not), a
 * list of them, or an HSDS API page (`contents`). Every record is checked against its
 * HSDS schema on its own; invalid ones are reported and left out with what hangs on them.
 */
export function collectHsds(input: unknown): { organizations: ImportedOrganization[]; invalid: InvalidRecord[] } {
  const invalid: InvalidRecord[] = [];
  const orgs = new Map<string, Json>();
  const services = new Map<string, Json>();
  const locations = new Map<string, Json>();
  const links: Json[] = [];
  const rejected = new Set<string>();

  const keep = (map: Map<string, Json>, r: Json) => {
    const id = r.id as string;
    const before = map.get(id);
    // The same record may appear nested several times; keep its fullest copy.
    if (!before || JSON.stringify(r).length > JSON.stringify(before).length) map.set(id, r);
  };

  const visit = (value: unknown, parent: { organizationId?: string; serviceId?: string } = {}, path = '', expected?: HsdsRecordType) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, parent, `${path}${path ? '.' : ''}${i}`, expected));
      return;
    }
    if (!isObject(value)) {
      invalid.push({ type: 'unknown', id: null, issues: [{ path: path || '(file)', message: 'Not an HSDS record (expected a JSON object)' }] });
      return;
    }
    if (Array.isArray(value.contents) && !('id' in value)) return visit(value.contents, parent, 'contents');
    const type = expected ?? recordType(value);
    const id = str(value.id);
    const own = omit(value, NESTED[type]);
    const issues = validateHsdsRecord(type, own);
    const valid = issues.length === 0 && id !== null;
    if (!valid) {
      invalid.push({ type, id, issues: issues.length ? issues : [{ path: 'id', message: 'Required' }] });
      if (id) rejected.add(id);
      // Its nested records are still checked, so that every invalid record is reported.
      if (!id || (type !== 'organization' && type !== 'service')) return;
    }
    if (type === 'organization') {
      if (valid) keep(orgs, own);
      for (const l of list(value.locations)) visit({ ...l, organization_id: str(l.organization_id) ?? id }, { organizationId: id }, '', 'location');
      for (const s of list(value.services)) visit({ ...s, organization_id: str(s.organization_id) ?? id }, { organizationId: id }, '', 'service');
    } else if (type === 'service') {
      const organization = isObject(value.organization) ? value.organization : null;
      const organizationId = str(own.organization_id) ?? str(organization?.id) ?? parent.organizationId ?? null;
      if (valid) keep(services, { ...own, ...(organizationId ? { organization_id: organizationId } : {}) });
      if (organization) visit(organization, {}, '', 'organization');
      for (const sal of list(value.service_at_locations)) {
        visit({ ...sal, service_id: str(sal.service_id) ?? id }, { ...(organizationId ? { organizationId } : {}), serviceId: id }, '', 'service_at_location');
      }
    } else if (type === 'location') {
      keep(locations, { ...own, ...(parent.organizationId && !str(own.organization_id) ? { organization_id: parent.organizationId } : {}) });
    } else {
      const service = isObject(value.service) ? value.service : null;
      const location = isObject(value.location) ? value.location : null;
      const serviceId = str(own.service_id) ?? str(service?.id) ?? parent.serviceId ?? null;
      const locationId = str(own.location_id) ?? str(location?.id) ?? null;
      if (!serviceId || !locationId) {
        invalid.push({ type, id, issues: [{ path: serviceId ? 'location_id' : 'service_id', message: 'Required: which service at which location' }] });
        return;
      }
      links.push({ ...own, service_id: serviceId, location_id: locationId });
      if (service) visit(service, parent, '', 'service');
      if (location) {
        const organizationId = str(location.organization_id) ?? parent.organizationId;
        visit({ ...location, ...(organizationId ? { organization_id: organizationId } : {}) }, parent, '', 'location');
      }
    }
  };
  visit(input);

  // Group by organization: a location belongs to its organization, or to that of a service offered there.
  const byOrg = new Map<string, ImportedOrganization>();
  const group = (orgId: string) => {
    let g = byOrg.get(orgId);
    if (!g) {
      g = { hsdsId: orgId, record: orgs.get(orgId) ?? null, locations: new Map(), services: new Map(), links: new Map() };
      byOrg.set(orgId, g);
    }
    return g;
  };
  for (const id of orgs.keys()) group(id);
  /** The group a service or location joins, or null (and why, in `invalid`) when its organization is missing or was rejected. */
  const groupOf = (type: 'service' | 'location', id: string, orgId: string | null | undefined, required: string) => {
    if (orgId && !rejected.has(orgId)) return group(orgId);
    invalid.push({ type, id, issues: [{ path: 'organization_id', message: orgId ? 'Its organization is invalid and was left out' : `Required: ${required}` }] });
    return null;
  };
  for (const [id, s] of services) groupOf('service', id, str(s.organization_id), 'the organization that offers the service')?.services.set(id, s);
  const serviceOrg = (serviceId: string) => str(services.get(serviceId)?.organization_id);
  for (const [id, l] of locations) {
    const orgId = str(l.organization_id) ?? links.map((k) => (k.location_id === id ? serviceOrg(k.service_id as string) : null)).find(Boolean) ?? null;
    groupOf('location', id, orgId, 'the organization at this location')?.locations.set(id, l);
  }
  for (const k of links) {
    const serviceId = k.service_id as string;
    const locationId = k.location_id as string;
    const orgId = serviceOrg(serviceId);
    if (rejected.has(serviceId) || rejected.has(locationId) || !orgId || rejected.has(orgId)) {
      invalid.push({ type: 'service_at_location', id: str(k.id), issues: [{ path: rejected.has(locationId) ? 'location_id' : 'service_id', message: 'Its service or location is invalid and was left out' }] });
      continue;
    }
    const g = group(orgId);
    if (!g.locations.has(locationId) && !locations.has(locationId)) {
      // The location may already be in the directory: the import resolves that.
      g.locations.set(locationId, { id: locationId, location_type: 'physical', __reference: true });
    }
    const forService = g.links.get(serviceId) ?? new Map<string, Json>();
    forService.set(locationId, k);
    g.links.set(serviceId, forService);
  }
  return { organizations: [...byOrg.values()], invalid };
}

/**
 * Merges one organization from a file into what the directory already holds of it (or
 * nothing): records in the file replace their stored counterparts by HSDS id; stored
 * locations and services that the file does not mention stay.
 */
export function mergeOrganization(
  imported: ImportedOrganization,
  existing: StoredResource | null,
  fallbackTimeZone: string,
): { doc: ResourceDoc; orgExtra: Json | null; problems: InvalidRecord[] } {
  const problems: InvalidRecord[] = [];
  const rec = imported.record;
  const base: ResourceDoc = existing ? storedToDoc(existing) : { name: '', alternateName: null, description: null, website: null, email: null, phone: null, locations: [], services: [] };
  const doc: ResourceDoc = rec
    ? {
        ...base,
        name: str(rec.name) ?? base.name,
        alternateName: str(rec.alternate_name),
        description: str(rec.description),
        website: str(rec.website),
        email: str(rec.email),
        phone: phoneGroup('organization_id').read(rec),
      }
    : base;

  for (const [id, record] of imported.locations) {
    if (record.__reference === true) continue;
    const mapped = locationFromHsds(record, fallbackTimeZone);
    const at = doc.locations.findIndex((l) => l.hsdsId === id);
    const next: LocationDoc = { ...mapped, hsdsId: id, hsdsExtra: omit(record, NESTED.location) };
    if (at >= 0) doc.locations[at] = next;
    else doc.locations.push(next);
  }
  for (const [id, record] of imported.services) {
    const at = doc.services.findIndex((s) => s.hsdsId === id);
    const links = imported.links.get(id) ?? new Map<string, Json>();
    const prior = at >= 0 ? (doc.services[at]?.at ?? []) : [];
    const atLocations: ServiceDoc['at'] = [...prior];
    for (const [locationId, link] of links) {
      const index = doc.locations.findIndex((l) => l.hsdsId === locationId);
      if (index < 0) {
        problems.push({ type: 'service_at_location', id: str(link.id), issues: [{ path: 'location_id', message: 'No such location in the file or the directory' }] });
        continue;
      }
      const entry = { location: index, hsdsId: str(link.id) ?? uuidV5(`sal:${id}:${locationId}`), hsdsExtra: omit(link, NESTED.service_at_location) };
      const same = atLocations.findIndex((a) => a.location === index);
      if (same >= 0) atLocations[same] = entry;
      else atLocations.push(entry);
    }
    const next: ServiceDoc = { ...serviceFromHsds(record), hsdsId: id, hsdsExtra: omit(record, NESTED.service), at: atLocations };
    if (at >= 0) doc.services[at] = next;
    else doc.services.push(next);
  }
  // Links to services the file does not list, for services already in the directory.
  for (const [serviceId, links] of imported.links) {
    if (imported.services.has(serviceId)) continue;
    const service = doc.services.find((s) => s.hsdsId === serviceId);
    if (!service) {
      for (const link of links.values()) problems.push({ type: 'service_at_location', id: str(link.id), issues: [{ path: 'service_id', message: 'No such service in the file or the directory' }] });
      continue;
    }
    for (const [locationId, link] of links) {
      const index = doc.locations.findIndex((l) => l.hsdsId === locationId);
      if (index >= 0 && !service.at.some((a) => a.location === index)) service.at.push({ location: index, hsdsId: str(link.id) ?? undefined, hsdsExtra: omit(link, NESTED.service_at_location) });
    }
  }
  return { doc, orgExtra: rec ? omit(rec, NESTED.organization) : (existing?.row.hsdsExtra ?? null), problems };
}

/** A stored resource as a document to write back, matched by HSDS id (so nothing is re-created). */
export function storedToDoc(s: StoredResource): ResourceDoc {
  const index = new Map(s.locations.map((l, i) => [l.id, i]));
  return {
    ...resourceDetails(s.row),
    locations: s.locations.map((l) => {
      const { id: _id, ...fields } = toLocation(l);
      return { hsdsId: l.hsdsId, ...fields };
    }),
    services: s.services.map((sv) => ({
      hsdsId: sv.hsdsId,
      name: sv.name,
      description: sv.description,
      categories: sv.categories,
      medications: sv.medications,
      insurance: sv.insurance,
      walkIn: sv.walkIn,
      acceptingNewClients: sv.acceptingNewClients,
      languages: sv.languages,
      at: s.links.filter((k) => k.serviceId === sv.id).flatMap((k) => {
        const location = index.get(k.locationId);
        return location === undefined ? [] : [{ location, hsdsId: k.hsdsId }];
      }),
    })),
  };
}
