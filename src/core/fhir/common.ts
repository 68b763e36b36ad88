/** Small builders every mapping uses: references, identifiers, the Part 2 meta. */
import type { Identifier, Meta, Practitioner, Reference, Resource } from '@medplum/fhirtypes';
import { REDISCLOSURE_NOTICE } from '../consents.ts';
import { NOTICE_TAG_SYSTEM, PART2_SECURITY, SYSTEM } from './codes.ts';

export type ResourceType = Resource['resourceType'];

export type ResourceOf<K extends ResourceType> = Extract<Resource, { resourceType: K }>;

export function ref<K extends ResourceType>(type: K, id: string, display?: string | null): Reference<ResourceOf<K>> {
  return display ? { reference: `${type}/${id}`, display } : { reference: `${type}/${id}` };
}

/** A person Tandem names by id and name (staff): a reference to their Practitioner. */
export function practitionerRef(person: { id: string; name: string } | null | undefined): Reference<Practitioner> | undefined {
  return person ? ref('Practitioner', person.id, person.name) : undefined;
}

export function uuidIdentifier(id: string): Identifier {
  return { system: SYSTEM.uri, value: `urn:uuid:${id}` };
}

/** The §2.32 notice as a tag, plus the security labels, on every resource and on the Bundle. */
export function part2Meta(extra: Partial<Meta> = {}): Meta {
  return {
    ...compact(extra),
    security: PART2_SECURITY.map((c) => ({ ...c })),
    tag: [{ system: NOTICE_TAG_SYSTEM, code: 'redisclosure-notice', display: REDISCLOSURE_NOTICE }],
  };
}

/** A date-time from an ISO instant (as the services give them) without milliseconds noise. */
export function instant(iso: string): string {
  return new Date(iso).toISOString();
}

/** Drops undefined members (FHIR JSON has no nulls and no empty arrays). */
export function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    out[k] = v;
  }
  return out as T;
}
