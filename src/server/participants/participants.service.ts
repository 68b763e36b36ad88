/**
 * Participants: the people a program serves. Every read and change is scoped to
 * the actor's sites (another site's participant is "not found", exactly like a
 * missing one) and audited in the same transaction.
 */
import { displayName, nameSounds, normalizeForSearch, digitsOnly } from '../../core/names.ts';
import {
  participantCrossFieldIssues,
  type ParticipantCreateInput,
  type ParticipantDetail,
  type ParticipantListQuery,
  type ParticipantSummary,
  type ParticipantUpdateInput,
} from '../../core/schemas.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import type { Tx } from '../db/database.ts';
import { canSeeSite, visibleSiteIds, type Actor } from '../http/actor.ts';
import { NotFound, StaleVersion, ValidationError } from '../http/errors.ts';
import { getVisibleSite } from '../sites/sites.service.ts';
import { flagEmergencyUse, openEmergencyAccesses } from '../emergency-access/emergency-access.grants.ts';
import { releaseTeamAfterTransfer } from '../enrollments/enrollments.transfer.ts';
import {
  findVisibleParticipant,
  findVisibleParticipantRefs,
  insertParticipant,
  listAlphabetical,
  loadDetail,
  openSiteHistory,
  sameBirthDate,
  sameBirthDateAndNameWord,
  search,
  updateParticipantRow,
  type ParticipantValues,
} from './participants.repository.ts';
import { parseSearch } from './participants.search.ts';

const IDENTITY_FIELDS = ['firstName', 'lastName', 'preferredName', 'phone'] as const;

function derivedSearchColumns(p: { firstName: string; lastName: string; preferredName: string | null; phone: string | null }) {
  return {
    searchName: normalizeForSearch([p.firstName, p.preferredName, p.lastName].filter(Boolean).join(' ')),
    nameSounds: nameSounds(p.firstName, p.preferredName, p.lastName),
    phoneDigits: p.phone ? digitsOnly(p.phone) : null,
  };
}

/** The site a participant may be placed at: visible to the actor and active. */
async function assignableSite(tx: Tx, actor: Actor, siteId: string) {
  const site = await getVisibleSite(tx, actor, siteId).catch((err: unknown) => {
    if (err instanceof NotFound) throw new ValidationError([{ path: 'siteId', message: 'Choose one of your sites' }]);
    throw err;
  });
  if (!site.active) throw new ValidationError([{ path: 'siteId', message: 'This site is no longer active' }]);
  return site;
}

function checkCrossFields(p: Parameters<typeof participantCrossFieldIssues>[0], today: string) {
  const issues = participantCrossFieldIssues(p, today);
  if (issues.length > 0) throw new ValidationError(issues);
}

export async function createParticipant(tx: Tx, actor: Actor, input: ParticipantCreateInput, now: Date): Promise<ParticipantDetail> {
  const site = await assignableSite(tx, actor, input.siteId);
  checkCrossFields(input, isoDateIn(now, site.timeZone));
  const fields = {
    siteId: input.siteId,
    firstName: input.firstName,
    lastName: input.lastName,
    preferredName: input.preferredName ?? null,
    dateOfBirth: input.dateOfBirth,
    gender: input.gender ?? null,
    race: input.race ?? [],
    ethnicity: input.ethnicity ?? null,
    preferredLanguage: input.preferredLanguage ?? null,
    phone: input.phone ?? null,
    email: input.email ?? null,
    custodyStatus: input.custodyStatus,
    expectedReleaseDate: input.expectedReleaseDate ?? null,
    releaseDate: input.releaseDate ?? null,
    referralSource: input.referralSource ?? null,
  };
  const row = await insertParticipant(tx, {
    ...fields,
    ...derivedSearchColumns(fields),
    createdAt: now,
    updatedAt: now,
    createdBy: actor.via === 'system' ? null : actor.userId,
    updatedBy: actor.via === 'system' ? null : actor.userId,
  });
  await openSiteHistory(tx, row.id, row.siteId, now, actor.via === 'system' ? null : actor.userId);
  await recordAudit(tx, actor, now, { action: 'participant.create', recordType: 'participant', recordId: row.id, participantId: row.id });
  return loadDetail(tx, row);
}

/**
 * The one way to a single participant: at the actor's sites or, failing that,
 * under an emergency access the actor opened and that is still running — that
 * way writes a flagged audit row (emergency-access.grants.ts). Else undefined.
 */
async function findForActor(tx: Tx, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  const row = await findVisibleParticipant(tx, id, visibleSiteIds(actor), options);
  if (row || !actor.emergencyAccess) return row;
  const accessId = (await openEmergencyAccesses(tx, actor, [id])).get(id);
  if (!accessId) return undefined;
  const opened = await findVisibleParticipant(tx, id, null, options);
  if (opened) await flagEmergencyUse(tx, actor, accessId, opened);
  return opened;
}

/**
 * For features that hang off a participant (enrollments, contacts, plans…): the
 * participant if the actor may see them, else 404 — the same answer as for one
 * that does not exist. Writes no audit row (but a flagged one under emergency
 * access): the caller audits its own access.
 */
export async function requireVisibleParticipant(tx: Tx, actor: Actor, id: string, options: { forUpdate?: boolean } = {}) {
  const row = await findForActor(tx, actor, id, options);
  if (!row) throw new NotFound('Participant');
  return row;
}

/**
 * For other features that refer to participants (e.g. supervision sessions):
 * of these ids, the participants this actor may see, with a display name and
 * their site. The others are simply absent. Writes no audit rows: the caller
 * audits what it shows.
 */
export async function visibleParticipantRefs(tx: Tx, actor: Actor, ids: readonly string[]): Promise<{ id: string; name: string; siteId: string }[]> {
  const rows = await findVisibleParticipantRefs(tx, ids, visibleSiteIds(actor));
  const missing = ids.filter((id) => !rows.some((r) => r.id === id));
  const opened = await openEmergencyAccesses(tx, actor, missing);
  for (const row of opened.size > 0 ? await findVisibleParticipantRefs(tx, [...opened.keys()], null) : []) {
    const accessId = opened.get(row.id);
    if (!accessId) continue;
    await flagEmergencyUse(tx, actor, accessId, row);
    rows.push(row);
  }
  return rows.map((r) => ({ id: r.id, name: `${r.preferredName ?? r.firstName} ${r.lastName}`, siteId: r.siteId }));
}

/**
 * Emergency access: the people of any site with exactly this last name (case and
 * accents aside, normalized as search does) and date of birth — only what tells
 * the right person apart, never their record. Writes no audit row: the caller
 * audits the lookup.
 */
export async function lookupAcrossSites(
  tx: Tx,
  lastName: string,
  dateOfBirth: string,
): Promise<{ id: string; name: string; birthYear: number; siteId: string; siteName: string }[]> {
  const wanted = normalizeForSearch(lastName);
  if (!wanted) return [];
  const rows = await sameBirthDateAndNameWord(tx, dateOfBirth, wanted);
  return rows
    .filter((r) => normalizeForSearch(r.lastName) === wanted)
    .map((r) => ({ id: r.id, name: displayName(r), birthYear: Number(r.dateOfBirth.slice(0, 4)), siteId: r.siteId, siteName: r.siteName }));
}

/** Emergency access: the site a participant is at, whatever the actor's sites; undefined if there is no such person. No audit row. */
export async function locateParticipant(tx: Tx, id: string): Promise<{ id: string; siteId: string } | undefined> {
  const [row] = await findVisibleParticipantRefs(tx, [id], null);
  return row ? { id: row.id, siteId: row.siteId } : undefined;
}

export async function getParticipant(tx: Tx, actor: Actor, id: string, now: Date): Promise<ParticipantDetail> {
  const row = await findForActor(tx, actor, id);
  if (!row) throw new NotFound('Participant');
  const detail = await loadDetail(tx, row);
  // Last: read in a session (no transaction), a read that failed leaves no record of an access.
  await recordAudit(tx, actor, now, { action: 'participant.read', recordType: 'participant', recordId: id, participantId: id });
  return detail;
}

export async function updateParticipant(
  tx: Tx,
  actor: Actor,
  id: string,
  input: ParticipantUpdateInput,
  now: Date,
): Promise<ParticipantDetail> {
  const current = await findForActor(tx, actor, id, { forUpdate: true });
  if (!current) throw new NotFound('Participant');
  if (current.version !== input.version) throw new StaleVersion('participant');
  const { version, ...changes } = input;
  const moving = changes.siteId !== undefined && changes.siteId !== current.siteId;
  if (moving && !canSeeSite(actor, current.siteId)) {
    // Emergency access lets one work on the record where it is, not take the person to another site.
    throw new ValidationError([{ path: 'siteId', message: 'Under emergency access the participant stays at their site; a program administrator can transfer them' }]);
  }
  const site = await (moving && changes.siteId ? assignableSite(tx, actor, changes.siteId) : getVisibleSite(tx, actor, current.siteId));
  // Only fields that were sent change; null clears an optional field.
  const merged = { ...current, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
  checkCrossFields(merged, isoDateIn(now, site.timeZone));
  const changed = Object.keys(changes).filter((k) => {
    const before: unknown = current[k as keyof typeof current];
    const after: unknown = merged[k as keyof typeof merged];
    return JSON.stringify(before) !== JSON.stringify(after);
  });
  const values: Partial<ParticipantValues> = { ...changes, updatedAt: now, updatedBy: actor.via === 'system' ? null : actor.userId };
  if (IDENTITY_FIELDS.some((f) => changed.includes(f))) Object.assign(values, derivedSearchColumns(merged));
  const row = await updateParticipantRow(tx, id, version, values);
  if (!row) throw new StaleVersion('participant');
  if (moving) {
    await openSiteHistory(tx, id, row.siteId, now, actor.via === 'system' ? null : actor.userId);
    await releaseTeamAfterTransfer(tx, actor, id, row.siteId, now);
  }
  await recordAudit(tx, actor, now, {
    action: moving ? 'participant.transfer' : 'participant.update',
    recordType: 'participant',
    recordId: id,
    participantId: id,
    // Names of the fields, never their values: the audit trail must not copy protected data.
    details: { changed, ...(moving ? { fromSiteId: current.siteId, toSiteId: row.siteId } : {}) },
  });
  return loadDetail(tx, row);
}

function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeCursor<T>(cursor: string, check: (v: unknown) => v is T): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    /* fall through */
  }
  throw new ValidationError([{ path: 'cursor', message: 'Not a cursor from a previous page; start again without it' }]);
}

const isAfterCursor = (v: unknown): v is { after: string } =>
  typeof v === 'object' && v !== null && typeof (v as { after: unknown }).after === 'string' &&
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test((v as { after: string }).after);
const isOffsetCursor = (v: unknown): v is { offset: number } =>
  typeof v === 'object' && v !== null && Number.isInteger((v as { offset: number }).offset) && (v as { offset: number }).offset >= 0;

export async function listParticipants(
  tx: Tx,
  actor: Actor,
  query: ParticipantListQuery,
  now: Date,
): Promise<{ items: ParticipantSummary[]; nextCursor: string | null }> {
  let scope = visibleSiteIds(actor);
  if (query.siteId) {
    // Filtering by a site one cannot see finds nothing, as if it were empty.
    scope = canSeeSite(actor, query.siteId) ? [query.siteId] : [];
  }
  if (scope?.length === 0) return { items: [], nextCursor: null };
  const term = query.q ? parseSearch(query.q) : null;
  let items: ParticipantSummary[];
  let nextCursor: string | null = null;
  if (term) {
    const offset = query.cursor ? decodeCursor(query.cursor, isOffsetCursor).offset : 0;
    const rows = await search(tx, scope, term, query.limit + 1, offset);
    items = rows.slice(0, query.limit);
    if (rows.length > query.limit) nextCursor = encodeCursor({ offset: offset + query.limit });
  } else {
    const after = query.cursor ? decodeCursor(query.cursor, isAfterCursor).after : null;
    const rows = await listAlphabetical(tx, scope, query.limit + 1, after);
    items = rows.slice(0, query.limit);
    const last = items.at(-1);
    if (rows.length > query.limit && last) {
      nextCursor = encodeCursor({ after: last.id });
    }
  }
  await recordAudit(
    tx,
    actor,
    now,
    items.map((p) => ({
      action: term ? 'participant.search' : 'participant.list',
      recordType: 'participant',
      recordId: p.id,
      participantId: p.id,
    })),
  );
  return { items, nextCursor };
}

/** Likely duplicates of a person about to be created: same date of birth and a similar name. */
export async function findDuplicates(
  tx: Tx,
  actor: Actor,
  input: { firstName: string; lastName: string; dateOfBirth: string; excludeId?: string | undefined },
  now: Date,
): Promise<ParticipantSummary[]> {
  const candidates = await sameBirthDate(tx, visibleSiteIds(actor), input.dateOfBirth);
  const sounds = new Set(nameSounds(input.firstName, input.lastName).split(' '));
  const first = normalizeForSearch(input.firstName);
  const last = normalizeForSearch(input.lastName);
  const likely = candidates
    .filter((c) => c.id !== input.excludeId)
    .filter((c) => {
      const theirSounds = c.nameSounds.split(' ');
      const shared = theirSounds.filter((s) => sounds.has(s)).length;
      // Two name words sounding alike (first and last may be swapped), their name containing the
      // last name typed, or containing the first name with one word sounding alike.
      return shared >= 2 || c.searchName.includes(last) || (c.searchName.includes(first) && shared >= 1);
    })
    .map(({ searchName: _s, nameSounds: _n, ...summary }) => summary);
  await recordAudit(
    tx,
    actor,
    now,
    likely.map((p) => ({ action: 'participant.duplicate_check', recordType: 'participant', recordId: p.id, participantId: p.id })),
  );
  return likely;
}
