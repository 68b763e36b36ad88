/**
 * Naloxone stock per site: the sum of append-only movements per lot, and the
 * movements staff record (receive, transfer, write off, adjust after a count).
 *
 * Stock never goes negative and two staff taking the last kit at once cannot
 * both succeed: every movement that takes kits locks the lot rows it draws from
 * (SELECT … FOR UPDATE, in id order), sums their movements after the lock and
 * only then checks and inserts, all in the caller's transaction. Stock is site
 * data: anyone who may see the site reads it.
 */
import { randomUUID } from 'node:crypto';
import {
  byExpiry,
  expiryStatus,
  signedKits,
  type AdjustInput,
  type LotStock,
  type Movement,
  type MovementInput,
  type MovementsQuery,
  type ReceiveInput,
  type RemoveInput,
  type Stock,
  type TransferInput,
} from '../../core/naloxone.ts';
import { NALOXONE_PRODUCTS } from '../../core/naloxone.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Tx } from '../db/database.ts';
import { systemActor, type Actor } from '../http/actor.ts';
import { Conflict, NotFound, ValidationError } from '../http/errors.ts';
import { getVisibleSite } from '../sites/sites.service.ts';
import { findLotByNumber, findOrCreateLot, insertMovements, loadMovements, stockRows, type MovementValues } from './naloxone.repository.ts';
import { actorId, failIf, lockedLot, notEnough, notInFuture, person, siteContext } from './naloxone.shared.ts';

/* ---------- stock ---------- */

export async function getStock(tx: Tx, actor: Actor, siteId: string, now: Date): Promise<Stock> {
  const { site, today } = await siteContext(tx, actor, siteId, now);
  const rows = await stockRows(tx, siteId);
  const lots: LotStock[] = rows.map((r) => ({
    lotId: r.lot.id,
    product: r.lot.product,
    lotNumber: r.lot.lotNumber,
    expiresOn: r.lot.expiresOn,
    expiry: expiryStatus(r.lot.expiresOn, today),
    onHand: r.onHand,
    received: r.received,
    transferredIn: r.transferredIn,
    transferredOut: -r.transferredOut,
    distributed: -r.distributed,
    expiredDestroyed: -r.expiredDestroyed,
    lost: -r.lost,
    adjustments: r.adjustments,
  }));
  const totals = NALOXONE_PRODUCTS.map((product) => {
    const of = lots.filter((l) => l.product === product);
    return {
      product,
      onHand: of.reduce((n, l) => n + l.onHand, 0),
      usable: of.filter((l) => l.expiry !== 'expired').reduce((n, l) => n + l.onHand, 0),
    };
  }).filter((t) => t.onHand !== 0 || lots.some((l) => l.product === t.product));
  const alerts = lots.filter((l) => l.onHand > 0 && l.expiry !== 'ok').sort((a, b) => byExpiry({ ...a, id: a.lotId }, { ...b, id: b.lotId }));
  return { site: { id: site.id, name: site.name }, today, lots, totals, alerts };
}

/* ---------- movements ---------- */

type MovementBundle = Awaited<ReturnType<typeof loadMovements>>[number];

function toMovement(b: MovementBundle): Movement {
  const r = b.row;
  return {
    id: r.id,
    siteId: r.siteId,
    lotId: r.lotId,
    product: b.lot.product,
    lotNumber: b.lot.lotNumber,
    expiresOn: b.lot.expiresOn,
    kind: r.kind,
    kits: r.kits,
    occurredOn: r.occurredOn,
    source: r.source,
    counterpartSite: r.counterpartSiteId ? { id: r.counterpartSiteId, name: b.counterpartName ?? '' } : null,
    transferId: r.transferId,
    distributionId: r.distributionId,
    reason: r.reason,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    createdBy: person(r.createdBy, b.createdByName),
  };
}

export async function listMovements(tx: Tx, actor: Actor, query: MovementsQuery, now: Date): Promise<{ items: Movement[] }> {
  await siteContext(tx, actor, query.siteId, now);
  const rows = await loadMovements(tx, { siteId: query.siteId, ...(query.lotId ? { lotId: query.lotId } : {}) }, query.limit);
  return { items: rows.map(toMovement) };
}

/**
 * Records a movement at one of the actor's sites (naloxone:manage). A transfer
 * is returned as its two rows, out here and in at the other site.
 */
export async function recordMovement(tx: Tx, actor: Actor, input: MovementInput, now: Date): Promise<{ items: Movement[] }> {
  const { today } = await siteContext(tx, actor, input.siteId, now);
  failIf(notInFuture('occurredOn', input.occurredOn, today));
  const base = { siteId: input.siteId, occurredOn: input.occurredOn, note: input.note ?? null, createdAt: now, createdBy: actorId(actor) };
  let values: MovementValues[];
  switch (input.kind) {
    case 'received':
      values = await receive(tx, input, base, now);
      break;
    case 'transfer_out':
      values = await transfer(tx, input, base, now);
      break;
    case 'expired_destroyed':
    case 'lost':
      values = await remove(tx, input, base);
      break;
    case 'adjustment':
      values = await adjust(tx, input, base);
      break;
  }
  const ids = (await insertMovements(tx, values)).map((r) => r.id);
  await recordAudit(
    tx,
    actor,
    now,
    ids.map((id) => ({ action: 'naloxone_movement.create', recordType: 'naloxone_movement', recordId: id, details: { kind: input.kind } })),
  );
  const here = await loadMovements(tx, { siteId: input.siteId, ids }, ids.length);
  const there = values[1] ? await loadMovements(tx, { siteId: values[1].siteId, ids }, ids.length) : [];
  return { items: [...here, ...there].map(toMovement) };
}

type Base = Pick<MovementValues, 'siteId' | 'occurredOn' | 'note' | 'createdAt' | 'createdBy'>;

async function receive(tx: Tx, input: ReceiveInput, base: Base, now: Date): Promise<MovementValues[]> {
  const existing = await findLotByNumber(tx, input.siteId, input.product, input.lotNumber);
  if (existing && existing.expiresOn !== input.expiresOn) {
    throw new ValidationError([{ path: 'expiresOn', message: `Lot ${input.lotNumber} is recorded here as expiring on ${existing.expiresOn}` }]);
  }
  const lot = existing ?? (await findOrCreateLot(tx, { siteId: input.siteId, product: input.product, lotNumber: input.lotNumber, expiresOn: input.expiresOn, createdAt: now }));
  if (lot.expiresOn !== input.expiresOn) {
    throw new ValidationError([{ path: 'expiresOn', message: `Lot ${input.lotNumber} is recorded here as expiring on ${lot.expiresOn}` }]);
  }
  return [{ ...base, lotId: lot.id, kind: 'received', kits: signedKits('received', input.kits), source: input.source }];
}

async function transfer(tx: Tx, input: TransferInput, base: Base, now: Date): Promise<MovementValues[]> {
  if (input.toSiteId === input.siteId) throw new ValidationError([{ path: 'toSiteId', message: 'Choose another site' }]);
  // Any active site of the program may receive a transfer, not only the sender's own.
  const to = await getVisibleSite(tx, systemActor, input.toSiteId).catch((err: unknown) => {
    if (err instanceof NotFound) throw new ValidationError([{ path: 'toSiteId', message: 'No such site' }]);
    throw err;
  });
  if (!to.active) throw new ValidationError([{ path: 'toSiteId', message: 'This site is no longer active' }]);
  const lot = await lockedLot(tx, input.siteId, input.lotId);
  if (lot.onHand < input.kits) throw notEnough(lot.onHand, input.kits);
  const theirs = await findOrCreateLot(tx, { siteId: to.id, product: lot.product, lotNumber: lot.lotNumber, expiresOn: lot.expiresOn, createdAt: now });
  if (theirs.expiresOn !== lot.expiresOn) {
    throw new Conflict(`${to.name} holds lot ${lot.lotNumber} with another expiry date (${theirs.expiresOn}). Correct the lot there first.`, 'lot_mismatch');
  }
  const transferId = randomUUID();
  return [
    { ...base, lotId: lot.id, kind: 'transfer_out', kits: signedKits('transfer_out', input.kits), counterpartSiteId: to.id, transferId },
    { ...base, siteId: to.id, lotId: theirs.id, kind: 'transfer_in', kits: signedKits('transfer_in', input.kits), counterpartSiteId: input.siteId, transferId },
  ];
}

async function remove(tx: Tx, input: RemoveInput, base: Base): Promise<MovementValues[]> {
  const lot = await lockedLot(tx, input.siteId, input.lotId);
  if (lot.onHand < input.kits) throw notEnough(lot.onHand, input.kits);
  return [{ ...base, lotId: lot.id, kind: input.kind, kits: signedKits(input.kind, input.kits) }];
}

async function adjust(tx: Tx, input: AdjustInput, base: Base): Promise<MovementValues[]> {
  const lot = await lockedLot(tx, input.siteId, input.lotId);
  const delta = input.countedKits - lot.onHand;
  if (delta === 0) throw new ValidationError([{ path: 'countedKits', message: `Matches the ${lot.onHand} kits on record: nothing to adjust` }]);
  return [{ ...base, lotId: lot.id, kind: 'adjustment', kits: delta, reason: input.reason }];
}
