/**
 * Part 2 consent → Consent (policy: the 42 CFR Part 2 privacy law); a recorded
 * disclosure → AuditEvent (the accounting of disclosures, one event per
 * disclosure, carrying the redisclosure notice).
 */
import type { AuditEvent, Consent as FhirConsent, ConsentProvision } from '@medplum/fhirtypes';
import { REDISCLOSURE_NOTICE, type Consent, type ConsentPurpose, type Disclosure } from '../consents.ts';
import { SYSTEM, tandemCoding } from './codes.ts';
import { compact, part2Meta, ref, uuidIdentifier } from './common.ts';

/** v3 ActReason purposes of use where one fits; court or probation reporting and "other" stay Tandem words. */
const PURPOSE_OF_USE: Partial<Record<ConsentPurpose, { code: string; display: string }>> = {
  treatment_referral: { code: 'TREAT', display: 'treatment' },
  care_coordination: { code: 'COC', display: 'coordination of care' },
  payment: { code: 'HPAYMT', display: 'healthcare payment' },
};
function purposeCoding(p: ConsentPurpose) {
  const v3 = PURPOSE_OF_USE[p];
  return v3 ? { system: SYSTEM.actReason, ...v3 } : tandemCoding('consent-purpose', p);
}

const CONSENT_STATUS: Record<Consent['status'], FhirConsent['status']> = { active: 'active', revoked: 'inactive', expired: 'inactive' };

export function toConsent(c: Consent): FhirConsent {
  const recipient =
    c.recipient.kind === 'resource' ? ref('Organization', c.recipient.resourceId, c.recipient.name) : { display: c.recipient.name };
  const provision: ConsentProvision = compact({
    type: 'permit' as const,
    period: compact({ start: c.signedOn, end: c.revocation?.revokedOn ?? c.expiresOn ?? undefined }),
    actor: [
      {
        role: { coding: [{ system: SYSTEM.participationType, code: 'IRCP', display: 'information recipient' }] },
        reference: recipient,
      },
    ],
    purpose: c.purposes.map(purposeCoding),
    class: c.information.map((i) => tandemCoding('consent-information', i)),
  });
  return compact<FhirConsent>({
    resourceType: 'Consent',
    id: c.id,
    meta: part2Meta(),
    identifier: [uuidIdentifier(c.id)],
    status: CONSENT_STATUS[c.status],
    scope: { coding: [{ system: SYSTEM.consentScope, code: 'patient-privacy', display: 'Privacy Consent' }] },
    category: [{ coding: [{ system: SYSTEM.actCode, code: 'IDSCL', display: 'information disclosure' }] }],
    patient: ref('Patient', c.participantId),
    dateTime: c.signedOn,
    performer: [ref('Patient', c.participantId)],
    organization: [ref('Organization', c.siteId, c.discloser)],
    policyRule: {
      coding: [
        { system: SYSTEM.consentPolicy, code: 'cfr-part2', display: '42 CFR Part 2' },
        { system: SYSTEM.actCode, code: '42CFRPart2', display: '42 CFR Part2' },
      ],
      text: c.expiryEvent ? `42 CFR Part 2 consent; ends at: ${c.expiryEvent}` : '42 CFR Part 2 consent',
    },
    verification: [{ verified: true, verifiedWith: ref('Patient', c.participantId), verificationDate: c.signedOn }],
    provision,
  });
}

export function disclosureAuditEvent(d: Disclosure, siteId: string): AuditEvent {
  return compact<AuditEvent>({
    resourceType: 'AuditEvent',
    id: d.id,
    meta: part2Meta(),
    type: { system: SYSTEM.dicom, code: '110106', display: 'Export' },
    subtype: [tandemCoding('disclosure-kind', d.kind)],
    action: 'R',
    recorded: new Date(d.disclosedAt).toISOString(),
    outcome: '0',
    purposeOfEvent: [{ coding: [purposeCoding(d.purpose)] }],
    agent: [
      compact({
        who: d.disclosedBy ? ref('Practitioner', d.disclosedBy.id, d.disclosedBy.name) : { display: 'Tandem system' },
        requestor: true,
      }),
      {
        type: { coding: [{ system: SYSTEM.participationType, code: 'IRCP', display: 'information recipient' }] },
        who: d.recipientResourceId ? ref('Organization', d.recipientResourceId, d.recipientName) : { display: d.recipientName },
        requestor: false,
      },
    ],
    source: { observer: ref('Organization', siteId) },
    entity: [
      { what: ref('Patient', d.participantId), type: { system: SYSTEM.auditEntityType, code: '1', display: 'Person' } },
      { what: ref('Consent', d.consentId), description: 'The consent the disclosure was made under' },
      ...(d.referralId ? [{ what: ref('ServiceRequest', d.referralId), description: 'The referral disclosed' }] : []),
      {
        what: { display: 'Information disclosed' },
        detail: [{ type: 'notice', valueString: REDISCLOSURE_NOTICE }, ...d.information.map((i) => ({ type: 'information', valueString: i }))],
      },
    ],
  });
}
