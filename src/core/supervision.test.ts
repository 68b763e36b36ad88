import { describe, expect, it } from 'vitest';
import {
  agreementByTheme,
  cohensKappa,
  countByTheme,
  csvField,
  deidentifiedSessionsTable,
  kindByThemeTable,
  monthsBetween,
  quarterOf,
  quartersBetween,
  sessionInput,
  tableFor,
  themeTree,
  toCsv,
  wouldCreateCycle,
  type DoubleCoding,
} from './supervision.ts';

describe("Cohen's kappa", () => {
  it('the classic 50-item example: po = 0.7, pe = 0.5, kappa = 0.4', () => {
    // Two readers, 50 proposals: both yes 20, both no 15, only A yes 5, only B yes 10
    // (the worked example of the Wikipedia article "Cohen's kappa").
    const r = cohensKappa({ both: 20, onlyA: 5, onlyB: 10, neither: 15 });
    expect(r.n).toBe(50);
    expect(r.po).toBeCloseTo(0.7, 12);
    expect(r.pe).toBeCloseTo(0.5, 12);
    expect(r.kappa).toBeCloseTo(0.4, 12);
  });

  it('a second textbook table: 45 both, 15 only A, 25 only B, 15 neither (po 0.6, pe 0.54, kappa ≈ 0.1304)', () => {
    const r = cohensKappa({ both: 45, onlyA: 15, onlyB: 25, neither: 15 });
    expect(r.po).toBeCloseTo(0.6, 12);
    expect(r.pe).toBeCloseTo(0.54, 12);
    expect(r.kappa).toBeCloseTo(0.06 / 0.46, 12);
  });

  it('perfect agreement gives 1', () => {
    expect(cohensKappa({ both: 10, onlyA: 0, onlyB: 0, neither: 40 }).kappa).toBe(1);
  });

  it('agreement exactly at chance gives 0', () => {
    const r = cohensKappa({ both: 25, onlyA: 25, onlyB: 25, neither: 25 });
    expect(r.po).toBe(0.5);
    expect(r.pe).toBe(0.5);
    expect(r.kappa).toBe(0);
  });

  it('worse than chance is negative', () => {
    expect(cohensKappa({ both: 0, onlyA: 5, onlyB: 5, neither: 0 }).kappa).toBe(-1);
  });

  it('a theme never used by either coder: po = pe = 1 and kappa is not defined (null), not a division by zero', () => {
    const r = cohensKappa({ both: 0, onlyA: 0, onlyB: 0, neither: 12 });
    expect(r).toEqual({ n: 12, po: 1, pe: 1, kappa: null });
  });

  it('a theme both coders used on every session is not defined either', () => {
    expect(cohensKappa({ both: 7, onlyA: 0, onlyB: 0, neither: 0 }).kappa).toBeNull();
  });

  it('no double-coded sessions: nothing to measure', () => {
    expect(cohensKappa({ both: 0, onlyA: 0, onlyB: 0, neither: 0 })).toEqual({ n: 0, po: null, pe: null, kappa: null });
  });
});

describe('per-theme agreement over double-coded sessions', () => {
  // Build the 50-item table from sessions: 20 both, 5 only A, 10 only B, 15 neither for "housing".
  const pairs: DoubleCoding[] = [];
  const add = (count: number, a: string[], b: string[]) => {
    for (let i = 0; i < count; i++) pairs.push({ sessionId: `s${String(pairs.length)}`, a, b });
  };
  add(20, ['housing', 'stigma'], ['housing', 'stigma']);
  add(5, ['housing', 'stigma'], ['stigma']);
  add(10, ['stigma'], ['housing', 'stigma']);
  add(15, ['stigma'], ['stigma']);

  it('counts the 2×2 table of each theme', () => {
    expect(tableFor('housing', pairs)).toEqual({ both: 20, onlyA: 5, onlyB: 10, neither: 15 });
  });

  it('gives each theme its kappa: 0.4 for housing, undefined for a theme always coded, undefined for one never used', () => {
    const [housing, stigma, grief] = agreementByTheme(['housing', 'stigma', 'grief'], pairs);
    expect(housing?.kappa).toBeCloseTo(0.4, 12);
    expect(housing?.po).toBeCloseTo(0.7, 12);
    expect(stigma?.kappa).toBeNull();
    expect(grief).toMatchObject({ po: 1, pe: 1, kappa: null, table: { both: 0, onlyA: 0, onlyB: 0, neither: 50 } });
  });
});

describe('theme hierarchy', () => {
  const themes = [
    { id: 'nav', parentId: null, name: 'Resource navigation' },
    { id: 'housing', parentId: 'nav', name: 'Housing' },
    { id: 'shelter', parentId: 'housing', name: 'Shelters' },
    { id: 'moud', parentId: 'nav', name: 'MOUD access' },
  ];
  it('refuses a theme under itself', () => expect(wouldCreateCycle(themes, 'housing', 'housing')).toBe(true));
  it('refuses a theme under its own descendant', () => expect(wouldCreateCycle(themes, 'nav', 'shelter')).toBe(true));
  it('allows a move to another branch, or to the top', () => {
    expect(wouldCreateCycle(themes, 'shelter', 'moud')).toBe(false);
    expect(wouldCreateCycle(themes, 'housing', null)).toBe(false);
  });
  it('refuses to extend an existing cycle rather than looping', () => {
    const broken = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
    ];
    expect(wouldCreateCycle(broken, 'c', 'a')).toBe(true);
  });
  it('orders the tree: parents first, children by name, with depths', () => {
    expect(themeTree(themes).map((n) => `${String(n.depth)}:${n.theme.id}`)).toEqual(['0:nav', '1:housing', '2:shelter', '1:moud']);
  });
});

describe('CSV', () => {
  it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Boundaries, dual roles')).toBe('"Boundaries, dual roles"');
    expect(csvField('the "hub"')).toBe('"the ""hub"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(12)).toBe('12');
    expect(csvField(null)).toBe('');
  });
  it('defuses a spreadsheet formula in text', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField(-3)).toBe('-3');
  });
  it('writes a header row and CRLF line ends', () => {
    expect(toCsv(['Theme', 'n'], [['Grief and loss', 2]])).toBe('Theme,n\r\nGrief and loss,2\r\n');
  });
  it('the kind × theme table has one row per theme in tree order, with a total', () => {
    const t = kindByThemeTable(
      [
        { id: 'nav', name: 'Resource navigation', parentId: null },
        { id: 'h', name: 'Housing', parentId: 'nav' },
        { id: 'b', name: 'Boundaries', parentId: null },
      ],
      [
        { kind: 'individual', themeId: 'h', sessions: 3 },
        { kind: 'group_consultation', themeId: 'h', sessions: 1 },
        { kind: 'individual', themeId: 'b', sessions: 2 },
      ],
    );
    expect(t.header).toEqual(['Theme', 'Individual sessions', 'Group consultations', 'All sessions']);
    expect(t.rows).toEqual([
      ['Boundaries', 2, 0, 2],
      ['Resource navigation', 0, 0, 0],
      ['Housing', 3, 1, 4],
    ]);
  });
});

describe('counting themes', () => {
  it('counts each session once per theme under each of its keys; quarters from months', () => {
    const rows = countByTheme(
      [
        { id: '1', kind: 'individual', heldOn: '2026-01-05', siteIds: ['cook'], themeIds: ['h'] },
        { id: '2', kind: 'group_consultation', heldOn: '2026-02-05', siteIds: ['cook', 'lake'], themeIds: ['h', 'b'] },
      ],
      (s) => s.siteIds,
    );
    expect(rows).toEqual([
      { key: 'cook', themeId: 'b', sessions: 1 },
      { key: 'cook', themeId: 'h', sessions: 2 },
      { key: 'lake', themeId: 'b', sessions: 1 },
      { key: 'lake', themeId: 'h', sessions: 1 },
    ]);
    expect(quarterOf('2026-03-31')).toBe('2026-Q1');
    expect(quarterOf('2026-10-01')).toBe('2026-Q4');
  });
  it('lists every month and quarter of a range, across a new year, empty ones too', () => {
    expect(monthsBetween('2025-11-03', '2026-02-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsBetween('2026-02-24', '2026-02-24')).toEqual(['2026-02']);
    expect(quartersBetween('2025-03-03', '2026-03-02')).toEqual(['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1']);
  });
  it("the evaluators' session table: by month, roles and themes in codebook order, no names", () => {
    const themes = [
      { id: 'nav', name: 'Resource navigation', parentId: null },
      { id: 'h', name: 'Housing', parentId: 'nav' },
      { id: 'b', name: 'Boundaries', parentId: null },
    ];
    const session = (id: string, month: string, themeIds: string[]) => ({
      id,
      kind: 'group_consultation' as const,
      month,
      durationMinutes: 90,
      siteIds: ['cook', 'lake'],
      supervisor: { id: 's', role: 'supervisor' },
      attendees: [
        { id: 'x', role: 'coach' },
        { id: 'y', role: 'case_manager' },
      ],
      themeIds,
    });
    const t = deidentifiedSessionsTable(themes, [session('2', '2026-02', ['h', 'nav', 'b']), session('1', '2026-01', ['h'])]);
    expect(t.header).toEqual(['Session', 'Month', 'Kind', 'Duration (minutes)', 'Sites', 'Supervisor role', 'Attendee roles', 'Themes']);
    expect(t.rows).toEqual([
      ['1', '2026-01', 'group_consultation', 90, 'cook; lake', 'supervisor', 'case_manager; coach', 'Housing'],
      ['2', '2026-02', 'group_consultation', 90, 'cook; lake', 'supervisor', 'case_manager; coach', 'Boundaries; Resource navigation; Housing'],
    ]);
  });
});

describe('session input', () => {
  const base = {
    kind: 'individual',
    heldOn: '2026-03-02',
    durationMinutes: 50,
    supervisorId: '00000000-0000-4000-8000-000000000001',
    attendeeIds: ['00000000-0000-4000-8000-000000000002'],
  };
  it('an individual session has one attendee, a group two or more; the supervisor is not an attendee', () => {
    expect(sessionInput.safeParse(base).success).toBe(true);
    const group = sessionInput.safeParse({ ...base, kind: 'group_consultation' });
    expect(group.error?.issues.map((i) => i.path.join('.'))).toEqual(['attendeeIds']);
    const self = sessionInput.safeParse({ ...base, attendeeIds: [base.supervisorId] });
    expect(self.error?.issues.map((i) => i.path.join('.'))).toEqual(['attendeeIds.0']);
  });
});
