/**
 * Supervision: sessions between a supervisor and staff (individual or group
 * consultation), a codebook of discussion themes the program edits, double
 * coding with per-theme agreement and Cohen's kappa, and the analysis of
 * themes over time, by site and by kind of session. Schemas and pure rules;
 * nothing here touches the database.
 */
import { z } from 'zod';
import { isoDate, uuid, version } from './schemas.ts';

export const SESSION_KINDS = ['individual', 'group_consultation'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional();

/* ---------- sessions ---------- */

export const followUpInput = z.object({
  /** Present when editing an existing action (kept for the record of who did what); omitted for a new one. */
  id: uuid.optional(),
  description: z.string().trim().min(1, 'Required').max(500, 'At most 500 characters'),
  ownerId: uuid,
  dueOn: isoDate,
  done: z.boolean().default(false),
});
export type FollowUpInput = z.infer<typeof followUpInput>;

const uniqueIds = (what: string) =>
  z.array(uuid).max(50, `At most 50 ${what}`).refine((ids) => new Set(ids).size === ids.length, `A ${what.replace(/s$/, '')} is listed twice`);

const sessionFields = {
  kind: z.enum(SESSION_KINDS),
  heldOn: isoDate,
  durationMinutes: z.number({ error: 'Required: minutes' }).int('Whole minutes').min(5, 'At least 5 minutes').max(600, 'At most 600 minutes'),
  supervisorId: uuid,
  attendeeIds: uniqueIds('attendees').min(1, 'At least one attendee'),
  participantIds: uniqueIds('participants').default([]),
  notes: optionalText(10_000),
  followUps: z.array(followUpInput).max(30, 'At most 30 follow-up actions').default([]),
};

function sessionCrossField(d: { kind: SessionKind; attendeeIds: string[]; supervisorId: string }, ctx: z.RefinementCtx) {
  if (d.kind === 'individual' && d.attendeeIds.length !== 1) {
    ctx.addIssue({ code: 'custom', path: ['attendeeIds'], message: 'An individual session has exactly one attendee' });
  }
  if (d.kind === 'group_consultation' && d.attendeeIds.length < 2) {
    ctx.addIssue({ code: 'custom', path: ['attendeeIds'], message: 'A group consultation has at least two attendees' });
  }
  const i = d.attendeeIds.indexOf(d.supervisorId);
  if (i >= 0) ctx.addIssue({ code: 'custom', path: ['attendeeIds', i], message: 'The supervisor is not also an attendee' });
}

export const sessionInput = z.object(sessionFields).superRefine(sessionCrossField);
export type SessionInput = z.infer<typeof sessionInput>;
export const sessionUpdateInput = z.object({ ...sessionFields, version }).superRefine(sessionCrossField);
export type SessionUpdateInput = z.infer<typeof sessionUpdateInput>;

export const sessionListQuery = z.object({
  kind: z.enum(SESSION_KINDS).optional(),
  /** YYYY-MM: sessions held in that month. */
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use the format YYYY-MM')
    .optional(),
  /** Sessions with an attendee at this site (see the decision record on a session's sites). */
  siteId: uuid.optional(),
});
export type SessionListQuery = z.infer<typeof sessionListQuery>;

const staffRef = z.object({ id: z.string(), name: z.string(), role: z.string() });
export type StaffRef = z.infer<typeof staffRef>;

export const sessionOutput = z.object({
  id: z.string(),
  kind: z.enum(SESSION_KINDS),
  heldOn: z.string(),
  durationMinutes: z.number().int(),
  supervisor: staffRef,
  attendees: z.array(staffRef),
  /** Sites of the attendees when the session was recorded. */
  siteIds: z.array(z.string()),
  /** Only the participants the viewer may see; the others are omitted, never hinted at. */
  participants: z.array(z.object({ id: z.string(), name: z.string(), siteId: z.string() })),
  notes: z.string().nullable(),
  followUps: z.array(
    z.object({ id: z.string(), description: z.string(), owner: staffRef, dueOn: z.string(), done: z.boolean() }),
  ),
  /** Codings submitted so far (coders' own, not counting a final reconciled coding). */
  codingCount: z.number().int(),
  reconciled: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Session = z.infer<typeof sessionOutput>;
export const sessionListOutput = z.object({ items: z.array(sessionOutput) });

export const staffListOutput = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), siteIds: z.array(z.string()) })),
});
export type SupervisionStaff = z.infer<typeof staffListOutput>['items'][number];

/* ---------- codebook ---------- */

export const themeInput = z.object({
  name: z.string().trim().min(1, 'Required').max(80, 'At most 80 characters'),
  definition: z.string().trim().min(1, 'Required').max(1000, 'At most 1000 characters'),
  examples: optionalText(2000),
  parentId: uuid.nullable().default(null),
});
export type ThemeInput = z.infer<typeof themeInput>;
export const themeUpdateInput = themeInput.extend({ active: z.boolean(), version });
export type ThemeUpdateInput = z.infer<typeof themeUpdateInput>;

export const themeOutput = z.object({
  id: z.string(),
  name: z.string(),
  definition: z.string(),
  examples: z.string().nullable(),
  parentId: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export type Theme = z.infer<typeof themeOutput>;
export const codebookOutput = z.object({ items: z.array(themeOutput) });

/**
 * Would giving `id` the parent `parentId` make a cycle (a theme its own
 * ancestor)? `themes` is the codebook as it stands. A missing parent ends the walk.
 */
export function wouldCreateCycle(themes: readonly { id: string; parentId: string | null }[], id: string, parentId: string | null): boolean {
  if (parentId === null) return false;
  const parentOf = new Map(themes.map((t) => [t.id, t.parentId]));
  const seen = new Set<string>();
  let current: string | null = parentId;
  while (current !== null) {
    if (current === id) return true;
    if (seen.has(current)) return true; // an existing cycle: refuse to extend it
    seen.add(current);
    current = parentOf.get(current) ?? null;
  }
  return false;
}

export interface ThemeNode<T extends { id: string; parentId: string | null; name: string }> {
  theme: T;
  depth: number;
}

/** The codebook in tree order (parents before their children, siblings by name), with depths. */
export function themeTree<T extends { id: string; parentId: string | null; name: string }>(themes: readonly T[]): ThemeNode<T>[] {
  const ids = new Set(themes.map((t) => t.id));
  const children = new Map<string | null, T[]>();
  for (const t of themes) {
    const key = t.parentId !== null && ids.has(t.parentId) ? t.parentId : null;
    children.set(key, [...(children.get(key) ?? []), t]);
  }
  const out: ThemeNode<T>[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const t of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      if (out.some((n) => n.theme.id === t.id)) continue;
      out.push({ theme: t, depth });
      visit(t.id, depth + 1);
    }
  };
  visit(null, 0);
  return out;
}

/* ---------- codings ---------- */

export const codingInput = z.object({
  themeIds: uniqueIds('themes').min(1, 'Choose at least one theme'),
});
export type CodingInput = z.infer<typeof codingInput>;
export const finalCodingInput = codingInput.extend({
  /** The version of the final coding being replaced; omit when reconciling for the first time. */
  version: version.optional(),
});
export type FinalCodingInput = z.infer<typeof finalCodingInput>;

const codingOutput = z.object({
  id: z.string(),
  coder: staffRef,
  themeIds: z.array(z.string()),
  submittedAt: z.string(),
  version: z.number().int(),
});
export type Coding = z.infer<typeof codingOutput>;

export const codingsOutput = z.object({
  /** The viewer's own coding, if they have submitted one. */
  mine: codingOutput.nullable(),
  /**
   * The other coders' codings: empty until the viewer has submitted their own
   * (independent coding), however many exist.
   */
  others: z.array(codingOutput),
  /** How many codings other coders have submitted (so a second coder knows one exists, without seeing it). */
  otherCount: z.number().int(),
  /** The reconciled coding that analysis uses, once there is one. */
  final: codingOutput.nullable(),
  /** Per-theme agreement of the first two coders on this session, once the viewer may see both. */
  agreement: z
    .array(z.object({ themeId: z.string(), coderA: z.boolean(), coderB: z.boolean(), agree: z.boolean() }))
    .nullable(),
});
export type Codings = z.infer<typeof codingsOutput>;

/* ---------- agreement and Cohen's kappa ---------- */

/**
 * A 2×2 table for one theme over double-coded sessions: `both` (A and B
 * coded it present), `onlyA`, `onlyB`, `neither`.
 */
export interface TwoByTwo {
  both: number;
  onlyA: number;
  onlyB: number;
  neither: number;
}

export interface KappaResult {
  n: number;
  /** Observed agreement, (both + neither) / n; null when n = 0. */
  po: number | null;
  /** Agreement expected by chance from each coder's marginal rates; null when n = 0. */
  pe: number | null;
  /**
   * Cohen's kappa, (po − pe) / (1 − pe). Null ("not defined") when pe = 1 —
   * both coders gave the same answer for every session (typically a theme
   * neither used), so there is no variation to agree on beyond chance — or when n = 0.
   */
  kappa: number | null;
}

/** Cohen's kappa for one 2×2 table (Cohen 1960). */
export function cohensKappa(t: TwoByTwo): KappaResult {
  const n = t.both + t.onlyA + t.onlyB + t.neither;
  if (n === 0) return { n, po: null, pe: null, kappa: null };
  const po = (t.both + t.neither) / n;
  const pA = (t.both + t.onlyA) / n;
  const pB = (t.both + t.onlyB) / n;
  const pe = pA * pB + (1 - pA) * (1 - pB);
  // Floating point: pe may land a hair off 1 for a degenerate table; treat it as 1.
  if (Math.abs(1 - pe) < 1e-12) return { n, po, pe: 1, kappa: null };
  return { n, po, pe, kappa: (po - pe) / (1 - pe) };
}

/** Two coders' theme sets for one session (A: the first to submit, B: the second). */
export interface DoubleCoding {
  sessionId: string;
  a: readonly string[];
  b: readonly string[];
}

export function tableFor(themeId: string, pairs: readonly DoubleCoding[]): TwoByTwo {
  const t: TwoByTwo = { both: 0, onlyA: 0, onlyB: 0, neither: 0 };
  for (const p of pairs) {
    const inA = p.a.includes(themeId);
    const inB = p.b.includes(themeId);
    if (inA && inB) t.both++;
    else if (inA) t.onlyA++;
    else if (inB) t.onlyB++;
    else t.neither++;
  }
  return t;
}

export interface ThemeAgreement extends KappaResult {
  themeId: string;
  table: TwoByTwo;
}

/** Per-theme agreement and kappa across the double-coded sessions, for each theme given. */
export function agreementByTheme(themeIds: readonly string[], pairs: readonly DoubleCoding[]): ThemeAgreement[] {
  return themeIds.map((themeId) => {
    const table = tableFor(themeId, pairs);
    return { themeId, table, ...cohensKappa(table) };
  });
}

export const themeAgreementOutput = z.object({
  themeId: z.string(),
  table: z.object({ both: z.number().int(), onlyA: z.number().int(), onlyB: z.number().int(), neither: z.number().int() }),
  n: z.number().int(),
  po: z.number().nullable(),
  pe: z.number().nullable(),
  kappa: z.number().nullable(),
});

/* ---------- analysis ---------- */

export const analysisQuery = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type AnalysisQuery = z.infer<typeof analysisQuery>;

const countRow = <K extends z.ZodRawShape>(keys: K) => z.object({ ...keys, themeId: z.string(), sessions: z.number().int() });

export const analysisOutput = z.object({
  from: z.string(),
  to: z.string(),
  /** Whether names and notes were removed (always for evaluators): staff appear by id and role only. */
  deidentified: z.boolean(),
  themes: z.array(z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable(), active: z.boolean() })),
  totals: z.object({
    sessions: z.number().int(),
    individual: z.number().int(),
    groupConsultation: z.number().int(),
    coded: z.number().int(),
    doubleCoded: z.number().int(),
    reconciled: z.number().int(),
    /** Double-coded but not yet reconciled: analysis uses the first coder's coding until then. */
    awaitingReconciliation: z.number().int(),
    /**
     * Sessions another coder has coded and you (who may code them) have not:
     * counted in the totals above, but their themes are left out of every theme
     * count and of the agreement until you submit your own coding or they are
     * reconciled (independent coding). Always 0 for those who do not code.
     */
    withheldUntilYouCode: z.number().int(),
  }),
  byMonth: z.array(countRow({ month: z.string() })),
  byQuarter: z.array(countRow({ quarter: z.string() })),
  bySite: z.array(countRow({ siteId: z.string() })),
  byKind: z.array(countRow({ kind: z.enum(SESSION_KINDS) })),
  kindsByMonth: z.array(z.object({ month: z.string(), individual: z.number().int(), groupConsultation: z.number().int() })),
  staffByMonth: z.array(
    z.object({ staffId: z.string(), name: z.string().nullable(), role: z.string(), month: z.string(), sessions: z.number().int() }),
  ),
  agreement: z.array(themeAgreementOutput),
  /** De-identified coded sessions (evaluators' view): no notes, no participants, staff by id and role. */
  sessions: z
    .array(
      z.object({
        id: z.string(),
        kind: z.enum(SESSION_KINDS),
        month: z.string(),
        durationMinutes: z.number().int(),
        siteIds: z.array(z.string()),
        supervisor: z.object({ id: z.string(), role: z.string() }),
        attendees: z.array(z.object({ id: z.string(), role: z.string() })),
        themeIds: z.array(z.string()),
      }),
    )
    .nullable(),
});
export type Analysis = z.infer<typeof analysisOutput>;

/** One session as analysis sees it: its effective coding (final, else the first coder's). */
export interface AnalysedSession {
  id: string;
  kind: SessionKind;
  heldOn: string;
  siteIds: readonly string[];
  themeIds: readonly string[];
}

export const monthOf = (isoDay: string) => isoDay.slice(0, 7);
export function quarterOf(isoDay: string): string {
  const m = Number(isoDay.slice(5, 7));
  return `${isoDay.slice(0, 4)}-Q${String(Math.ceil(m / 3))}`;
}

/** Sessions per (key, theme): each coded session counts once per theme it carries, under each of its keys. */
export function countByTheme(sessions: readonly AnalysedSession[], keysOf: (s: AnalysedSession) => readonly string[]) {
  const counts = new Map<string, { key: string; themeId: string; sessions: number }>();
  for (const s of sessions) {
    for (const key of new Set(keysOf(s))) {
      for (const themeId of new Set(s.themeIds)) {
        const k = `${key}\u0000${themeId}`;
        const row = counts.get(k) ?? { key, themeId, sessions: 0 };
        row.sessions++;
        counts.set(k, row);
      }
    }
  }
  return [...counts.values()].sort((a, b) => a.key.localeCompare(b.key) || a.themeId.localeCompare(b.themeId));
}

/* ---------- CSV ---------- */

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  // A leading =, +, - or @ would be a formula in a spreadsheet: prefix it with a quote mark.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof value === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows to CSV text: a header row first, CRLF line ends. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The "sessions by kind × theme" table: one row per theme (tree order), a column per kind and a total. */
export function kindByThemeTable(
  themes: readonly { id: string; name: string; parentId: string | null }[],
  byKind: readonly { kind: SessionKind; themeId: string; sessions: number }[],
): { header: string[]; rows: (string | number)[][] } {
  const header = ['Theme', 'Individual sessions', 'Group consultations', 'All sessions'];
  const rows = themeTree(themes).map(({ theme }) => {
    const ind = byKind.find((r) => r.kind === 'individual' && r.themeId === theme.id)?.sessions ?? 0;
    const grp = byKind.find((r) => r.kind === 'group_consultation' && r.themeId === theme.id)?.sessions ?? 0;
    return [theme.name, ind, grp, ind + grp];
  });
  return { header, rows };
}

/** Every month ("YYYY-MM") from the month of `from` to the month of `to`, so a trend shows its empty months too. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const last = monthOf(to);
  for (let key = monthOf(from); key <= last; ) {
    out.push(key);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
    key = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
  }
  return out;
}

/** Every quarter ("YYYY-Qn") from the quarter of `from` to the quarter of `to`. */
export function quartersBetween(from: string, to: string): string[] {
  return [...new Set(monthsBetween(from, to).map((month) => quarterOf(`${month}-01`)))];
}

type DeidentifiedSession = NonNullable<Analysis['sessions']>[number];

/**
 * The evaluators' de-identified coded sessions as a table (one row per
 * session, by month then id): kinds and roles as codes, several sites,
 * attendees or themes joined with "; " (themes in codebook order).
 */
export function deidentifiedSessionsTable(
  themes: readonly { id: string; name: string; parentId: string | null }[],
  sessions: readonly DeidentifiedSession[],
): { header: string[]; rows: (string | number)[][] } {
  const header = ['Session', 'Month', 'Kind', 'Duration (minutes)', 'Sites', 'Supervisor role', 'Attendee roles', 'Themes'];
  const order = themeTree(themes).map((n) => n.theme);
  const rows = [...sessions]
    .sort((a, b) => a.month.localeCompare(b.month) || a.id.localeCompare(b.id))
    .map((s) => [
      s.id,
      s.month,
      s.kind,
      s.durationMinutes,
      s.siteIds.join('; '),
      s.supervisor.role,
      s.attendees
        .map((a) => a.role)
        .sort()
        .join('; '),
      order
        .filter((t) => s.themeIds.includes(t.id))
        .map((t) => t.name)
        .join('; '),
    ]);
  return { header, rows };
}
