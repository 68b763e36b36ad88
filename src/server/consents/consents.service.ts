/**
 * 42 CFR Part 2 consents of a participant: record one (never edited), revoke it
 * (a revocation record of its own; refused while a §2.35 consent is irrevocable),
 * read them with their status today. For other features: which consent, if any,
 * allows a disclosure (`checkConsentFor`). Each call first makes sure the actor may
 * see the participant (404 otherwise) and audits in the same transaction, by
 * field name, never values.
 */
import {
  consentDateIssues,
  consentStatus,
  findCoveringConsent,
  RECIPIENT_CLASS_LABELS,
  type Consent,
  type ConsentCheck,
  type ConsentCreate,
  type ConsentFacts,
  type DisclosureNeed,
  type ConsentRevoke,
} from '../../core/consents.ts';
import { participantListAudit, recordAudit } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { Conflict, NotFound, ValidationError } from '../http/errors.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import { getResource } from '../resources/resources.service.ts';
import { getVisibleSite } from '../sites/sites.service.ts';
import { findRevocation, insertConsents, insertRevocation, loadConsents, lockConsent, type ConsentBundle, type ConsentValues } from './consents.repository.ts';

const actorId = (actor: Actor) => (actor.via === 'system' ? null : actor.userId);

/** The participant (locked when changing) and today's date at their site. */
async function context(tx: Tx, actor: Actor, participantId: string, now: Date, forUpdate = false) {
  const participant = await requireVisibleParticipant(tx, actor, participantId, { forUpdate });
  const site = await getVisibleSite(tx, actor, participant.siteId);
  return { participant, site, today: isoDateIn(now, site.timeZone) };
}

function factsOf(row: ConsentBundle['row'], revocation: ConsentBundle['revocation']): ConsentFacts {
  return {
    id: row.id,
    recipient:
      row.recipientResourceId !== null
        ? { kind: 'resource', resourceId: row.recipientResourceId, name: row.recipientName }
        : { kind: 'class', recipientClass: row.recipientClass ?? 'treating_providers', name: row.recipientName },
    information: row.information,
    purposes: row.purposes,
    expiresOn: row.expiresOn,
    signedOn: row.signedOn,
    revocation: revocation ? { revokedOn: revocation.revokedOn } : null,
  };
}

function toConsent(b: ConsentBundle, today: string): Consent {
  const r = b.row;
  const facts = factsOf(r, b.revocation);
  return {
    id: r.id,
    participantId: r.participantId,
    siteId: r.siteId,
    discloser: r.discloser,
    recipient: facts.recipient,
    information: r.information,
    purposes: r.purposes,
    purposeOther: r.purposeOther,
    expiresOn: r.expiresOn,
    expiryEvent: r.expiryEvent,
    signature: { kind: r.signatureKind, typedName: r.signatureName, image: r.signatureImage },
    signedOn: r.signedOn,
    irrevocableUntil: r.irrevocableUntil,
    revocation: b.revocation
      ? {
          revokedOn: b.revocation.revokedOn,
          note: b.revocation.note,
          recordedAt: b.revocation.recordedAt.toISOString(),
          recordedBy: b.revocation.recordedBy ? { id: b.revocation.recordedBy, name: b.revokedByName ?? '' } : null,
        }
      : null,
    status: consentStatus(facts, today),
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy ? { id: r.createdBy, name: b.createdByName ?? '' } : null,
  };
}

async function loadOne(tx: Tx, participantId: string, id: string, today: string): Promise<Consent> {
  const [bundle] = await loadConsents(tx, participantId, id);
  if (!bundle) throw new NotFound('Consent');
  return toConsent(bundle, today);
}

export async function listConsents(tx: Tx, actor: Actor, participantId: string, now: Date): Promise<{ items: Consent[] }> {
  const { today } = await context(tx, actor, participantId, now);
  const items = (await loadConsents(tx, participantId)).map((b) => toConsent(b, today));
  await recordAudit(tx, actor, now, participantListAudit('consent.list', participantId, { consentIds: items.map((c) => c.id) }));
  return { items };
}

export async function getConsent(tx: Tx, actor: Actor, participantId: string, id: string, now: Date): Promise<Consent> {
  const { today } = await context(tx, actor, participantId, now);
  const consent = await loadOne(tx, participantId, id, today);
  await recordAudit(tx, actor, now, { action: 'consent.read', recordType: 'consent', recordId: id, participantId });
  return consent;
}

/** The recipient as it will be written on the consent: a directory organization that exists and is not archived, or a class. */
async function recipientOf(tx: Tx, input: ConsentCreate) {
  if (input.recipient.kind === 'class') {
    return { recipientResourceId: null, recipientClass: input.recipient.recipientClass, recipientName: RECIPIENT_CLASS_LABELS[input.recipient.recipientClass] };
  }
  const resourceId = input.recipient.resourceId;
  const resource = await getResource(tx, resourceId).catch((err: unknown) => {
    if (err instanceof NotFound) throw new ValidationError([{ path: 'recipient.resourceId', message: 'No such organization in the resource directory' }]);
    throw err;
  });
  if (resource.archived) throw new ValidationError([{ path: 'recipient.resourceId', message: 'This organization is archived in the directory' }]);
  return { recipientResourceId: resourceId, recipientClass: null, recipientName: resource.name };
}

/** The fields a consent records, by name, for the audit trail. */
const CONSENT_FIELDS = ['discloser', 'recipient', 'information', 'purposes', 'purposeOther', 'expiresOn', 'expiryEvent', 'signature', 'signedOn', 'irrevocableUntil'] as const;

export async function recordConsent(tx: Tx, actor: Actor, participantId: string, input: ConsentCreate, now: Date, options: { at?: Date } = {}): Promise<Consent> {
  const { participant, today } = await context(tx, actor, participantId, now);
  const issues = consentDateIssues(input, today);
  if (issues.length) throw new ValidationError(issues);
  const values: ConsentValues = {
    participantId,
    siteId: participant.siteId,
    discloser: input.discloser,
    ...(await recipientOf(tx, input)),
    information: input.information,
    purposes: input.purposes,
    purposeOther: input.purposes.includes('other') ? input.purposeOther : null,
    expiresOn: input.expiresOn,
    expiryEvent: input.expiryEvent,
    signatureKind: input.signature.kind,
    signatureName: input.signature.typedName,
    signatureImage: input.signature.kind === 'drawn' ? input.signature.image : null,
    signedOn: input.signedOn,
    irrevocableUntil: input.irrevocableUntil,
    createdAt: options.at ?? now,
    createdBy: actorId(actor),
  };
  const [row] = await insertConsents(tx, [values]);
  if (!row) throw new Error('insert returned no row');
  await recordAudit(tx, actor, options.at ?? now, {
    action: 'consent.create',
    recordType: 'consent',
    recordId: row.id,
    participantId,
    details: { fields: CONSENT_FIELDS.filter((f) => input[f] !== null && input[f] !== undefined), signature: input.signature.kind },
  });
  return loadOne(tx, participantId, row.id, today);
}

/**
 * Revokes a consent from `revokedOn` (today or earlier, not before it was signed).
 * Refused with 409 `consent_irrevocable` before its §2.35 date and with 409
 * `already_revoked` the second time.
 */
export async function revokeConsent(
  tx: Tx,
  actor: Actor,
  participantId: string,
  consentId: string,
  input: ConsentRevoke,
  now: Date,
  options: { at?: Date } = {},
): Promise<Consent> {
  const { today } = await context(tx, actor, participantId, now);
  const consent = await lockConsent(tx, participantId, consentId);
  if (!consent) throw new NotFound('Consent');
  if (await findRevocation(tx, consentId)) throw new Conflict('This consent has already been revoked.', 'already_revoked');
  if (input.revokedOn > today) throw new ValidationError([{ path: 'revokedOn', message: 'Cannot be in the future' }]);
  if (input.revokedOn < consent.signedOn) throw new ValidationError([{ path: 'revokedOn', message: 'Cannot be before the consent was signed' }]);
  if (consent.irrevocableUntil !== null && input.revokedOn < consent.irrevocableUntil) {
    throw new Conflict(
      `This consent cannot be revoked before ${consent.irrevocableUntil}: it allows disclosures to the criminal justice system that referred the participant, and was made irrevocable until then (42 CFR 2.35).`,
      'consent_irrevocable',
    );
  }
  await insertRevocation(tx, { consentId, revokedOn: input.revokedOn, note: input.note, recordedAt: options.at ?? now, recordedBy: actorId(actor) });
  await recordAudit(tx, actor, options.at ?? now, {
    action: 'consent.revoke',
    recordType: 'consent',
    recordId: consentId,
    participantId,
    details: { fields: ['revokedOn', ...(input.note ? ['note'] : [])] },
  });
  return loadOne(tx, participantId, consentId, today);
}

/* ---------- for other features ---------- */

/** The participant's consents as the core rules read them (for a caller that checks several disclosures at once). Writes no audit row. */
export async function consentFactsFor(tx: Tx, participantId: string): Promise<ConsentFacts[]> {
  return (await loadConsents(tx, participantId)).map((b) => factsOf(b.row, b.revocation));
}

/**
 * Which consent allows this disclosure of the participant's records today (at
 * their site), or what is missing. The caller has already made sure the actor may
 * see the participant, and audits what it does; this writes no audit row.
 */
export async function checkConsentFor(tx: Tx, participantId: string, need: DisclosureNeed, today: string): Promise<ConsentCheck> {
  const bundles = await loadConsents(tx, participantId);
  return findCoveringConsent(
    bundles.map((b) => factsOf(b.row, b.revocation)),
    need,
    today,
  );
}
