/**
 * Open Referral HSDS 3.0 ⇄ the resource directory.
 *
 * - An HSDS organization is a Tandem resource; its locations and services map to ours,
 *   and a service_at_location says where a service is offered.
 * - What HSDS has no field for (service categories, MOUD offered, insurance, walk-in,
 *   accepting new clients, a location's IANA time zone) travels as HSDS `attributes`
 *   with terms of Tandem's own taxonomy ("tandem").
 * - Every stored row keeps the HSDS record it came from (less its nested records) in
 *   `hsds_extra`. On export, each group of HSDS properties (phones, addresses,
 *   languages, schedules, attributes…) is given back exactly as imported when Tandem's
 *   value for it is unchanged, and rebuilt from Tandem's value when someone edited it.
 *   So import → export → import loses nothing, and edits win.
 * - Ids: the HSDS ids are kept (re-importing updates rather than duplicates); ids Tandem
 *   makes for parts it creates (a phone, a schedule, an attribute) are name-based UUIDs,
 *   the same on every export.
 *
 * This file holds the mapping of each record type and the export; reading an HSDS file
 * and merging it with what is stored is resources.hsds-import.ts.
 */
import { createHash } from 'node:crypto';
import {
  INSURANCE_TYPES,
  latitude as latitudeSchema,
  longitude as longitudeSchema,
  MOUD_MEDICATIONS,
  SERVICE_CATEGORIES,
  WEEKDAYS,
  type InsuranceType,
  type MoudMedication,
  type OpeningHours,
  type ServiceCategory,
  type Weekday,
} from '../../core/resources.ts';
import type { LocationDoc, ServiceDoc, StoredResource } from './resources.repository.ts';

export type Json = Record<string, unknown>;

/* ---------- name-based UUIDs (RFC 4122 version 5) ---------- */

const NAMESPACE = '6f1c9b2e-3d4a-5b6c-8d7e-9f0a1b2c3d4e';

export function uuidV5(name: string, namespace = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(Buffer.concat([ns, Buffer.from(name, 'utf8')])).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/* ---------- small helpers ---------- */

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
export const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
export function omit(o: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
}

/* ---------- Tandem's taxonomy, carried as HSDS attributes ---------- */

export const TANDEM_TAXONOMY = 'tandem';

const TERM_TEXT: Record<string, [string, string]> = {
  walk_in: ['Walk-in', 'People can come without an appointment (value "true" or "false")'],
  accepting_new_clients: ['Accepting new clients', 'The service takes new clients now (value "true" or "false")'],
  time_zone: ['Time zone', 'IANA time zone of the location’s opening hours (for example America/Chicago)'],
};
const termName = (code: string) => TERM_TEXT[code]?.[0] ?? code.split(':')[1]?.replace(/_/g, ' ') ?? code;
const termDescription = (code: string) => {
  const [kind] = code.split(':');
  if (TERM_TEXT[code]) return TERM_TEXT[code][1];
  if (kind === 'category') return 'Tandem service category';
  if (kind === 'medication') return 'Medication for opioid use disorder offered';
  if (kind === 'insurance') return 'Insurance or payment accepted';
  return 'Tandem term';
};

/** One of Tandem's own facts about a record, as an HSDS attribute with a term of the "tandem" taxonomy. */
export function tandemAttribute(ownerId: string, linkEntity: string, code: string, value?: string): Json {
  const termId = uuidV5(`tandem-term:${code}`);
  return {
    id: uuidV5(`attribute:${ownerId}:${code}`),
    link_id: ownerId,
    link_type: TANDEM_TAXONOMY,
    link_entity: linkEntity,
    taxonomy_term_id: termId,
    ...(value !== undefined ? { value } : {}),
    taxonomy_term: { id: termId, code, name: termName(code), description: termDescription(code), taxonomy: TANDEM_TAXONOMY },
  };
}

const isTandemAttribute = (a: Json) => isObject(a.taxonomy_term) && a.taxonomy_term.taxonomy === TANDEM_TAXONOMY;
const tandemCodes = (attrs: Json[]) =>
  attrs.filter(isTandemAttribute).map((a) => ({ code: str((a.taxonomy_term as Json).code) ?? '', value: typeof a.value === 'string' ? a.value : null }));

/* ---------- hours ⇄ schedules ---------- */

const BYDAY: Record<string, Weekday> = { MO: 'mon', TU: 'tue', WE: 'wed', TH: 'thu', FR: 'fri', SA: 'sat', SU: 'sun' };
const DAYCODE = Object.fromEntries(Object.entries(BYDAY).map(([k, v]) => [v, k])) as Record<Weekday, string>;
const hhmm = (v: unknown): string | null => {
  const m = typeof v === 'string' ? /^(\d{1,2}):(\d{2})/.exec(v.trim()) : null;
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
};

/** A weekly schedule with days and times is hours Tandem can search ("open now"); anything else stays as HSDS text. */
function hoursFromSchedules(schedules: Json[]): OpeningHours[] {
  const out: OpeningHours[] = [];
  for (const s of schedules) {
    if (s.freq !== undefined && s.freq !== 'WEEKLY') continue;
    const opens = hhmm(s.opens_at);
    const closes = hhmm(s.closes_at);
    if (!opens || !closes || opens === closes || opens === '24:00') continue;
    const days = (typeof s.byday === 'string' ? s.byday : '').split(',').map((d) => BYDAY[d.trim().toUpperCase().slice(-2)]);
    for (const day of days) if (day) out.push({ day, opens, closes });
  }
  return sortHours(out);
}

const sortHours = (h: OpeningHours[]) =>
  [...new Map(h.map((x) => [`${x.day}${x.opens}${x.closes}`, x])).values()].sort(
    (a, b) => WEEKDAYS.indexOf(a.day) - WEEKDAYS.indexOf(b.day) || a.opens.localeCompare(b.opens),
  );

function schedulesFromHours(ownerId: string, hours: OpeningHours[]): Json[] {
  const groups = new Map<string, Weekday[]>();
  for (const h of sortHours(hours)) groups.set(`${h.opens}-${h.closes}`, [...(groups.get(`${h.opens}-${h.closes}`) ?? []), h.day]);
  return [...groups.entries()].map(([times, days]) => {
    const [opens, closes] = times.split('-');
    return {
      id: uuidV5(`schedule:${ownerId}:${times}`),
      location_id: ownerId,
      freq: 'WEEKLY',
      wkst: 'MO',
      byday: days.map((d) => DAYCODE[d]).join(','),
      opens_at: `${opens ?? ''}:00`,
      closes_at: `${closes ?? ''}:00`,
    };
  });
}

/* ---------- groups: which HSDS properties hold which Tandem fields ---------- */

/**
 * One group: Tandem's value read from an HSDS record, and the HSDS properties rebuilt
 * from Tandem's value. Export keeps the record's own properties when the two agree.
 */
interface Group<T> {
  keys: readonly string[];
  read: (record: Json) => T;
  write: (value: T, record: Json, ownerId: string) => Json;
}

type AnyGroup = { keys: readonly string[]; read: (record: Json) => unknown; write: (value: never, record: Json, ownerId: string) => Json };
type ValuesOf<G extends Record<string, AnyGroup>> = { [K in keyof G]: ReturnType<G[K]['read']> };

function exportWithGroups<G extends Record<string, AnyGroup>>(record: Json, ownerId: string, groups: G, current: ValuesOf<G>): Json {
  let out: Json = { ...record };
  for (const [key, group] of Object.entries(groups) as [keyof G, AnyGroup][]) {
    if (same(group.read(record), current[key])) continue;
    out = { ...omit(out, group.keys), ...group.write(current[key] as never, record, ownerId) };
  }
  return out;
}

const textGroup = (key: string): Group<string | null> => ({
  keys: [key],
  read: (r) => str(r[key]),
  write: (v) => (v === null ? {} : { [key]: v }),
});

/** The first phone's number is Tandem's phone; other phones ride along untouched. */
export const phoneGroup = (ownerKey: string): Group<string | null> => ({
  keys: ['phones'],
  read: (r) => str(list(r.phones)[0]?.number),
  write: (v, r, ownerId) => {
    const [first, ...rest] = list(r.phones);
    if (v === null) return rest.length ? { phones: rest } : {};
    return { phones: [{ ...(first ?? {}), id: str(first?.id) ?? uuidV5(`phone:${ownerId}`), [ownerKey]: ownerId, number: v }, ...rest] };
  },
});

const languagesGroup = (ownerKey: string): Group<string[]> => ({
  keys: ['languages'],
  read: (r) => [...new Set(list(r.languages).map((l) => str(l.code)?.toLowerCase()).filter((c): c is string => c !== null && c !== undefined))],
  write: (codes, r, ownerId) => {
    const old = list(r.languages);
    const kept = codes.map((code) => old.find((l) => str(l.code)?.toLowerCase() === code) ?? { id: uuidV5(`language:${ownerId}:${code}`), [ownerKey]: ownerId, code, name: languageName(code) });
    const uncoded = old.filter((l) => str(l.code) === null);
    return kept.length + uncoded.length ? { languages: [...kept, ...uncoded] } : {};
  },
});

function languageName(code: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

interface AddressFields {
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
}
const pickAddress = (r: Json) => {
  const all = list(r.addresses);
  return all.find((a) => a.address_type === 'physical') ?? all[0];
};
const addressGroup: Group<AddressFields> = {
  keys: ['addresses'],
  read: (r) => {
    const a = pickAddress(r);
    return { address1: str(a?.address_1), address2: str(a?.address_2), city: str(a?.city), state: str(a?.state_province), postalCode: str(a?.postal_code) };
  },
  write: (v, r, ownerId) => {
    const old = pickAddress(r);
    const others = list(r.addresses).filter((a) => a !== old);
    if (Object.values(v).every((x) => x === null)) return others.length ? { addresses: others } : {};
    const address = {
      ...(old ?? {}),
      id: str(old?.id) ?? uuidV5(`address:${ownerId}`),
      location_id: ownerId,
      address_1: v.address1 ?? '',
      city: v.city ?? '',
      state_province: v.state ?? '',
      postal_code: v.postalCode ?? '',
      country: str(old?.country) ?? 'US',
      address_type: str(old?.address_type) ?? 'physical',
    } as Json;
    if (v.address2 === null) delete address.address_2;
    else address.address_2 = v.address2;
    return { addresses: [address, ...others] };
  },
};

const coordinate = (schema: typeof latitudeSchema, v: unknown): number | null => {
  const parsed = schema.safeParse(typeof v === 'string' ? Number(v) : v);
  return parsed.success && typeof v !== 'boolean' && v !== null && v !== '' ? parsed.data : null;
};
const coordinatesGroup: Group<{ latitude: number | null; longitude: number | null }> = {
  keys: ['latitude', 'longitude'],
  read: (r) => {
    const latitude = coordinate(latitudeSchema, r.latitude);
    const longitude = coordinate(longitudeSchema, r.longitude);
    return latitude === null || longitude === null ? { latitude: null, longitude: null } : { latitude, longitude };
  },
  write: (v) => (v.latitude === null || v.longitude === null ? {} : { latitude: v.latitude, longitude: v.longitude }),
};

const hoursGroup: Group<OpeningHours[]> = {
  keys: ['schedules'],
  read: (r) => hoursFromSchedules(list(r.schedules)),
  write: (v, r, ownerId) => {
    // Schedules Tandem cannot read as weekly hours (monthly, text only…) stay as they were.
    const unreadable = list(r.schedules).filter((s) => hoursFromSchedules([s]).length === 0);
    const all = [...schedulesFromHours(ownerId, v), ...unreadable];
    return all.length ? { schedules: all } : {};
  },
};

/** Tandem's own attributes of a record; other attributes ride along untouched. */
function tandemAttributesGroup<T>(linkEntity: string, read: (codes: { code: string; value: string | null }[]) => T, codes: (v: T) => [string, string?][]): Group<T> {
  return {
    keys: ['attributes'],
    read: (r) => read(tandemCodes(list(r.attributes))),
    write: (v, r, ownerId) => {
      const foreign = list(r.attributes).filter((a) => !isTandemAttribute(a));
      const ours = codes(v).map(([code, value]) => tandemAttribute(ownerId, linkEntity, code, value));
      return foreign.length + ours.length ? { attributes: [...foreign, ...ours] } : {};
    },
  };
}

interface ServiceTerms {
  categories: ServiceCategory[];
  medications: MoudMedication[];
  insurance: InsuranceType[];
  walkIn: boolean;
  acceptingNewClients: boolean;
}
const within = <T extends string>(values: readonly T[], kind: string, codes: { code: string }[]) =>
  values.filter((v) => codes.some((c) => c.code === `${kind}:${v}`));

const serviceTermsGroup = tandemAttributesGroup<ServiceTerms>(
  'service',
  (codes) => ({
    categories: within(SERVICE_CATEGORIES, 'category', codes),
    medications: within(MOUD_MEDICATIONS, 'medication', codes),
    insurance: within(INSURANCE_TYPES, 'insurance', codes),
    walkIn: codes.find((c) => c.code === 'walk_in')?.value === 'true',
    acceptingNewClients: codes.find((c) => c.code === 'accepting_new_clients')?.value !== 'false',
  }),
  (v) => [
    ...v.categories.map((c): [string] => [`category:${c}`]),
    ...v.medications.map((m): [string] => [`medication:${m}`]),
    ...v.insurance.map((i): [string] => [`insurance:${i}`]),
    ['walk_in', String(v.walkIn)],
    ['accepting_new_clients', String(v.acceptingNewClients)],
  ],
);

/** A location's zone, or null when its record names none (the import then goes by its state). */
const timeZoneGroup = tandemAttributesGroup<string | null>(
  'location',
  (codes) => codes.find((c) => c.code === 'time_zone')?.value ?? null,
  (tz) => (tz === null ? [] : [['time_zone', tz]]),
);

/* ---------- the mapping of each record type ---------- */

const orgGroups = {
  name: textGroup('name'),
  alternateName: textGroup('alternate_name'),
  description: textGroup('description'),
  website: textGroup('website'),
  email: textGroup('email'),
  phone: phoneGroup('organization_id'),
};

const locationGroups = {
  name: textGroup('name'),
  address: addressGroup,
  coordinates: coordinatesGroup,
  phone: phoneGroup('location_id'),
  languages: languagesGroup('location_id'),
  hours: hoursGroup,
  timeZone: timeZoneGroup,
};

const serviceGroups = {
  name: textGroup('name'),
  description: textGroup('description'),
  languages: languagesGroup('service_id'),
  terms: serviceTermsGroup,
};

/** The time zone of most of a US state's people, for locations whose HSDS record names none. */
const STATE_TIME_ZONES: Record<string, string> = Object.fromEntries(
  [
    ['America/New_York', 'CT DE DC FL GA IN ME MD MA MI NH NJ NY NC OH PA RI SC VT VA WV KY'],
    ['America/Chicago', 'AL AR IL IA KS LA MN MS MO NE ND OK SD TN TX WI'],
    ['America/Denver', 'CO MT NM UT WY ID'],
    ['America/Phoenix', 'AZ'],
    ['America/Los_Angeles', 'CA NV OR WA'],
    ['America/Anchorage', 'AK'],
    ['Pacific/Honolulu', 'HI'],
    ['America/Puerto_Rico', 'PR VI'],
  ].flatMap(([zone, states]) => (states ?? '').split(' ').map((s) => [s, zone ?? ''])),
);

export function timeZoneForState(state: string | null, fallback: string): string {
  return (state && STATE_TIME_ZONES[state.trim().toUpperCase()]) || fallback;
}

export function locationFromHsds(record: Json, fallbackTimeZone: string): Omit<LocationDoc, 'hsdsId' | 'hsdsExtra'> {
  const address = addressGroup.read(record);
  const zone = timeZoneGroup.read(record) ?? timeZoneForState(address.state, fallbackTimeZone);
  return {
    name: str(record.name),
    ...address,
    ...coordinatesGroup.read(record),
    timeZone: zone,
    phone: phoneGroup('location_id').read(record),
    languages: languagesGroup('location_id').read(record),
    hours: hoursGroup.read(record),
  };
}

export function serviceFromHsds(record: Json): Omit<ServiceDoc, 'at' | 'hsdsId' | 'hsdsExtra'> {
  const terms = serviceTermsGroup.read(record);
  return {
    name: str(record.name) ?? '(no name)',
    description: str(record.description),
    languages: languagesGroup('service_id').read(record),
    ...terms,
    // A service that names a medication is a MOUD service, whatever else it is.
    categories: terms.medications.length && !terms.categories.includes('moud') ? ['moud', ...terms.categories] : terms.categories,
  };
}

/* ---------- export ---------- */

/** One resource as an HSDS organization with its locations and services (as in organization_full.json). */
export function organizationToHsds(s: StoredResource): Json {
  const r = s.row;
  const orgRecord = r.hsdsExtra ?? {};
  const org = exportWithGroups(orgRecord, r.hsdsId, orgGroups, {
    name: r.name,
    alternateName: r.alternateName,
    description: r.description,
    website: r.website,
    email: r.email,
    phone: r.phone,
  });
  org.id = r.hsdsId;
  org.name = r.name;
  org.description ??= '';

  const locations = s.locations.map((l) => {
    const record = l.hsdsExtra ?? {};
    // The zone always travels as an attribute: a reader cannot guess it from the address.
    const out = exportWithGroups(record, l.hsdsId, locationGroups, {
      name: l.name,
      address: { address1: l.address1, address2: l.address2, city: l.city, state: l.state, postalCode: l.postalCode },
      coordinates: { latitude: l.latitude, longitude: l.longitude },
      phone: l.phone,
      languages: l.languages,
      hours: l.hours,
      timeZone: l.timeZone,
    });
    return { ...out, id: l.hsdsId, organization_id: r.hsdsId, location_type: str(out.location_type) ?? 'physical' };
  });
  const locationById = new Map(s.locations.map((l, i) => [l.id, locations[i]]));

  const services = s.services.map((sv) => {
    const record = sv.hsdsExtra ?? {};
    const out = exportWithGroups(record, sv.hsdsId, serviceGroups, {
      name: sv.name,
      description: sv.description,
      languages: sv.languages,
      terms: { categories: sv.categories, medications: sv.medications, insurance: sv.insurance, walkIn: sv.walkIn, acceptingNewClients: sv.acceptingNewClients },
    });
    const links = s.links.filter((k) => k.serviceId === sv.id);
    return {
      ...out,
      id: sv.hsdsId,
      organization_id: r.hsdsId,
      name: sv.name,
      status: str(out.status) ?? 'active',
      service_at_locations: links.map((k) => {
        const location = locationById.get(k.locationId);
        return { ...(k.hsdsExtra ?? {}), id: k.hsdsId, service_id: sv.hsdsId, location_id: location?.id, ...(location ? { location } : {}) };
      }),
    };
  });
  return { ...org, locations, services };
}

/** The whole directory as an HSDS page of full organizations (the shape of the HSDS API's /organizations). */
export function hsdsExport(stored: StoredResource[]): Json {
  const contents = stored.map(organizationToHsds);
  return {
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
  };
}
