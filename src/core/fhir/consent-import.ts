/**
 * A FHIR Consent coming in → the fields of a Tandem Part 2 consent (the reverse of
 * toConsent in privacy.ts). Only a 42 CFR Part 2 disclosure consent that names
 * its recipient, what may be disclosed and why is taken; everything Tandem cannot
 * read is named by its FHIR path. The recipient and the patient are references the
 * server resolves; the fields then go through consentCreateInput like the form's.
 */
import type { Coding, Consent as FhirConsent, Reference } from '@medplum/fhirtypes';
import {
  CONSENT_INFORMATION,
  CONSENT_PURPOSES,
  RECIPIENT_CLASS_LABELS,
  type Consent,
  type ConsentInformation,
  type ConsentPurpose,
  type ConsentRecipientClass,
} from '../consents.ts';
import { SYSTEM, tandemSystem } from './codes.ts';
import { calendarDate, tandemIdOf, type ImportIssue } from './import-references.ts';

/** v3 ActReason purposes of use Tandem exports, and back (privacy.ts maps the other way). */
const PURPOSE_OF_USE: Record<string, ConsentPurpose> = { TREAT: 'treatment_referral', COC: 'care_coordination', HPAYMT: 'payment' };
const PART2_POLICY = (c: Coding) => (c.system === SYSTEM.consentPolicy && c.code === 'cfr-part2') || (c.system === SYSTEM.actCode && c.code === '42CFRPart2');
const EXPIRY_EVENT = /;\s*ends at:\s*(.+)$/s;

export type ConsentRecipientRead = { kind: 'organization'; reference: Reference } | { kind: 'class'; recipientClass: ConsentRecipientClass };

export interface ConsentRead {
  /** The Tandem id the Consent was exported with (its identifier), if any. */
  tandemId: string | null;
  patient: Reference;
  recipient: ConsentRecipientRead;
  discloser: string;
  information: ConsentInformation[];
  purposes: ConsentPurpose[];
  signedOn: string;
  expiresOn: string | null;
  expiryEvent: string | null;
  /** An inactive Consent that ended today: recorded, then revoked on this day. */
  revokedOn: string | null;
}

/** Where a field of the consent form lives in a Consent, to name a rejected field by its FHIR path. */
export const CONSENT_PATHS: Record<string, string> = {
  discloser: 'Consent.organization.display',
  recipient: 'Consent.provision.actor.reference',
  'recipient.resourceId': 'Consent.provision.actor.reference',
  information: 'Consent.provision.class',
  purposes: 'Consent.provision.purpose',
  purposeOther: 'Consent.provision.purpose',
  expiresOn: 'Consent.provision.period.end',
  expiryEvent: 'Consent.policyRule.text',
  signature: 'Consent.verification',
  'signature.typedName': 'Consent.verification',
  signedOn: 'Consent.dateTime',
  revokedOn: 'Consent.provision.period.end',
};

const codesIn = (codings: readonly Coding[] | undefined, system: string) =>
  (codings ?? []).filter((c) => c.system === system && typeof c.code === 'string').map((c) => c.code as string);

/**
 * Reads a Consent as of `today` (at the participant's site). An inactive Consent
 * ended on provision.period.end: before today it is recorded as expiring then; on
 * today (a revocation, as only a revoked consent is inactive on its last day) it
 * is recorded and revoked today.
 */
export function readConsent(c: FhirConsent, today: string): ConsentRead | ImportIssue[] {
  const issues: ImportIssue[] = [];
  if (c.status !== 'active' && c.status !== 'inactive') {
    issues.push({ path: 'Consent.status', message: `Only an active or inactive consent is recorded (this one is "${c.status}")` });
  }
  if (!(c.policyRule?.coding ?? []).some(PART2_POLICY)) {
    issues.push({ path: 'Consent.policyRule', message: 'Tandem records 42 CFR Part 2 consents: the policy rule must name 42 CFR Part 2 (consentpolicycodes cfr-part2 or v3 ActCode 42CFRPart2)' });
  }
  if (!c.patient) issues.push({ path: 'Consent.patient', message: 'Name the participant the consent is about (Consent.patient)' });

  const provision = c.provision;
  if (provision?.type !== undefined && provision.type !== 'permit') issues.push({ path: 'Consent.provision.type', message: 'Only a consent that permits disclosure is recorded' });
  const actors = (provision?.actor ?? []).filter((a) => a.role.coding?.some((r) => r.system === SYSTEM.participationType && r.code === 'IRCP'));
  let recipient: ConsentRecipientRead | null = null;
  const actor = actors[0]?.reference;
  if (actors.length !== 1 || !actor) {
    issues.push({ path: 'Consent.provision.actor', message: 'Name exactly one information recipient (provision.actor with role IRCP)' });
  } else if (actor.reference || actor.identifier) {
    recipient = { kind: 'organization', reference: actor };
  } else {
    const recipientClass = (Object.keys(RECIPIENT_CLASS_LABELS) as ConsentRecipientClass[]).find((k) => RECIPIENT_CLASS_LABELS[k] === actor.display?.trim().toLowerCase());
    if (recipientClass) recipient = { kind: 'class', recipientClass };
    else issues.push({ path: 'Consent.provision.actor.reference', message: 'The recipient must be an Organization or one of Tandem’s general designations ("my treating providers")' });
  }

  const information = [...new Set(codesIn(provision?.class, tandemSystem('consent-information')))].filter((i): i is ConsentInformation =>
    (CONSENT_INFORMATION as readonly string[]).includes(i),
  );
  if (information.length === 0) issues.push({ path: 'Consent.provision.class', message: `Name what may be disclosed (${tandemSystem('consent-information')}: ${CONSENT_INFORMATION.join(', ')})` });

  const purposeCodes = (provision?.purpose ?? []).flatMap((p) =>
    p.system === SYSTEM.actReason && p.code && PURPOSE_OF_USE[p.code]
      ? [PURPOSE_OF_USE[p.code] as ConsentPurpose]
      : p.system === tandemSystem('consent-purpose') && (CONSENT_PURPOSES as readonly string[]).includes(p.code ?? '')
        ? [p.code as ConsentPurpose]
        : [],
  );
  const purposes = [...new Set(purposeCodes)];
  if (purposes.length === 0) issues.push({ path: 'Consent.provision.purpose', message: 'Name the purpose of the disclosure (v3 ActReason TREAT, COC or HPAYMT, or a Tandem consent purpose)' });
  if (purposes.includes('other')) issues.push({ path: 'Consent.provision.purpose', message: 'An "other" purpose needs its description, which a FHIR Consent does not carry: record this consent in Tandem' });

  const signedOn = calendarDate(c.dateTime) ?? calendarDate(provision?.period?.start);
  if (!signedOn) issues.push({ path: 'Consent.dateTime', message: 'The date the consent was signed is required (YYYY-MM-DD)' });
  const verified = (c.verification ?? []).some((v) => v.verified && v.verifiedWith?.reference?.includes('Patient'));
  if (!verified && !c.sourceAttachment && !c.sourceReference) {
    issues.push({ path: 'Consent.verification', message: 'A consent must be signed: give the patient’s verification or the signed form (sourceAttachment)' });
  }
  const discloser = c.organization?.[0]?.display?.trim();
  if (!discloser) issues.push({ path: 'Consent.organization.display', message: 'Name who discloses (the program holding the records) in organization.display' });

  const end = provision?.period?.end;
  const endsOn = end === undefined ? null : calendarDate(end);
  if (end !== undefined && !endsOn) issues.push({ path: 'Consent.provision.period.end', message: 'Use a date (YYYY-MM-DD)' });
  const expiryEvent = c.policyRule?.text?.match(EXPIRY_EVENT)?.[1]?.trim() ?? null;
  let revokedOn: string | null = null;
  if (c.status === 'inactive') {
    if (!endsOn || endsOn > today) issues.push({ path: 'Consent.provision.period.end', message: 'An inactive consent needs the day it ended, today or earlier' });
    else if (endsOn === today) revokedOn = today;
  } else if (!endsOn && !expiryEvent) {
    issues.push({ path: 'Consent.provision.period.end', message: 'A consent ends on a date or at an event: give provision.period.end (or the event in policyRule.text after "ends at:")' });
  }
  if (issues.length || !c.patient || !recipient || !signedOn || !discloser) return issues;
  return {
    tandemId: tandemIdOf(c.identifier),
    patient: c.patient,
    recipient,
    discloser,
    information,
    purposes,
    signedOn,
    expiresOn: endsOn,
    expiryEvent,
    revokedOn,
  };
}

/** The same consent already recorded: same recipient, information, purposes, dates. */
export function sameConsent(existing: Consent, read: Omit<ConsentRead, 'recipient'>, recipient: { resourceId: string } | { recipientClass: ConsentRecipientClass }): boolean {
  const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
  const sameRecipient =
    'resourceId' in recipient
      ? existing.recipient.kind === 'resource' && existing.recipient.resourceId === recipient.resourceId
      : existing.recipient.kind === 'class' && existing.recipient.recipientClass === recipient.recipientClass;
  const existingEnd = existing.revocation?.revokedOn ?? existing.expiresOn;
  return (
    sameRecipient &&
    sameSet(existing.information, read.information) &&
    sameSet(existing.purposes, read.purposes) &&
    existing.signedOn === read.signedOn &&
    existingEnd === (read.revokedOn ?? read.expiresOn) &&
    existing.expiryEvent === read.expiryEvent
  );
}
