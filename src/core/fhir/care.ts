/**
 * enrollment → EpisodeOfCare; contact → Encounter. A contact's note (and its
 * addenda) is free text written for the team: the Encounter does not carry it
 * (see docs/decisions/0016-fhir.md).
 */
import type { Encounter, EpisodeOfCare, Extension } from '@medplum/fhirtypes';
import type { ContactMode, ContactSummary } from '../contacts.ts';
import type { Enrollment } from '../enrollments.ts';
import { SYSTEM, tandemCoding, tandemExtension } from './codes.ts';
import { compact, part2Meta, practitionerRef, ref, uuidIdentifier } from './common.ts';

export function toEpisodeOfCare(e: Enrollment): EpisodeOfCare {
  const extension: Extension[] = [
    { url: tandemExtension('referral-source'), valueCoding: tandemCoding('referral-source', e.referralSource) },
    ...e.phases.map((p) => ({
      url: tandemExtension('critical-time-phase'),
      extension: [
        { url: 'phase', valueCoding: tandemCoding('critical-time-phase', p.phase) },
        { url: 'start', valueDate: p.startedOn },
      ],
    })),
    ...(e.dischargeReason ? [{ url: tandemExtension('discharge-reason'), valueCoding: tandemCoding('discharge-reason', e.dischargeReason) }] : []),
  ];
  return compact<EpisodeOfCare>({
    resourceType: 'EpisodeOfCare',
    id: e.id,
    meta: part2Meta({ versionId: String(e.version) }),
    extension,
    identifier: [uuidIdentifier(e.id)],
    status: e.dischargedOn ? 'finished' : 'active',
    type: [{ coding: [tandemCoding('program', 'peer_recovery_support')], text: 'Peer recovery support' }],
    patient: ref('Patient', e.participantId),
    managingOrganization: ref('Organization', e.siteId, e.siteName),
    period: compact({ start: e.enrolledOn, end: e.dischargedOn ?? undefined }),
    careManager: practitionerRef(e.coach),
  });
}

/** v3 ActCode encounter classes: remote contacts are virtual, the others happen in the field (a jail, a home, the street). */
const ENCOUNTER_CLASS: Record<ContactMode, { code: string; display: string }> = {
  in_person: { code: 'FLD', display: 'field' },
  in_custody: { code: 'FLD', display: 'field' },
  phone: { code: 'VR', display: 'virtual' },
  video: { code: 'VR', display: 'virtual' },
  text: { code: 'VR', display: 'virtual' },
};

export function toEncounter(c: ContactSummary, episodeOfCareId: string | null): Encounter {
  const start = new Date(c.occurredAt);
  const end = c.durationMinutes ? new Date(start.getTime() + c.durationMinutes * 60_000) : undefined;
  return compact<Encounter>({
    resourceType: 'Encounter',
    id: c.id,
    meta: part2Meta(),
    extension: [
      { url: tandemExtension('contact-location'), valueCoding: tandemCoding('contact-location', c.locationType) },
      ...(c.attemptOutcome ? [{ url: tandemExtension('attempt-outcome'), valueCoding: tandemCoding('attempt-outcome', c.attemptOutcome) }] : []),
    ],
    identifier: [uuidIdentifier(c.id)],
    // An outreach attempt that did not reach the participant did not take place.
    status: c.reached ? 'finished' : 'cancelled',
    class: { system: SYSTEM.actCode, ...ENCOUNTER_CLASS[c.mode] },
    // The mode first, then each service provided (told apart by their code systems).
    type: [
      { coding: [tandemCoding('contact-mode', c.mode)], text: c.mode.replace(/_/g, ' ') },
      ...c.services.map((s) => ({ coding: [tandemCoding('contact-service', s)], text: s.replace(/_/g, ' ') })),
    ],
    subject: ref('Patient', c.participantId),
    episodeOfCare: episodeOfCareId ? [ref('EpisodeOfCare', episodeOfCareId)] : undefined,
    participant: c.staff.map((s) => ({ individual: ref('Practitioner', s.id, s.name) })),
    period: compact({ start: start.toISOString(), end: end?.toISOString() }),
    length: c.durationMinutes ? { value: c.durationMinutes, unit: 'min', system: SYSTEM.ucum, code: 'min' } : undefined,
    serviceProvider: ref('Organization', c.siteId),
  });
}

/** The enrollment a contact belongs to: the one whose period holds its day (the latest one, if several do). */
export function episodeFor(enrollments: readonly Pick<Enrollment, 'id' | 'enrolledOn' | 'dischargedOn'>[], day: string): string | null {
  const holding = enrollments.filter((e) => e.enrolledOn <= day && (e.dischargedOn === null || day <= e.dischargedOn));
  return holding.sort((a, b) => (a.enrolledOn < b.enrolledOn ? 1 : -1))[0]?.id ?? null;
}
