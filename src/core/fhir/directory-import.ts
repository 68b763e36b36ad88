/**
 * A FHIR Organization (with the Locations it manages and the HealthcareServices
 * it provides, from the same Bundle) → a resource-directory entry (the reverse of
 * directoryResources in directory.ts). Addresses come from the Locations, or from
 * the Organization's own addresses when no Location names it. FHIR has no time
 * zone on a Location: the caller gives the one to use (the importing site's).
 */
import type { Address, Coding, HealthcareService, Location, Organization } from '@medplum/fhirtypes';
import { SERVICE_CATEGORIES, WEEKDAYS, type ResourceCreateInput, type ServiceCategory, type Weekday } from '../resources.ts';
import { SYSTEM, tandemSystem } from './codes.ts';
import { parseReference } from './import-references.ts';

/** A Tandem site exported as an Organization: not a directory organization. */
export function isTandemSite(o: Organization): boolean {
  return (o.type ?? []).some((t) => t.coding?.some((c) => c.system === tandemSystem('site-type')));
}

export interface DirectoryParts {
  organization: Organization;
  /** The Locations whose managingOrganization is this Organization, each with its key in the Bundle (`Location/<id>`). */
  locations: readonly { key: string; location: Location }[];
  services: readonly HealthcareService[];
}

/** The comparable part of an address: first line and ZIP code (else city and state), lower case, without punctuation. */
export function addressKey(a: { line1: string | null; city: string | null; state: string | null; postalCode: string | null }): string | null {
  const norm = (s: string | null) => (s ?? '').toLowerCase().replace(/[.,#]/g, '').replace(/\s+/g, ' ').trim();
  const line = norm(a.line1);
  if (!line) return null;
  const zip = norm(a.postalCode).slice(0, 5);
  return zip ? `${line}|${zip}` : `${line}|${norm(a.city)}|${norm(a.state)}`;
}

const fromFhirAddress = (a: Address | undefined) => ({
  line1: a?.line?.[0]?.replace(/,\s*$/, '').trim() || null,
  line2: a?.line?.[1]?.replace(/,\s*$/, '').trim() || null,
  city: a?.city ?? null,
  state: a?.state ?? null,
  postalCode: a?.postalCode ?? null,
});

/** Every address the Bundle gives this organization, as address keys. */
export function organizationAddressKeys(parts: DirectoryParts): string[] {
  const addresses = parts.locations.length > 0 ? parts.locations.map((l) => fromFhirAddress(l.location.address)) : (parts.organization.address ?? []).map(fromFhirAddress);
  return addresses.map(addressKey).filter((k): k is string => k !== null);
}

const telecom = (o: { telecom?: { system?: string; value?: string }[] }, system: string) => o.telecom?.find((t) => t.system === system)?.value ?? null;
const codesOf = (codings: readonly Coding[] | undefined, system: string) => (codings ?? []).filter((c) => c.system === system).map((c) => c.code ?? '');

function hoursFrom(service: HealthcareService): ResourceCreateInput['locations'][number]['hours'] {
  // The export writes a day's last second for "24:00" (FHIR time has no 24:00).
  const time = (t: string | undefined) => (t === '23:59:59' ? '24:00' : (t ?? '').slice(0, 5));
  return (service.availableTime ?? []).flatMap((a) =>
    (a.daysOfWeek ?? [])
      .filter((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d))
      .map((day) => ({ day, opens: a.allDay ? '00:00' : time(a.availableStartTime), closes: a.allDay ? '24:00' : time(a.availableEndTime) })),
  );
}

/** The directory entry an Organization describes, to go through resourceCreateInput like the directory form's. */
export function directoryInputFromOrganization(parts: DirectoryParts, timeZone: string): ResourceCreateInput {
  const o = parts.organization;
  const name = o.name ?? '';
  const locations: ResourceCreateInput['locations'] =
    parts.locations.length > 0
      ? parts.locations.map(({ location: l }) => {
          const a = fromFhirAddress(l.address);
          return {
            name: l.name && l.name !== name ? l.name : null,
            address1: a.line1,
            address2: a.line2,
            city: a.city,
            state: a.state,
            postalCode: a.postalCode,
            latitude: l.position?.latitude ?? null,
            longitude: l.position?.longitude ?? null,
            timeZone,
            phone: telecom(l, 'phone'),
            languages: [],
            hours: [],
          };
        })
      : (o.address ?? []).map((addr) => {
          const a = fromFhirAddress(addr);
          return { name: null, address1: a.line1, address2: a.line2, city: a.city, state: a.state, postalCode: a.postalCode, latitude: null, longitude: null, timeZone, phone: null, languages: [], hours: [] };
        });
  const locationIndex = (reference: string | undefined) => {
    const target = parseReference(reference);
    return target ? parts.locations.findIndex((l) => l.key === `${target.type}/${target.id}`) : -1;
  };
  const services: ResourceCreateInput['services'] = parts.services.map((s) => {
    const atLocations = (s.location ?? []).map((ref) => locationIndex(ref.reference)).filter((i) => i >= 0);
    const only = atLocations.length === 1 ? locations[atLocations[0] ?? 0] : undefined;
    if (only && only.hours.length === 0) only.hours = hoursFrom(s);
    return {
      name: s.name ?? name,
      description: s.comment ?? null,
      categories: codesOf(s.category?.flatMap((c) => c.coding ?? []), tandemSystem('service-category')).filter((c): c is ServiceCategory =>
        (SERVICE_CATEGORIES as readonly string[]).includes(c),
      ),
      medications: [],
      insurance: [],
      walkIn: s.appointmentRequired === false,
      acceptingNewClients: true,
      languages: (s.communication ?? []).flatMap((c) => codesOf(c.coding, SYSTEM.bcp47)),
      atLocations,
    };
  });
  return {
    name,
    alternateName: o.alias?.[0] ?? null,
    description: null,
    website: telecom(o, 'url'),
    email: telecom(o, 'email'),
    phone: telecom(o, 'phone'),
    locations,
    services,
  };
}

/** Where a field of the directory form lives in the Organization's resources, to name a rejected field. */
export function directoryPath(field: string): string {
  if (field.startsWith('locations')) return 'Location';
  if (field.startsWith('services')) return 'HealthcareService';
  const own: Record<string, string> = { name: 'Organization.name', alternateName: 'Organization.alias', website: 'Organization.telecom', email: 'Organization.telecom', phone: 'Organization.telecom' };
  return own[field] ?? 'Organization';
}
