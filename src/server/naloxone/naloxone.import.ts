/** A whole naloxone history written in bulk: the demo seed, a migration from another system. */
import { randomUUID } from 'node:crypto';
import {
  signedKits,
  type DistributionInput,
  type MovementKind,
  type NaloxoneProduct,
  type RefillInput,
  type ReversalInput,
} from '../../core/naloxone.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import {
  insertDistributions,
  insertLots,
  insertMovements,
  insertRefill,
  insertReversal,
  negativeLots,
  type MovementValues,
} from './naloxone.repository.ts';
import { actorId } from './naloxone.shared.ts';
import { DISTRIBUTION_FIELDS, REVERSAL_FIELDS } from './naloxone.service.ts';

export interface NaloxoneHistory {
  lots: { key: string; siteId: string; product: NaloxoneProduct; lotNumber: string; expiresOn: string; at: Date }[];
  /** Stock movements other than distributions; a transfer is its two rows sharing `transferKey`. */
  movements: {
    lotKey: string;
    kind: Exclude<MovementKind, 'distributed'>;
    kits: number;
    occurredOn: string;
    source?: string;
    counterpartSiteId?: string;
    transferKey?: string;
    reason?: string;
    note?: string;
    by: Actor;
    at: Date;
  }[];
  distributions: { key: string; input: DistributionInput; allocations: { lotKey: string; kits: number }[]; by: Actor; at: Date }[];
  reversals: { input: ReversalInput; distributionKey?: string; participantId: string | null; by: Actor; at: Date }[];
  refills: { input: RefillInput; distributionKey?: string; participantId: string | null; by: Actor; at: Date }[];
}

/**
 * Writes a whole naloxone history in a few statements (lots, movements,
 * distributions and their movements, reversals, refills), audited as the API
 * would have audited each record. The caller orders and allocates the kits; this
 * checks the rules the API holds (kits by kind, a distribution's kits equal to its
 * allocations, no lot ending below zero) and fails the whole import otherwise.
 */
export async function importNaloxoneHistory(tx: Tx, history: NaloxoneHistory): Promise<{ lots: number; movements: number; distributions: number }> {
  const lotIds = new Map<string, string>();
  if (history.lots.length > 0) {
    const rows = await insertLots(tx, history.lots.map((l) => ({ siteId: l.siteId, product: l.product, lotNumber: l.lotNumber, expiresOn: l.expiresOn, createdAt: l.at })));
    history.lots.forEach((l, i) => {
      const row = rows[i];
      if (row) lotIds.set(l.key, row.id);
    });
  }
  const lotSite = new Map(history.lots.map((l) => [l.key, l.siteId]));
  const lotId = (key: string) => {
    const id = lotIds.get(key);
    if (!id) throw new Error(`import: unknown lot ${key}`);
    return id;
  };
  const transferIds = new Map<string, string>();
  const values: MovementValues[] = history.movements.map((m) => {
    if (m.kind !== 'adjustment' && Math.sign(m.kits) !== Math.sign(signedKits(m.kind, 1))) throw new Error(`import: ${m.kind} of ${String(m.kits)} kits`);
    let transferId: string | null = null;
    if (m.transferKey) {
      transferId = transferIds.get(m.transferKey) ?? randomUUID();
      transferIds.set(m.transferKey, transferId);
    }
    return {
      siteId: lotSite.get(m.lotKey) ?? '',
      lotId: lotId(m.lotKey),
      kind: m.kind,
      kits: m.kits,
      occurredOn: m.occurredOn,
      source: m.source ?? null,
      counterpartSiteId: m.counterpartSiteId ?? null,
      transferId,
      reason: m.reason ?? null,
      note: m.note ?? null,
      createdAt: m.at,
      createdBy: actorId(m.by),
    };
  });

  const distributionIds = new Map<string, string>();
  if (history.distributions.length > 0) {
    for (const d of history.distributions) {
      if (d.allocations.reduce((n, a) => n + a.kits, 0) !== d.input.kits) throw new Error(`import: distribution ${d.key} allocates other than ${String(d.input.kits)} kits`);
    }
    const rows = await insertDistributions(
      tx,
      history.distributions.map(({ input, by, at }) => {
          const community = input.recipientType === 'community';
          return {
            siteId: input.siteId,
            recipientType: input.recipientType,
            participantId: community ? null : (input.participantId ?? null),
            relationship: input.recipientType === 'support_person' ? (input.relationship ?? null) : null,
            recipientName: community ? null : (input.recipientName ?? null),
            communityRecipient: community ? (input.communityRecipient ?? null) : null,
            peopleCount: community ? (input.peopleCount ?? 1) : null,
            zip: input.zip ?? null,
            product: input.product,
            kits: input.kits,
            distributedOn: input.distributedOn,
            trainingGiven: input.trainingGiven,
            trainedBy: input.trainingGiven ? actorId(by) : null,
            location: input.location ?? null,
            eventName: input.eventName ?? null,
            note: input.note ?? null,
            createdAt: at,
            createdBy: actorId(by),
          };
        }),
    );
    history.distributions.forEach((d, i) => {
      const row = rows[i];
      if (!row) return;
      distributionIds.set(d.key, row.id);
      for (const a of d.allocations) {
        values.push({
          siteId: d.input.siteId,
          lotId: lotId(a.lotKey),
          kind: 'distributed',
          kits: -a.kits,
          occurredOn: d.input.distributedOn,
          distributionId: row.id,
          createdAt: d.at,
          createdBy: actorId(d.by),
        });
      }
    });
    const audits = history.distributions.flatMap((d, i) =>
      d.input.participantId && rows[i]
        ? [{ by: d.by, at: d.at, entry: { action: 'naloxone_distribution.create', recordType: 'naloxone_distribution', recordId: rows[i].id, participantId: d.input.participantId, details: { fields: DISTRIBUTION_FIELDS.filter((f) => d.input[f] !== undefined && d.input[f] !== null) } } }]
        : [],
    );
    for (const a of audits) await recordAudit(tx, a.by, a.at, a.entry);
  }
  for (let i = 0; i < values.length; i += 1000) await insertMovements(tx, values.slice(i, i + 1000));

  for (const r of history.reversals) {
    const distributionId = r.distributionKey ? (distributionIds.get(r.distributionKey) ?? null) : null;
    const { id } = await insertReversal(tx, {
      siteId: r.input.siteId,
      distributionId,
      participantId: r.participantId,
      occurredOn: r.input.occurredOn,
      zip: r.input.zip ?? null,
      administeredBy: r.input.administeredBy,
      dosesUsed: r.input.dosesUsed,
      survived: r.input.survived,
      emsCalled: r.input.emsCalled,
      rescueBreathing: r.input.rescueBreathing,
      note: r.input.note ?? null,
      createdAt: r.at,
      createdBy: actorId(r.by),
    });
    await recordAudit(tx, r.by, r.at, { action: 'naloxone_reversal.create', recordType: 'naloxone_reversal', recordId: id, participantId: r.participantId, details: { fields: REVERSAL_FIELDS.filter((f) => r.input[f] !== undefined && r.input[f] !== null) } });
  }
  for (const r of history.refills) {
    const distributionId = r.distributionKey ? (distributionIds.get(r.distributionKey) ?? null) : null;
    const { id } = await insertRefill(tx, {
      siteId: r.input.siteId,
      reason: r.input.reason,
      distributionId,
      participantId: r.participantId,
      reversalId: null,
      requestedOn: r.input.requestedOn,
      note: r.input.note ?? null,
      createdAt: r.at,
      createdBy: actorId(r.by),
    });
    await recordAudit(tx, r.by, r.at, { action: 'naloxone_refill.create', recordType: 'naloxone_refill', recordId: id, participantId: r.participantId, details: { fields: ['reason', 'requestedOn'] } });
  }

  const negative = await negativeLots(tx, [...lotIds.values()]);
  if (negative.length > 0) throw new Error(`import: ${String(negative.length)} lot(s) would hold fewer than zero kits`);
  return { lots: lotIds.size, movements: values.length, distributions: distributionIds.size };
}
