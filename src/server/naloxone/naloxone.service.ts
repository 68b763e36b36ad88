/**
 * Naloxone: stock per site (the sum of append-only movements per lot), the
 * movements staff record (receive, transfer, write off, adjust after a count),
 * distributions, reported reversals and refill requests.
 *
 * Stock never goes negative and two staff taking the last kit at once cannot
 * both succeed: every movement that takes kits locks the lot rows it draws from
 * (SELECT … FOR UPDATE, in id order), sums their movements after the lock and
 * only then checks and inserts, all in the caller's transaction.
 *
 * Stock is site data (anyone who may see the site); a distribution, reversal or
 * refill that names a participant is participant data: it needs
 * participants:write to record and participants:read to read, and is audited
 * with the participant's id in the same transaction (field names, never values).
 */
import { randomUUID } from 'node:crypto';
import {
  byExpiry,
  expiryStatus,
  pickLots,
  signedKits,
  type AdjustInput,
  type Distribution,
  type DistributionInput,
  type DistributionsQuery,
  type LotAllocation,
  type LotStock,
  type Movement,
  type MovementInput,
  type MovementKind,
  type NaloxoneProduct,
  type MovementsQuery,
  type ReceiveInput,
  type Refill,
  type RefillInput,
  type RemoveInput,
  type Reversal,
  type ReversalInput,
  type Stock,
  type TransferInput,
} from '../../core/naloxone.ts';
import { NALOXONE_PRODUCTS } from '../../core/naloxone.ts';
import { recordAudit, type AuditEntry } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import type { Tx } from '../db/database.ts';
import { actorCan, canSeeSite, systemActor, type Actor } from '../http/actor.ts';
import { Conflict, Forbidden, NotFound, ValidationError, type FieldIssue } from '../http/errors.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import { getVisibleSite } from '../sites/sites.service.ts';
import {
  findDistribution,
  findLotByNumber,
  findOrCreateLot,
  findReversal,
  findStaffAtSite,
  insertDistribution,
  insertDistributions,
  insertLots,
  insertMovements,
  insertRefill,
  insertReversal,
  loadDistributions,
  loadMovements,
  loadRefills,
  loadReversals,
  lockLots,
  negativeLots,
  stockRows,
  type MovementValues,
} from './naloxone.repository.ts';

const actorId = (actor: Actor) => (actor.via === 'system' ? null : actor.userId);
const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

function failIf(issues: FieldIssue[]) {
  if (issues.length > 0) throw new ValidationError(issues);
}

/** The site (visible to the actor, else 404) and today's date there. */
async function siteContext(tx: Tx, actor: Actor, siteId: string, now: Date) {
  const site = await getVisibleSite(tx, actor, siteId);
  return { site, today: isoDateIn(now, site.timeZone) };
}

function notInFuture(path: string, date: string, today: string): FieldIssue[] {
  return date > today ? [{ path, message: 'Cannot be in the future' }] : [];
}

const notEnough = (onHand: number, asked: number) =>
  new Conflict(
    onHand === 0 ? 'There are no kits of this lot left at this site.' : `Only ${onHand} kit${onHand === 1 ? '' : 's'} on hand: ${asked} cannot be taken.`,
    'insufficient_stock',
    [{ path: 'kits', message: `Only ${onHand} on hand` }],
  );

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

/** The one lot of this site, locked, with its kits on hand; 404 for a lot of another site. */
async function lockedLot(tx: Tx, siteId: string, lotId: string) {
  const [lot] = await lockLots(tx, siteId, { lotId });
  if (!lot) throw new NotFound('Lot');
  return lot;
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

/* ---------- distributions ---------- */

type DistributionBundle = Awaited<ReturnType<typeof loadDistributions>>[number];

function toDistribution(b: DistributionBundle): Distribution {
  const r = b.row;
  return {
    id: r.id,
    siteId: r.siteId,
    siteName: b.siteName,
    recipientType: r.recipientType,
    participantId: r.participantId,
    relationship: r.relationship,
    recipientName: r.recipientName,
    communityRecipient: r.communityRecipient,
    peopleCount: r.peopleCount,
    zip: r.zip,
    product: r.product,
    kits: r.kits,
    lots: b.lots,
    distributedOn: r.distributedOn,
    trainingGiven: r.trainingGiven,
    trainedBy: person(r.trainedBy, b.trainedByName),
    location: r.location,
    eventName: r.eventName,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    createdBy: person(r.createdBy, b.createdByName),
  };
}

function requireWrite(actor: Actor) {
  if (!actorCan(actor, 'participants:write')) throw new Forbidden('Recording naloxone for a participant needs permission to change participant records');
}

/** Which lots the kits come from: the chosen one, or the earliest-expiring unexpired ones (locked either way). */
async function allocate(tx: Tx, input: DistributionInput, today: string): Promise<LotAllocation[]> {
  if (input.lotId) {
    const lot = await lockedLot(tx, input.siteId, input.lotId);
    if (lot.product !== input.product) throw new ValidationError([{ path: 'lotId', message: 'This lot is of another product' }]);
    if (expiryStatus(lot.expiresOn, today) === 'expired') throw new ValidationError([{ path: 'lotId', message: 'This lot has expired' }]);
    if (lot.onHand < input.kits) throw notEnough(lot.onHand, input.kits);
    return [{ lotId: lot.id, kits: input.kits }];
  }
  const lots = await lockLots(tx, input.siteId, { product: input.product });
  const picked = pickLots(lots, input.kits, today);
  if (!picked) {
    const usable = lots.filter((l) => expiryStatus(l.expiresOn, today) !== 'expired').reduce((n, l) => n + Math.max(0, l.onHand), 0);
    throw notEnough(usable, input.kits);
  }
  return picked;
}

const DISTRIBUTION_FIELDS = [
  'recipientType',
  'relationship',
  'recipientName',
  'product',
  'lotId',
  'kits',
  'distributedOn',
  'trainingGiven',
  'trainedById',
  'location',
  'eventName',
  'note',
] as const;

/**
 * Kits handed out from a site's stock: to a participant or someone in their
 * support system (participants:write, audited), or to community members.
 */
export async function recordDistribution(tx: Tx, actor: Actor, input: DistributionInput, now: Date): Promise<Distribution> {
  const { today } = await siteContext(tx, actor, input.siteId, now);
  if (input.participantId) {
    requireWrite(actor);
    await requireVisibleParticipant(tx, actor, input.participantId);
  }
  failIf(notInFuture('distributedOn', input.distributedOn, today));
  let trainedBy: string | null = null;
  if (input.trainingGiven) {
    trainedBy = input.trainedById ?? actorId(actor);
    if (input.trainedById && !(await findStaffAtSite(tx, input.trainedById, input.siteId))) {
      throw new ValidationError([{ path: 'trainedById', message: 'Choose an active staff member of this site' }]);
    }
  } else if (input.trainedById) {
    throw new ValidationError([{ path: 'trainedById', message: 'Only when training was given' }]);
  }
  const allocations = await allocate(tx, input, today);
  const community = input.recipientType === 'community';
  const row = await insertDistribution(tx, {
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
    trainedBy,
    location: input.location ?? null,
    eventName: input.eventName ?? null,
    note: input.note ?? null,
    createdAt: now,
    createdBy: actorId(actor),
  });
  const by = actorId(actor);
  await insertMovements(
    tx,
    allocations.map((a) => ({
      siteId: input.siteId,
      lotId: a.lotId,
      kind: 'distributed' as const,
      kits: signedKits('distributed', a.kits),
      occurredOn: input.distributedOn,
      distributionId: row.id,
      note: null,
      createdAt: now,
      createdBy: by,
    })),
  );
  await recordAudit(tx, actor, now, {
    action: 'naloxone_distribution.create',
    recordType: 'naloxone_distribution',
    recordId: row.id,
    participantId: row.participantId,
    details: { fields: DISTRIBUTION_FIELDS.filter((f) => input[f] !== undefined && input[f] !== null) },
  });
  const [bundle] = await loadDistributions(tx, { id: row.id }, 1);
  if (!bundle) throw new Error('distribution vanished');
  return toDistribution(bundle);
}

/** Reads of participant-linked rows, audited one row each with the participant's id. */
function readAudits(action: string, recordType: string, items: readonly { id: string; participantId: string | null }[]): AuditEntry[] {
  return items.filter((i) => i.participantId).map((i) => ({ action, recordType, recordId: i.id, participantId: i.participantId }));
}

/**
 * A site's list may hold kits given to a participant who has since moved to a
 * site the reader cannot see: the kits stay counted, but who received them does
 * not show (as with any participant of another site, nothing hints they exist).
 */
async function withoutUnseenParticipants<T extends { participantId: string | null }>(tx: Tx, actor: Actor, items: readonly T[], hide: (item: T) => T): Promise<T[]> {
  const ids = [...new Set(items.flatMap((i) => (i.participantId ? [i.participantId] : [])))];
  const unseen = new Set<string>();
  for (const id of ids) {
    await requireVisibleParticipant(tx, actor, id).catch((err: unknown) => {
      if (!(err instanceof NotFound)) throw err;
      unseen.add(id);
    });
  }
  return items.map((i) => (i.participantId && unseen.has(i.participantId) ? hide(i) : i));
}

/** Where a list is scoped: the site (visible) or the participant (visible), never both. */
async function scope(tx: Tx, actor: Actor, query: DistributionsQuery, now: Date) {
  if (query.participantId) {
    await requireVisibleParticipant(tx, actor, query.participantId);
    return { participantId: query.participantId };
  }
  if (!query.siteId) throw new ValidationError([{ path: 'siteId', message: 'Give a site or a participant' }]);
  await siteContext(tx, actor, query.siteId, now);
  return { siteId: query.siteId };
}

/**
 * A site's distributions, or a participant's (those to them and to their
 * people, wherever given). Newest first.
 */
export async function listDistributions(tx: Tx, actor: Actor, query: DistributionsQuery, now: Date): Promise<{ items: Distribution[] }> {
  const where = await scope(tx, actor, query, now);
  const items = await withoutUnseenParticipants(tx, actor, (await loadDistributions(tx, where, query.limit)).map(toDistribution), (d) => ({
    ...d,
    participantId: null,
    recipientName: null,
    note: null,
  }));
  await recordAudit(tx, actor, now, readAudits('naloxone_distribution.read', 'naloxone_distribution', items));
  return { items };
}

/* ---------- reversals and refills ---------- */

function toReversal(b: Awaited<ReturnType<typeof loadReversals>>[number]): Reversal {
  const r = b.row;
  return {
    id: r.id,
    siteId: r.siteId,
    distributionId: r.distributionId,
    participantId: r.participantId,
    occurredOn: r.occurredOn,
    zip: r.zip,
    administeredBy: r.administeredBy,
    dosesUsed: r.dosesUsed,
    survived: r.survived,
    emsCalled: r.emsCalled,
    rescueBreathing: r.rescueBreathing,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    createdBy: person(r.createdBy, b.createdByName),
  };
}

function toRefill(b: Awaited<ReturnType<typeof loadRefills>>[number]): Refill {
  const r = b.row;
  return {
    id: r.id,
    siteId: r.siteId,
    reason: r.reason,
    distributionId: r.distributionId,
    participantId: r.participantId,
    reversalId: r.reversalId,
    requestedOn: r.requestedOn,
    note: r.note,
    createdAt: r.createdAt.toISOString(),
    createdBy: person(r.createdBy, b.createdByName),
  };
}

/**
 * The participant a record about a kit belongs to: the one its distribution
 * names, else the one given. Checked visible (and the actor may write) when there
 * is one; a distribution the actor may not see is 400 on `distributionId`.
 */
async function linkedParticipant(tx: Tx, actor: Actor, input: { distributionId?: string | null | undefined; participantId?: string | null | undefined }) {
  let participantId = input.participantId ?? null;
  if (input.distributionId) {
    const d = await findDistribution(tx, input.distributionId);
    const visible = d && (d.participantId ? true : canSeeSite(actor, d.siteId));
    if (!d || !visible) throw new ValidationError([{ path: 'distributionId', message: 'No such distribution' }]);
    if (participantId && d.participantId && participantId !== d.participantId) {
      throw new ValidationError([{ path: 'participantId', message: 'The distribution names another participant' }]);
    }
    participantId = d.participantId ?? participantId;
  }
  if (participantId) {
    requireWrite(actor);
    await requireVisibleParticipant(tx, actor, participantId).catch((err: unknown) => {
      if (err instanceof NotFound && input.distributionId) throw new ValidationError([{ path: 'distributionId', message: 'No such distribution' }]);
      throw err;
    });
  }
  return participantId;
}

const REVERSAL_FIELDS = ['distributionId', 'occurredOn', 'zip', 'administeredBy', 'dosesUsed', 'survived', 'emsCalled', 'rescueBreathing', 'note'] as const;

export async function recordReversal(tx: Tx, actor: Actor, input: ReversalInput, now: Date): Promise<Reversal> {
  const { today } = await siteContext(tx, actor, input.siteId, now);
  failIf(notInFuture('occurredOn', input.occurredOn, today));
  const participantId = await linkedParticipant(tx, actor, input);
  const { id } = await insertReversal(tx, {
    siteId: input.siteId,
    distributionId: input.distributionId ?? null,
    participantId,
    occurredOn: input.occurredOn,
    zip: input.zip ?? null,
    administeredBy: input.administeredBy,
    dosesUsed: input.dosesUsed,
    survived: input.survived,
    emsCalled: input.emsCalled,
    rescueBreathing: input.rescueBreathing,
    note: input.note ?? null,
    createdAt: now,
    createdBy: actorId(actor),
  });
  await recordAudit(tx, actor, now, {
    action: 'naloxone_reversal.create',
    recordType: 'naloxone_reversal',
    recordId: id,
    participantId,
    details: { fields: REVERSAL_FIELDS.filter((f) => input[f] !== undefined && input[f] !== null) },
  });
  const [bundle] = await loadReversals(tx, { id }, 1);
  if (!bundle) throw new Error('reversal vanished');
  return toReversal(bundle);
}

export async function listReversals(tx: Tx, actor: Actor, query: DistributionsQuery, now: Date): Promise<{ items: Reversal[] }> {
  const where = await scope(tx, actor, query, now);
  const items = await withoutUnseenParticipants(tx, actor, (await loadReversals(tx, where, query.limit)).map(toReversal), (r) => ({ ...r, participantId: null, note: null }));
  await recordAudit(tx, actor, now, readAudits('naloxone_reversal.read', 'naloxone_reversal', items));
  return { items };
}

export async function recordRefill(tx: Tx, actor: Actor, input: RefillInput, now: Date): Promise<Refill> {
  const { today } = await siteContext(tx, actor, input.siteId, now);
  failIf(notInFuture('requestedOn', input.requestedOn, today));
  if (input.reversalId) {
    const reversal = await findReversal(tx, input.reversalId);
    if (!reversal || !canSeeSite(actor, reversal.siteId)) throw new ValidationError([{ path: 'reversalId', message: 'No such reversal' }]);
  }
  const participantId = await linkedParticipant(tx, actor, input);
  const { id } = await insertRefill(tx, {
    siteId: input.siteId,
    reason: input.reason,
    distributionId: input.distributionId ?? null,
    participantId,
    reversalId: input.reversalId ?? null,
    requestedOn: input.requestedOn,
    note: input.note ?? null,
    createdAt: now,
    createdBy: actorId(actor),
  });
  await recordAudit(tx, actor, now, {
    action: 'naloxone_refill.create',
    recordType: 'naloxone_refill',
    recordId: id,
    participantId,
    details: { fields: (['reason', 'distributionId', 'reversalId', 'requestedOn', 'note'] as const).filter((f) => input[f] !== undefined && input[f] !== null) },
  });
  const [bundle] = await loadRefills(tx, { id }, 1);
  if (!bundle) throw new Error('refill vanished');
  return toRefill(bundle);
}

export async function listRefills(tx: Tx, actor: Actor, query: DistributionsQuery, now: Date): Promise<{ items: Refill[] }> {
  const where = await scope(tx, actor, query, now);
  const items = await withoutUnseenParticipants(tx, actor, (await loadRefills(tx, where, query.limit)).map(toRefill), (r) => ({ ...r, participantId: null, note: null }));
  await recordAudit(tx, actor, now, readAudits('naloxone_refill.read', 'naloxone_refill', items));
  return { items };
}

/* ---------- bulk import (the demo seed, later a migration from another system) ---------- */

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
