/**
 * A resource-directory organization (a referral's recipient, an MOUD provider) →
 * Organization, with a Location per address and a HealthcareService per service.
 * Directory data is not about the participant, but it travels in the Bundle so
 * the references resolve inside it.
 */
import type { HealthcareService, Location, Organization } from '@medplum/fhirtypes';
import type { Resource as DirectoryResource, Weekday } from '../resources.ts';
import { tandemCoding } from './codes.ts';
import { compact, part2Meta, ref, uuidIdentifier } from './common.ts';

export function directoryResources(r: DirectoryResource): (Organization | Location | HealthcareService)[] {
  const organization = compact<Organization>({
    resourceType: 'Organization',
    id: r.id,
    meta: part2Meta(),
    identifier: [uuidIdentifier(r.id)],
    active: !r.archived,
    name: r.name,
    alias: r.alternateName ? [r.alternateName] : undefined,
    telecom: [
      ...(r.phone ? [{ system: 'phone' as const, value: r.phone }] : []),
      ...(r.email ? [{ system: 'email' as const, value: r.email }] : []),
      ...(r.website ? [{ system: 'url' as const, value: r.website }] : []),
    ],
  });
  const locations = r.locations.map((l) =>
    compact<Location>({
      resourceType: 'Location',
      id: l.id,
      meta: part2Meta(),
      status: r.archived ? 'inactive' : 'active',
      name: l.name ?? r.name,
      telecom: l.phone ? [{ system: 'phone', value: l.phone }] : undefined,
      address: compact({
        line: [l.address1, l.address2].filter((s): s is string => Boolean(s)),
        city: l.city ?? undefined,
        state: l.state ?? undefined,
        postalCode: l.postalCode ?? undefined,
        country: 'US',
      }),
      position: l.latitude !== null && l.longitude !== null ? { latitude: l.latitude, longitude: l.longitude } : undefined,
      managingOrganization: ref('Organization', r.id, r.name),
    }),
  );
  const services = r.services.map((s) =>
    compact<HealthcareService>({
      resourceType: 'HealthcareService',
      id: s.id,
      meta: part2Meta(),
      active: !r.archived,
      providedBy: ref('Organization', r.id, r.name),
      category: s.categories.map((c) => ({ coding: [tandemCoding('service-category', c)], text: c.replace(/_/g, ' ') })),
      location: s.atLocations.map((i) => r.locations[i]).filter((l) => l !== undefined).map((l) => ref('Location', l.id)),
      name: s.name,
      comment: s.description ?? undefined,
      communication: s.languages.map((code) => ({ coding: [{ system: 'urn:ietf:bcp:47', code }], text: code })),
      appointmentRequired: !s.walkIn,
      availableTime: s.atLocations.length === 1 ? hoursOf(r.locations[s.atLocations[0] ?? 0]?.hours ?? []) : undefined,
    }),
  );
  return [organization, ...locations, ...services];
}

function hoursOf(hours: readonly { day: Weekday; opens: string; closes: string }[]): HealthcareService['availableTime'] {
  // FHIR time has no 24:00: midnight at the end of the day is the day's last second.
  const time = (hhmm: string) => (hhmm === '24:00' ? '23:59:59' : `${hhmm}:00`);
  return hours.map((h) => ({ daysOfWeek: [h.day], availableStartTime: time(h.opens), availableEndTime: time(h.closes) }));
}
