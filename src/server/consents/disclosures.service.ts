/**
 * The accounting of disclosures (42 CFR Part 2): every time a participant's
 * records leave the program for an outside party — a referral sent, a printout or
 * an export — a row says to whom, what, when, under which consent and by whom.
 * The participant may ask for the last three years; each disclosure carried the
 * §2.32 notice that redisclosure is prohibited. A printout for an outside party is
 * recorded here too (`recordPrintout`), under the same consent check as a referral.
 */
import {
  ACCOUNTING_YEARS,
  REDISCLOSURE_NOTICE,
  type ConsentInformation,
  type ConsentPurpose,
  type Disclosure,
  type DisclosureKind,
  type DisclosureList,
  type Printout,
} from '../../core/consents.ts';
import { addDays, addMonths } from '../../core/enrollments.ts';
import { participantListAudit, recordAudit } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { Conflict, NotFound, ValidationError } from '../http/errors.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import { findReferral } from '../referrals/referrals.repository.ts';
import { getResource } from '../resources/resources.service.ts';
import { getVisibleSite } from '../sites/sites.service.ts';
import { checkConsentFor } from './consents.service.ts';
import { findCitedConsent, insertDisclosure, insertDisclosures, loadDisclosures, type CitedConsent, type DisclosureRow } from './consents.repository.ts';

export interface DisclosureRecord {
  participantId: string;
  siteId: string;
  kind: DisclosureKind;
  recipientName: string;
  recipientResourceId: string | null;
  information: readonly ConsentInformation[];
  purpose: ConsentPurpose;
  consentId: string;
  referralId: string | null;
}

function toDisclosure(row: DisclosureRow, byName: string | null, consent: CitedConsent): Disclosure {
  return {
    id: row.id,
    participantId: row.participantId,
    kind: row.kind,
    disclosedAt: row.disclosedAt.toISOString(),
    recipientName: row.recipientName,
    recipientResourceId: row.recipientResourceId,
    information: row.information,
    purpose: row.purpose,
    consentId: row.consentId,
    consent: { id: consent.id, signedOn: consent.signedOn, recipientName: consent.recipientName },
    referralId: row.referralId,
    disclosedBy: row.disclosedBy ? { id: row.disclosedBy, name: byName ?? '' } : null,
    notice: REDISCLOSURE_NOTICE,
  };
}

/**
 * Writes a disclosure into the accounting (for the feature that discloses: it has
 * checked the consent and the actor's access to the participant). Audited as
 * `disclosure.create`.
 */
export async function recordDisclosure(tx: Tx, actor: Actor, d: DisclosureRecord, now: Date): Promise<Disclosure> {
  const row = await insertDisclosure(tx, {
    ...d,
    information: [...d.information],
    disclosedAt: now,
    disclosedBy: actor.via === 'system' ? null : actor.userId,
  });
  await recordAudit(tx, actor, now, {
    action: 'disclosure.create',
    recordType: 'disclosure',
    recordId: row.id,
    participantId: d.participantId,
    details: { kind: d.kind, consentId: d.consentId, referralId: d.referralId },
  });
  return toDisclosure(row, actor.name, await findCitedConsent(tx, d.consentId));
}

/**
 * Several past disclosures at their own moments, in one statement (the demo seed,
 * a data import): the caller has checked each consent as of its moment. Audited as
 * `recordDisclosure` would have, each at its moment.
 */
export async function importDisclosures(tx: Tx, actor: Actor, records: readonly (DisclosureRecord & { at: Date })[]): Promise<number> {
  const rows = await insertDisclosures(
    tx,
    records.map(({ at, ...d }) => ({ ...d, information: [...d.information], disclosedAt: at, disclosedBy: actor.via === 'system' ? null : actor.userId })),
  );
  for (const [i, row] of rows.entries()) {
    const d = records[i];
    if (!d) continue;
    await recordAudit(tx, actor, d.at, {
      action: 'disclosure.create',
      recordType: 'disclosure',
      recordId: row.id,
      participantId: d.participantId,
      details: { kind: d.kind, consentId: d.consentId, referralId: d.referralId },
    });
  }
  return rows.length;
}

/** The participant's accounting of disclosures: the last three years to today at their site, oldest first. */
export async function listDisclosures(tx: Tx, actor: Actor, participantId: string, now: Date): Promise<DisclosureList> {
  const participant = await requireVisibleParticipant(tx, actor, participantId);
  const site = await getVisibleSite(tx, actor, participant.siteId);
  const to = isoDateIn(now, site.timeZone);
  const from = addDays(addMonths(to, -12 * ACCOUNTING_YEARS), 1);
  // A day early in UTC, then exactly by the site's calendar.
  const rows = await loadDisclosures(tx, participantId, new Date(`${addDays(from, -1)}T00:00:00Z`));
  const items = rows.filter((r) => isoDateIn(r.row.disclosedAt, site.timeZone) >= from).map((r) => toDisclosure(r.row, r.byName, r.consent));
  await recordAudit(tx, actor, now, participantListAudit('disclosure.list', participantId, { disclosureIds: items.map((d) => d.id) }));
  return { from, to, items, notice: REDISCLOSURE_NOTICE };
}

/**
 * A printout for an outside organization (the participant's record or part of it,
 * such as a referral packet): allowed only under an active consent covering that
 * organization, the information printed and the purpose (409 `consent_required`
 * naming what is missing), then written into the accounting. The answer carries
 * the §2.32 notice to print with it.
 */
export async function recordPrintout(tx: Tx, actor: Actor, participantId: string, input: Printout, now: Date): Promise<Disclosure> {
  const participant = await requireVisibleParticipant(tx, actor, participantId);
  const site = await getVisibleSite(tx, actor, participant.siteId);
  if (input.referralId !== null) {
    const referral = await findReferral(tx, input.referralId);
    if (referral?.participantId !== participantId) throw new ValidationError([{ path: 'referralId', message: 'No such referral for this participant' }]);
  }
  const resource = await getResource(tx, input.recipientResourceId).catch((err: unknown) => {
    if (err instanceof NotFound) throw new ValidationError([{ path: 'recipientResourceId', message: 'No such organization in the resource directory' }]);
    throw err;
  });
  const categories = [...new Set(resource.services.flatMap((s) => s.categories))];
  const check = await checkConsentFor(
    tx,
    participantId,
    { to: { resourceId: resource.id, name: resource.name, categories }, information: input.information, purposes: [input.purpose] },
    isoDateIn(now, site.timeZone),
  );
  if (!check.ok) throw new Conflict(check.message, 'consent_required');
  return recordDisclosure(
    tx,
    actor,
    {
      participantId,
      siteId: participant.siteId,
      kind: 'printout',
      recipientName: resource.name,
      recipientResourceId: resource.id,
      information: input.information,
      purpose: input.purpose,
      consentId: check.consent.id,
      referralId: input.referralId,
    },
    now,
  );
}
