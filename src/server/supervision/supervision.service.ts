/**
 * Supervision sessions, the theme codebook, coding and the analysis.
 *
 * Who sees which session: recorders (supervisors, program administrators) all
 * of them; a site manager those held with staff of their sites (the session's
 * `siteIds`: the attendees' sites when it was recorded) and any they attended;
 * coaches and case managers only those they attended. A participant discussed
 * is shown only to a viewer who may see that participant's site; otherwise it
 * is left out, never hinted at, and kept when that viewer edits the session.
 * Evaluators read no session: only the de-identified analysis.
 *
 * Auditing: every read or write of a session writes a staff-record row
 * (record type `supervision_session`), and one participant row per participant
 * reference shown or written, in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import {
  agreementByTheme,
  countByTheme,
  kindByThemeTable,
  monthOf,
  quarterOf,
  sessionInput,
  toCsv,
  wouldCreateCycle,
  type Analysis,
  type AnalysedSession,
  type Coding,
  type CodingInput,
  type Codings,
  type DoubleCoding,
  type FinalCodingInput,
  type Session,
  type SessionInput,
  type SessionListQuery,
  type SessionUpdateInput,
  type StaffRef,
  type SupervisionStaff,
  type Theme,
  type ThemeInput,
  type ThemeUpdateInput,
} from '../../core/supervision.ts';
import { recordAudit, type AuditEntry } from '../audit/audit.service.ts';
import type { Tx } from '../db/database.ts';
import { onUniqueViolation } from '../db/unique-violation.ts';
import { actorCan, type Actor } from '../http/actor.ts';
import { Conflict, Forbidden, NotFound, StaleVersion, ValidationError, type FieldIssue } from '../http/errors.ts';
import { visibleParticipantRefs } from '../participants/participants.service.ts';
import {
  activeStaff,
  allThemes,
  codingsOf,
  insertCoding,
  insertSession,
  insertSessionBundles,
  insertTheme,
  replaceFinalCoding,
  replaceSessionLinks,
  selectSessions,
  sessionParts,
  siteIdsOfUsers,
  staffByIds,
  updateSessionRow,
  updateThemeRow,
  type CodingBundle,
  type SessionRow,
  type SessionScope,
  type ThemeRow,
} from './supervision.repository.ts';

const actorId = (actor: Actor) => (actor.via === 'system' ? null : actor.userId);

function scopeOf(actor: Actor): SessionScope {
  if (actorCan(actor, 'supervision:record')) return { all: true };
  return { all: false, userId: actor.userId, siteIds: actor.role === 'site_manager' ? actor.siteIds : [] };
}

const monthRange = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
};

/* ---------- presenting sessions ---------- */

async function present(tx: Tx, actor: Actor, rows: SessionRow[]): Promise<{ sessions: Session[]; shownParticipants: { sessionId: string; participantId: string }[] }> {
  const parts = await sessionParts(
    tx,
    rows.map((r) => r.id),
  );
  const staffIds = new Set<string>();
  for (const r of rows) staffIds.add(r.supervisorId);
  for (const a of parts.attendees) staffIds.add(a.userId);
  for (const f of parts.followUps) staffIds.add(f.ownerId);
  const staff = new Map((await staffByIds(tx, [...staffIds])).map((s) => [s.id, s]));
  const ref = (id: string): StaffRef => {
    const s = staff.get(id);
    return { id, name: s?.name ?? '', role: s?.role ?? '' };
  };
  const visible = new Map(
    (
      await visibleParticipantRefs(
        tx,
        actor,
        [...new Set(parts.participants.map((p) => p.participantId))],
      )
    ).map((p) => [p.id, p]),
  );
  const shownParticipants: { sessionId: string; participantId: string }[] = [];
  const sessions = rows.map((r): Session => {
    const participants = parts.participants
      .filter((p) => p.sessionId === r.id)
      .flatMap((p) => {
        const v = visible.get(p.participantId);
        return v ? [v] : [];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    for (const p of participants) shownParticipants.push({ sessionId: r.id, participantId: p.id });
    const codings = parts.codings.filter((c) => c.sessionId === r.id);
    return {
      id: r.id,
      kind: r.kind,
      heldOn: r.heldOn,
      durationMinutes: r.durationMinutes,
      supervisor: ref(r.supervisorId),
      attendees: parts.attendees
        .filter((a) => a.sessionId === r.id)
        .map((a) => ref(a.userId))
        .sort((a, b) => a.name.localeCompare(b.name)),
      siteIds: [...r.siteIds].sort(),
      participants,
      notes: r.notes,
      followUps: parts.followUps
        .filter((f) => f.sessionId === r.id)
        .map((f) => ({ id: f.id, description: f.description, owner: ref(f.ownerId), dueOn: f.dueOn, done: f.done })),
      codingCount: codings.filter((c) => !c.final).length,
      reconciled: codings.some((c) => c.final),
      version: r.version,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  });
  return { sessions, shownParticipants };
}

function participantAudit(action: string, pairs: { sessionId: string; participantId: string }[]): AuditEntry[] {
  return pairs.map((p) => ({ action, recordType: 'supervision_session', recordId: p.sessionId, participantId: p.participantId }));
}

export async function listSessions(tx: Tx, actor: Actor, query: SessionListQuery, now: Date): Promise<{ items: Session[] }> {
  const range = query.month ? monthRange(query.month) : {};
  const rows = await selectSessions(tx, scopeOf(actor), { kind: query.kind, siteId: query.siteId, ...range });
  const { sessions, shownParticipants } = await present(tx, actor, rows);
  await recordAudit(tx, actor, now, [
    { action: 'supervision_session.list', recordType: 'supervision_session', details: { sessionIds: sessions.map((s) => s.id) } },
    ...participantAudit('supervision_session.list', shownParticipants),
  ]);
  return { items: sessions };
}

async function requireSession(tx: Tx, actor: Actor, id: string, options: { forUpdate?: boolean } = {}): Promise<SessionRow> {
  const [row] = await selectSessions(tx, scopeOf(actor), { ids: [id] }, options);
  if (!row) throw new NotFound('Supervision session');
  return row;
}

export async function getSession(tx: Tx, actor: Actor, id: string, now: Date): Promise<Session> {
  const row = await requireSession(tx, actor, id);
  const { sessions, shownParticipants } = await present(tx, actor, [row]);
  await recordAudit(tx, actor, now, [
    { action: 'supervision_session.read', recordType: 'supervision_session', recordId: id },
    ...participantAudit('supervision_session.read', shownParticipants),
  ]);
  const [session] = sessions;
  if (!session) throw new NotFound('Supervision session');
  return session;
}

/* ---------- writing sessions ---------- */

const SUPERVISING_ROLES = new Set(['supervisor', 'program_admin']);

async function checkPeople(tx: Tx, actor: Actor, input: SessionInput): Promise<{ siteIds: string[]; visibleParticipantIds: Set<string> }> {
  const issues: FieldIssue[] = [];
  const ids = [input.supervisorId, ...input.attendeeIds, ...input.followUps.map((f) => f.ownerId)];
  const staff = new Map((await staffByIds(tx, ids)).map((s) => [s.id, s]));
  const supervisor = staff.get(input.supervisorId);
  if (!supervisor?.active) issues.push({ path: 'supervisorId', message: 'No such staff member' });
  else if (!SUPERVISING_ROLES.has(supervisor.role)) issues.push({ path: 'supervisorId', message: 'Must be a supervisor or program administrator' });
  input.attendeeIds.forEach((id, i) => {
    const s = staff.get(id);
    if (!s?.active) issues.push({ path: `attendeeIds.${String(i)}`, message: 'No such staff member' });
    else if (s.role === 'evaluator') issues.push({ path: `attendeeIds.${String(i)}`, message: 'Evaluators do not attend supervision' });
  });
  input.followUps.forEach((f, i) => {
    const owner = staff.get(f.ownerId);
    if (!owner?.active) issues.push({ path: `followUps.${String(i)}.ownerId`, message: 'No such staff member' });
    else if (owner.role === 'evaluator') issues.push({ path: `followUps.${String(i)}.ownerId`, message: 'Evaluators do not own follow-up actions' });
  });
  const visible = new Set((await visibleParticipantRefs(tx, actor, input.participantIds)).map((p) => p.id));
  input.participantIds.forEach((id, i) => {
    if (!visible.has(id)) issues.push({ path: `participantIds.${String(i)}`, message: 'No such participant' });
  });
  if (issues.length > 0) throw new ValidationError(issues);
  const sitesOf = await siteIdsOfUsers(tx, input.attendeeIds);
  const siteIds = [...new Set(input.attendeeIds.flatMap((id) => sitesOf.get(id) ?? []))].sort();
  return { siteIds, visibleParticipantIds: visible };
}

const SESSION_FIELDS = ['kind', 'heldOn', 'durationMinutes', 'supervisorId', 'attendeeIds', 'participantIds', 'notes', 'followUps'] as const;

export async function createSession(tx: Tx, actor: Actor, input: SessionInput, now: Date): Promise<Session> {
  const { siteIds } = await checkPeople(tx, actor, input);
  const row = await insertSession(tx, {
    kind: input.kind,
    heldOn: input.heldOn,
    durationMinutes: input.durationMinutes,
    supervisorId: input.supervisorId,
    notes: input.notes ?? null,
    siteIds,
    createdAt: now,
    createdBy: actorId(actor),
    updatedAt: now,
  });
  await replaceSessionLinks(tx, row.id, input.attendeeIds, input.participantIds, input.followUps.map(({ id: _ignored, ...f }) => f));
  await recordAudit(tx, actor, now, [
    {
      action: 'supervision_session.create',
      recordType: 'supervision_session',
      recordId: row.id,
      details: { fields: SESSION_FIELDS.filter((f) => input[f] !== undefined && input[f] !== null) },
    },
    ...participantAudit(
      'supervision_session.create',
      input.participantIds.map((participantId) => ({ sessionId: row.id, participantId })),
    ),
  ]);
  return (await present(tx, actor, [row])).sessions[0] as Session;
}

export async function updateSession(tx: Tx, actor: Actor, id: string, input: SessionUpdateInput, now: Date): Promise<Session> {
  const current = await requireSession(tx, actor, id, { forUpdate: true });
  if (current.version !== input.version) throw new StaleVersion('supervision session');
  const { siteIds } = await checkPeople(tx, actor, input);
  const parts = await sessionParts(tx, [id]);
  const existingFollowUps = new Set(parts.followUps.map((f) => f.id));
  const issues: FieldIssue[] = [];
  input.followUps.forEach((f, i) => {
    if (f.id && !existingFollowUps.has(f.id)) issues.push({ path: `followUps.${String(i)}.id`, message: 'No such follow-up action on this session' });
  });
  if (issues.length > 0) throw new ValidationError(issues);
  // References to participants this editor cannot see stay as they were.
  const existing = parts.participants.map((p) => p.participantId);
  const seenByEditor = new Set((await visibleParticipantRefs(tx, actor, existing)).map((p) => p.id));
  const hidden = existing.filter((p) => !seenByEditor.has(p));
  const participantIds = [...new Set([...input.participantIds, ...hidden])];
  const row = await updateSessionRow(tx, id, input.version, {
    kind: input.kind,
    heldOn: input.heldOn,
    durationMinutes: input.durationMinutes,
    supervisorId: input.supervisorId,
    notes: input.notes ?? null,
    siteIds,
    updatedAt: now,
  });
  if (!row) throw new StaleVersion('supervision session');
  await replaceSessionLinks(tx, id, input.attendeeIds, participantIds, input.followUps);
  // Every participant this editor named or removed: the record about them changed.
  const touched = new Set([...input.participantIds, ...existing.filter((p) => seenByEditor.has(p))]);
  await recordAudit(tx, actor, now, [
    { action: 'supervision_session.update', recordType: 'supervision_session', recordId: id, details: { fields: SESSION_FIELDS.filter((f) => f in input) } },
    ...participantAudit(
      'supervision_session.update',
      [...touched].map((participantId) => ({ sessionId: id, participantId })),
    ),
  ]);
  return (await present(tx, actor, [row])).sessions[0] as Session;
}

/** Staff at any site, for choosing attendees and follow-up owners (recorders only). */
export async function listSupervisionStaff(tx: Tx, actor: Actor, now: Date): Promise<{ items: SupervisionStaff[] }> {
  const items = (await activeStaff(tx)).filter((s) => s.role !== 'evaluator');
  await recordAudit(tx, actor, now, { action: 'supervision_staff.list', recordType: 'user', details: { count: items.length } });
  return { items };
}

/* ---------- codebook ---------- */

const toTheme = (r: ThemeRow): Theme => ({ id: r.id, name: r.name, definition: r.definition, examples: r.examples, parentId: r.parentId, active: r.active, version: r.version });

export async function listCodebook(tx: Tx): Promise<{ items: Theme[] }> {
  return { items: (await allThemes(tx)).map(toTheme) };
}

const nameTaken = () => new Conflict('A theme with this name already exists', 'name_taken', [{ path: 'name', message: 'A theme with this name already exists' }]);

async function checkParent(tx: Tx, themes: ThemeRow[], id: string | null, parentId: string | null) {
  if (parentId === null) return;
  if (!themes.some((t) => t.id === parentId)) throw new ValidationError([{ path: 'parentId', message: 'No such theme' }]);
  if (id !== null && wouldCreateCycle(themes, id, parentId)) {
    throw new ValidationError([{ path: 'parentId', message: 'A theme cannot be placed under itself or one of its own sub-themes' }]);
  }
}

export async function createTheme(tx: Tx, actor: Actor, input: ThemeInput, now: Date): Promise<Theme> {
  await checkParent(tx, await allThemes(tx), null, input.parentId);
  const row = await insertTheme(tx, {
    name: input.name,
    definition: input.definition,
    examples: input.examples ?? null,
    parentId: input.parentId,
    createdAt: now,
    updatedAt: now,
  }).catch(onUniqueViolation('supervision_themes_name_unique', nameTaken));
  await recordAudit(tx, actor, now, { action: 'supervision_theme.create', recordType: 'supervision_theme', recordId: row.id });
  return toTheme(row);
}

export async function updateTheme(tx: Tx, actor: Actor, id: string, input: ThemeUpdateInput, now: Date): Promise<Theme> {
  const themes = await allThemes(tx);
  const current = themes.find((t) => t.id === id);
  if (!current) throw new NotFound('Theme');
  if (current.version !== input.version) throw new StaleVersion('theme');
  await checkParent(tx, themes, id, input.parentId);
  const row = await updateThemeRow(tx, id, input.version, {
    name: input.name,
    definition: input.definition,
    examples: input.examples ?? null,
    parentId: input.parentId,
    active: input.active,
    updatedAt: now,
  }).catch(onUniqueViolation('supervision_themes_name_unique', nameTaken));
  if (!row) throw new StaleVersion('theme');
  const changed = (['name', 'definition', 'examples', 'parentId', 'active'] as const).filter((f) => (current[f] ?? null) !== (input[f] ?? null));
  await recordAudit(tx, actor, now, { action: 'supervision_theme.update', recordType: 'supervision_theme', recordId: id, details: { changed } });
  return toTheme(row);
}

/* ---------- codings ---------- */

const toCoding = (c: CodingBundle): Coding => ({
  id: c.id,
  coder: { id: c.coderId, name: c.coderName, role: c.coderRole },
  themeIds: c.themeIds,
  submittedAt: c.submittedAt.toISOString(),
  version: c.version,
});

/** The first two coders' codings of a session (A first), if it is double-coded. */
function pairOf(codings: CodingBundle[]): [CodingBundle, CodingBundle] | null {
  const coders = codings.filter((c) => !c.final);
  const [a, b] = coders;
  return a && b ? [a, b] : null;
}

export async function getCodings(tx: Tx, actor: Actor, sessionId: string, now: Date): Promise<Codings> {
  await requireSession(tx, actor, sessionId);
  const all = await codingsOf(tx, [sessionId]);
  const mine = all.find((c) => !c.final && c.coderId === actor.userId) ?? null;
  const others = all.filter((c) => !c.final && c.coderId !== actor.userId);
  const final = all.find((c) => c.final) ?? null;
  const pair = pairOf(all);
  // Independent coding: nothing of another coder's work until one's own is in.
  const mayCompare = mine !== null;
  const themeIds = pair ? [...new Set([...pair[0].themeIds, ...pair[1].themeIds])].sort() : [];
  await recordAudit(tx, actor, now, { action: 'supervision_coding.read', recordType: 'supervision_session', recordId: sessionId, details: { revealed: mayCompare } });
  return {
    mine: mine ? toCoding(mine) : null,
    others: mayCompare ? others.map(toCoding) : [],
    otherCount: others.length,
    final: final ? toCoding(final) : null,
    agreement:
      mayCompare && pair
        ? themeIds.map((themeId) => {
            const coderA = pair[0].themeIds.includes(themeId);
            const coderB = pair[1].themeIds.includes(themeId);
            return { themeId, coderA, coderB, agree: coderA === coderB };
          })
        : null,
  };
}

async function checkThemes(tx: Tx, themeIds: readonly string[], allowRetired: ReadonlySet<string> = new Set()) {
  const themes = new Map((await allThemes(tx)).map((t) => [t.id, t]));
  const issues: FieldIssue[] = [];
  themeIds.forEach((id, i) => {
    const t = themes.get(id);
    if (!t) issues.push({ path: `themeIds.${String(i)}`, message: 'No such theme' });
    else if (!t.active && !allowRetired.has(id)) issues.push({ path: `themeIds.${String(i)}`, message: 'This theme is retired' });
  });
  if (issues.length > 0) throw new ValidationError(issues);
}

export async function submitCoding(tx: Tx, actor: Actor, sessionId: string, input: CodingInput, now: Date): Promise<Codings> {
  await requireSession(tx, actor, sessionId, { forUpdate: true });
  const existing = await codingsOf(tx, [sessionId]);
  if (existing.some((c) => !c.final && c.coderId === actor.userId)) {
    throw new Conflict('You have already coded this session; differences are settled when the coders reconcile', 'already_coded');
  }
  if (actor.via === 'system') throw new Forbidden('A coding needs a coder');
  await checkThemes(tx, input.themeIds);
  const already = () => new Conflict('You have already coded this session', 'already_coded');
  await insertCoding(tx, { sessionId, coderId: actor.userId, final: false, submittedAt: now }, input.themeIds).catch(
    onUniqueViolation('supervision_codings_coder_unique', already),
  );
  await recordAudit(tx, actor, now, { action: 'supervision_coding.create', recordType: 'supervision_session', recordId: sessionId, details: { themes: input.themeIds.length } });
  return getCodings(tx, actor, sessionId, now);
}

/**
 * The coders settle the final coding that analysis uses. Only someone who has
 * coded the session reconciles it: they are the ones shown both codings (a
 * program administrator who has not coded it sees neither, and may still code
 * it blind), so nobody settles a final coding without seeing what is settled.
 */
export async function reconcileCoding(tx: Tx, actor: Actor, sessionId: string, input: FinalCodingInput, now: Date): Promise<Codings> {
  await requireSession(tx, actor, sessionId, { forUpdate: true });
  const all = await codingsOf(tx, [sessionId]);
  const coders = all.filter((c) => !c.final);
  if (coders.length < 2) throw new Conflict('A session is reconciled once two coders have coded it', 'not_double_coded');
  if (actor.via === 'system' || !coders.some((c) => c.coderId === actor.userId)) {
    throw new Forbidden('Only the coders of this session reconcile it: code it yourself first');
  }
  await checkThemes(tx, input.themeIds, new Set(coders.flatMap((c) => c.themeIds)));
  const final = all.find((c) => c.final);
  if (final) {
    if (input.version !== final.version) throw new StaleVersion('final coding');
    const row = await replaceFinalCoding(tx, final.id, final.version, { coderId: actor.userId, submittedAt: now }, input.themeIds);
    if (!row) throw new StaleVersion('final coding');
  } else {
    if (input.version !== undefined) throw new StaleVersion('final coding');
    await insertCoding(tx, { sessionId, coderId: actor.userId, final: true, submittedAt: now }, input.themeIds).catch(
      onUniqueViolation('supervision_codings_final_unique', () => new StaleVersion('final coding')),
    );
  }
  await recordAudit(tx, actor, now, { action: 'supervision_coding.reconcile', recordType: 'supervision_session', recordId: sessionId, details: { themes: input.themeIds.length } });
  return getCodings(tx, actor, sessionId, now);
}

/* ---------- analysis ---------- */

/** From the same day one year earlier (plus one day) to today, unless given. */
function defaultRange(now: Date, from?: string, to?: string) {
  const today = now.toISOString().slice(0, 10);
  const end = to ?? today;
  const d = new Date(`${end}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  d.setUTCDate(d.getUTCDate() + 1);
  return { from: from ?? d.toISOString().slice(0, 10), to: end };
}

export async function analyse(tx: Tx, actor: Actor, query: { from?: string; to?: string }, now: Date): Promise<Analysis> {
  const range = defaultRange(now, query.from, query.to);
  if (range.from > range.to) throw new ValidationError([{ path: 'from', message: 'Must be on or before "to"' }]);
  const deidentified = !actorCan(actor, 'supervision:read');
  // Evaluators analyse every session (de-identified); others the sessions they may read.
  const scope: SessionScope = deidentified ? { all: true } : scopeOf(actor);
  const rows = await selectSessions(tx, scope, range);
  const ids = rows.map((r) => r.id);
  const codings = await codingsOf(tx, ids);
  const parts = await sessionParts(tx, ids);
  const themes = await allThemes(tx);

  const bySession = new Map<string, CodingBundle[]>();
  for (const c of codings) bySession.set(c.sessionId, [...(bySession.get(c.sessionId) ?? []), c]);
  // Independent coding holds here too: a viewer who may code a session (a recorder)
  // and has not yet coded it sees nothing of another coder's unreconciled coding,
  // however narrow the date range. Such sessions are counted, but their themes
  // are left out of every theme count and of the agreement, for this viewer only.
  const viewer = actorCan(actor, 'supervision:record') && actor.via !== 'system' ? actor.userId : null;
  const analysed: AnalysedSession[] = [];
  const pairs: DoubleCoding[] = [];
  let reconciled = 0;
  let awaiting = 0;
  let coded = 0;
  let doubleCoded = 0;
  let withheld = 0;
  for (const r of rows) {
    const cs = bySession.get(r.id) ?? [];
    const final = cs.find((c) => c.final);
    const first = cs.find((c) => !c.final);
    const pair = pairOf(cs);
    const hidden = viewer !== null && !final && cs.some((c) => !c.final && c.coderId !== viewer) && !cs.some((c) => !c.final && c.coderId === viewer);
    if (first) coded++;
    if (pair) doubleCoded++;
    if (hidden) withheld++;
    else if (pair) pairs.push({ sessionId: r.id, a: pair[0].themeIds, b: pair[1].themeIds });
    if (final) reconciled++;
    else if (pair) awaiting++;
    analysed.push({ id: r.id, kind: r.kind, heldOn: r.heldOn, siteIds: r.siteIds.length > 0 ? r.siteIds : ['none'], themeIds: hidden ? [] : ((final ?? first)?.themeIds ?? []) });
  }
  const withThemes = analysed.filter((s) => s.themeIds.length > 0);
  const analysedById = new Map(analysed.map((s) => [s.id, s]));

  const staffIds = [...new Set([...rows.map((r) => r.supervisorId), ...parts.attendees.map((a) => a.userId)])];
  const staff = new Map((await staffByIds(tx, staffIds)).map((s) => [s.id, s]));
  const heldOn = new Map(rows.map((r) => [r.id, r.heldOn]));
  const attendeesBySession = new Map<string, string[]>();
  for (const a of parts.attendees) attendeesBySession.set(a.sessionId, [...(attendeesBySession.get(a.sessionId) ?? []), a.userId]);
  const perStaff = new Map<string, { staffId: string; month: string; sessions: number }>();
  for (const a of parts.attendees) {
    const month = monthOf(heldOn.get(a.sessionId) ?? '');
    const key = `${a.userId}|${month}`;
    const row = perStaff.get(key) ?? { staffId: a.userId, month, sessions: 0 };
    row.sessions++;
    perStaff.set(key, row);
  }
  const kindsByMonth = new Map<string, { month: string; individual: number; groupConsultation: number }>();
  for (const r of rows) {
    const month = monthOf(r.heldOn);
    const row = kindsByMonth.get(month) ?? { month, individual: 0, groupConsultation: 0 };
    if (r.kind === 'individual') row.individual++;
    else row.groupConsultation++;
    kindsByMonth.set(month, row);
  }

  await recordAudit(tx, actor, now, {
    action: 'supervision_analysis.read',
    recordType: 'supervision_session',
    details: { from: range.from, to: range.to, sessions: rows.length, deidentified },
  });
  return {
    ...range,
    deidentified,
    themes: themes.map((t) => ({ id: t.id, name: t.name, parentId: t.parentId, active: t.active })),
    totals: {
      sessions: rows.length,
      individual: rows.filter((r) => r.kind === 'individual').length,
      groupConsultation: rows.filter((r) => r.kind === 'group_consultation').length,
      coded,
      doubleCoded,
      reconciled,
      awaitingReconciliation: awaiting,
      withheldUntilYouCode: withheld,
    },
    byMonth: countByTheme(withThemes, (s) => [monthOf(s.heldOn)]).map(({ key, ...r }) => ({ month: key, ...r })),
    byQuarter: countByTheme(withThemes, (s) => [quarterOf(s.heldOn)]).map(({ key, ...r }) => ({ quarter: key, ...r })),
    bySite: countByTheme(withThemes, (s) => s.siteIds).map(({ key, ...r }) => ({ siteId: key, ...r })),
    byKind: countByTheme(withThemes, (s) => [s.kind]).map(({ key, ...r }) => ({ kind: key as Session['kind'], ...r })),
    kindsByMonth: [...kindsByMonth.values()].sort((a, b) => a.month.localeCompare(b.month)),
    staffByMonth: [...perStaff.values()]
      .map((r) => ({ ...r, name: deidentified ? null : (staff.get(r.staffId)?.name ?? null), role: staff.get(r.staffId)?.role ?? '' }))
      .sort((a, b) => a.month.localeCompare(b.month) || a.staffId.localeCompare(b.staffId)),
    agreement: agreementByTheme(
      themes.map((t) => t.id),
      pairs,
    ),
    // Coded sessions only: an evaluator studies what was discussed, and an uncoded session says nothing of that.
    sessions: deidentified
      ? rows.filter((r) => (analysedById.get(r.id)?.themeIds.length ?? 0) > 0).map((r) => ({
          id: r.id,
          kind: r.kind,
          month: monthOf(r.heldOn),
          durationMinutes: r.durationMinutes,
          siteIds: [...r.siteIds].sort(),
          supervisor: { id: r.supervisorId, role: staff.get(r.supervisorId)?.role ?? '' },
          attendees: (attendeesBySession.get(r.id) ?? []).map((userId) => ({ id: userId, role: staff.get(userId)?.role ?? '' })),
          themeIds: [...(analysedById.get(r.id)?.themeIds ?? [])],
        }))
      : null,
  };
}

/** The "sessions by kind × theme" table as CSV (a header row; RFC 4180 quoting). */
export async function kindByThemeCsv(tx: Tx, actor: Actor, query: { from?: string; to?: string }, now: Date): Promise<string> {
  const a = await analyse(tx, actor, query, now);
  const { header, rows } = kindByThemeTable(a.themes, a.byKind);
  return toCsv(header, rows);
}

/* ---------- bulk import ---------- */

export interface ImportedSession {
  input: SessionInput;
  /** When it was recorded. */
  at: Date;
  /** Coders' codings in the order they were submitted, and an optional reconciled final coding. */
  codings: readonly { coderId: string; themeIds: readonly string[]; at: Date }[];
  final: { coderId: string; themeIds: readonly string[]; at: Date } | null;
}

/**
 * Many past sessions at once (the demo; a program moving from another system),
 * checked like the API (the session schema, known active staff, themes that
 * exist) and written in batches. One audit row for the whole import. Sessions
 * naming participants go through createSession instead.
 */
export async function importSupervisionSessions(tx: Tx, actor: Actor, items: readonly ImportedSession[], now: Date): Promise<number> {
  if (items.length === 0) return 0;
  const staffIds = [...new Set(items.flatMap((i) => [i.input.supervisorId, ...i.input.attendeeIds, ...i.input.followUps.map((f) => f.ownerId), ...i.codings.map((c) => c.coderId)]))];
  const staff = new Map((await staffByIds(tx, staffIds)).map((s) => [s.id, s]));
  const missing = staffIds.filter((id) => !staff.get(id)?.active);
  if (missing.length > 0) throw new Error(`importSupervisionSessions: unknown staff ${missing.join(', ')}`);
  const themeIds = new Set((await allThemes(tx)).map((t) => t.id));
  const sitesOf = await siteIdsOfUsers(tx, staffIds);
  const bundles = items.map((item) => {
    const input = sessionInput.parse(item.input);
    if (input.participantIds.length > 0) throw new Error('importSupervisionSessions: sessions naming participants go through createSession');
    const id = randomUUID();
    const codings = [
      ...item.codings.map((c) => ({ ...c, final: false })),
      ...(item.final ? [{ ...item.final, final: true }] : []),
    ].map((c) => {
      for (const t of c.themeIds) if (!themeIds.has(t)) throw new Error(`importSupervisionSessions: unknown theme ${t}`);
      return { row: { id: randomUUID(), sessionId: id, coderId: c.coderId, final: c.final, submittedAt: c.at }, themeIds: [...new Set(c.themeIds)] };
    });
    return {
      session: {
        id,
        kind: input.kind,
        heldOn: input.heldOn,
        durationMinutes: input.durationMinutes,
        supervisorId: input.supervisorId,
        notes: input.notes ?? null,
        siteIds: [...new Set(input.attendeeIds.flatMap((a) => sitesOf.get(a) ?? []))].sort(),
        createdAt: item.at,
        createdBy: actorId(actor),
        updatedAt: item.at,
      },
      attendeeIds: input.attendeeIds,
      followUps: input.followUps.map((f, position) => ({ sessionId: id, position, description: f.description, ownerId: f.ownerId, dueOn: f.dueOn, done: f.done })),
      codings,
    };
  });
  await insertSessionBundles(tx, bundles);
  await recordAudit(tx, actor, now, { action: 'supervision_session.import', recordType: 'supervision_session', details: { sessions: bundles.length } });
  return bundles.length;
}
