/**
 * critical event → Observation (an event in the participant's life that the
 * program learned of, with the source it came from and when it happened). A
 * Condition would claim a diagnosis Tandem does not make. The free-text notes
 * stay in Tandem; the cause of a death goes as the value.
 */
import type { Observation } from '@medplum/fhirtypes';
import type { CriticalEvent } from '../events.ts';
import { SYSTEM, tandemCoding, tandemExtension } from './codes.ts';
import { compact, part2Meta, ref, uuidIdentifier } from './common.ts';

export function criticalEventObservation(e: CriticalEvent): Observation {
  return compact<Observation>({
    resourceType: 'Observation',
    id: e.id,
    meta: part2Meta(),
    extension: e.withinPostReleaseWindow ? [{ url: tandemExtension('within-30-days-of-release'), valueBoolean: true }] : undefined,
    identifier: [uuidIdentifier(e.id)],
    status: 'final',
    category: [{ coding: [{ system: SYSTEM.observationCategory, code: 'social-history', display: 'Social History' }] }],
    code: { coding: [tandemCoding('critical-event', e.kind)], text: e.kind.replace(/_/g, ' ') },
    subject: ref('Patient', e.participantId),
    effectiveDateTime: e.occurredOn,
    issued: new Date(e.createdAt).toISOString(),
    performer: e.createdBy ? [ref('Practitioner', e.createdBy.id, e.createdBy.name)] : undefined,
    valueString: e.cause ?? undefined,
    method: { coding: [tandemCoding('event-source', e.source)], text: `reported by: ${e.source.replace(/_/g, ' ')}` },
  });
}
