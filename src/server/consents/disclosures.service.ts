/**
 * The accounting of disclosures (42 CFR Part 2): every time a participant's
 * records leave the program for an outside party — a referral sent, a printout or
 * an export — a row says to whom, what, when, under which consent and by whom.
 * The participant may ask for the last three years; each disclosure carried the
 * §2.32 notice that redisclosure is prohibited.
 */
import { ACCOUNTING_YEARS, REDISCLOSURE_NOTICE, type ConsentInformation, type ConsentPurpose, type Disclosure, type DisclosureKind, type DisclosureList } from '../../core/consents.ts';
import { addDays, addMonths } from '../../core/enrollments.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import { getVisibleSite } from '../sites/sites.service.ts';
import { insertDisclosure, insertDisclosures, loadDisclosures, type DisclosureRow } from './consents.repository.ts';

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

function toDisclosure(row: DisclosureRow, byName: string | null): Disclosure {
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
  return toDisclosure(row, actor.name);
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
  const items = rows.filter((r) => isoDateIn(r.row.disclosedAt, site.timeZone) >= from).map((r) => toDisclosure(r.row, r.byName));
  await recordAudit(tx, actor, now, {
    action: 'disclosure.list',
    recordType: 'participant',
    recordId: participantId,
    participantId,
    details: { disclosureIds: items.map((d) => d.id) },
  });
  return { from, to, items, notice: REDISCLOSURE_NOTICE };
}
