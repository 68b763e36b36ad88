/** MOUD episode → MedicationStatement; naloxone given to the participant or their people → MedicationDispense. */
import type { MedicationDispense, MedicationStatement } from '@medplum/fhirtypes';
import type { MoudEndReason, MoudEpisode } from '../moud.ts';
import type { Distribution } from '../naloxone.ts';
import { MOUD_RXNORM, NALOXONE_RXNORM, SYSTEM, tandemCoding } from './codes.ts';
import { compact, part2Meta, practitionerRef, ref, uuidIdentifier } from './common.ts';

/** An episode that ended because the participant stopped is `stopped`; any other ending is `completed`. */
const STOPPED: readonly MoudEndReason[] = ['stopped_by_participant', 'discharged_by_provider', 'incarcerated', 'deceased'];

export function toMedicationStatement(e: MoudEpisode): MedicationStatement {
  const med = MOUD_RXNORM[e.medication];
  const status: MedicationStatement['status'] = e.endedOn === null ? 'active' : e.endReason && STOPPED.includes(e.endReason) ? 'stopped' : 'completed';
  return compact<MedicationStatement>({
    resourceType: 'MedicationStatement',
    id: e.id,
    meta: part2Meta({ versionId: String(e.version), lastUpdated: new Date(e.updatedAt).toISOString() }),
    identifier: [uuidIdentifier(e.id)],
    basedOn: e.referralId ? [ref('ServiceRequest', e.referralId)] : undefined,
    status,
    statusReason: e.endReason ? [{ coding: [tandemCoding('moud-end-reason', e.endReason)], text: e.endReason.replace(/_/g, ' ') }] : undefined,
    category: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/medication-statement-category', code: 'community', display: 'Community' }] },
    medicationCodeableConcept: {
      coding: [{ system: SYSTEM.rxnorm, code: med.code, display: med.display }, tandemCoding('moud-medication', e.medication)],
      text: med.text,
    },
    subject: ref('Patient', e.participantId),
    effectivePeriod: compact({ start: e.startedOn, end: e.endedOn ?? undefined }),
    dateAsserted: new Date(e.createdAt).toISOString(),
    // The prescriber or clinic: a directory organization when linked, else its name.
    informationSource: e.providerResourceId ? ref('Organization', e.providerResourceId, e.providerName) : { display: e.providerName },
  });
}

export function toMedicationDispense(d: Distribution): MedicationDispense | null {
  if (!d.participantId) return null;
  const med = NALOXONE_RXNORM[d.product];
  return compact<MedicationDispense>({
    resourceType: 'MedicationDispense',
    id: d.id,
    meta: part2Meta(),
    identifier: [uuidIdentifier(d.id)],
    status: 'completed',
    medicationCodeableConcept: {
      coding: [{ system: SYSTEM.rxnorm, code: med.code, display: med.display }, tandemCoding('naloxone-product', d.product)],
      text: med.text,
    },
    subject: ref('Patient', d.participantId),
    performer: d.createdBy ? [{ actor: ref('Practitioner', d.createdBy.id, d.createdBy.name) }] : undefined,
    location: undefined,
    quantity: { value: d.kits, unit: 'kit' },
    whenHandedOver: d.distributedOn,
    // Someone in the participant's support system: named by relationship only.
    receiver: d.recipientType === 'participant' ? [ref('Patient', d.participantId)] : [{ display: (d.relationship ?? 'support person').replace(/_/g, ' ') }],
    note: d.trainingGiven
      ? [{ text: `Overdose response training given${d.trainedBy ? ` by ${d.trainedBy.name}` : ''}.`, authorReference: practitionerRef(d.trainedBy) }]
      : undefined,
  });
}
