// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Analysis, Codings, Session, Theme } from '../../../core/supervision.ts';
import { json } from '../../test/fakeServer.ts';
import { me } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const HOUSING = '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30007';
const GRIEF = '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30005';
const themes: Theme[] = [
  { id: HOUSING, name: 'Housing', definition: 'Finding or keeping housing.', examples: null, parentId: null, active: true, version: 1 },
  { id: GRIEF, name: 'Grief and loss', definition: 'Grieving a death.', examples: null, parentId: null, active: true, version: 1 },
];

const analysis: Analysis = {
  from: '2025-03-03',
  to: '2026-03-02',
  deidentified: true,
  themes: themes.map((t) => ({ id: t.id, name: t.name, parentId: t.parentId, active: t.active })),
  totals: { sessions: 50, individual: 45, groupConsultation: 5, coded: 50, doubleCoded: 50, reconciled: 50, awaitingReconciliation: 0, withheldUntilYouCode: 0 },
  byMonth: [{ month: '2026-02', themeId: HOUSING, sessions: 25 }],
  byQuarter: [{ quarter: '2026-Q1', themeId: HOUSING, sessions: 25 }],
  bySite: [{ siteId: 'none', themeId: HOUSING, sessions: 25 }],
  byKind: [
    { kind: 'individual', themeId: HOUSING, sessions: 22 },
    { kind: 'group_consultation', themeId: HOUSING, sessions: 3 },
  ],
  kindsByMonth: [{ month: '2026-02', individual: 45, groupConsultation: 5 }],
  staffByMonth: [{ staffId: '00000000-0000-4000-8000-000000000004', name: null, role: 'coach', month: '2026-02', sessions: 4 }],
  agreement: [
    { themeId: HOUSING, table: { both: 20, onlyA: 5, onlyB: 10, neither: 15 }, n: 50, po: 0.7, pe: 0.5, kappa: 0.4 },
    { themeId: GRIEF, table: { both: 0, onlyA: 0, onlyB: 0, neither: 50 }, n: 50, po: 1, pe: 1, kappa: null },
  ],
  sessions: [
    {
      id: 'abcdef12-0000-4000-8000-000000000001',
      kind: 'group_consultation',
      month: '2026-02',
      durationMinutes: 90,
      siteIds: [],
      supervisor: { id: '00000000-0000-4000-8000-000000000002', role: 'supervisor' },
      attendees: [{ id: '00000000-0000-4000-8000-000000000004', role: 'coach' }],
      themeIds: [GRIEF, HOUSING],
    },
  ],
};

describe('supervision analysis', () => {
  it("shows each chart with its table, kappa per theme and 'Not defined' for a theme never used; de-identified for an evaluator", async () => {
    const server = signedInServer(me('evaluator')).on('GET', '/api/supervision/analysis', json(200, analysis));
    renderApp('/supervision/analysis', server);
    expect(await screen.findByRole('heading', { level: 1, name: 'Supervision analysis' })).toBeTruthy();
    expect(await screen.findByText(/^De-identified/)).toBeTruthy();
    expect(screen.getByRole('img', { name: /Bar chart of the number of sessions/ })).toBeTruthy();
    const kindTable = screen.getByRole('table', { name: 'Sessions by kind × theme' });
    expect(within(kindTable).getByRole('row', { name: /Housing/ }).textContent).toContain('22325');
    const kappa = screen.getByRole('table', { name: "Agreement and Cohen's kappa per theme" });
    expect(within(kappa).getByRole('row', { name: /^Housing/ }).textContent).toContain('0.40');
    expect(within(kappa).getByRole('row', { name: /^Grief and loss/ }).textContent).toContain('Not defined');
    expect(screen.getByRole('link', { name: 'Download the table (CSV)' }).getAttribute('href')).toBe('/api/supervision/analysis/kind-by-theme.csv');
    expect(screen.getByText('Staff 00000000')).toBeTruthy();
    // Themes by month: every month of the range, each with its count; the chart beside it.
    const byMonth = screen.getByRole('table', { name: 'Sessions per theme by month' });
    expect(within(byMonth).getAllByRole('columnheader').map((h) => h.textContent)).toHaveLength(14);
    expect(within(byMonth).getByRole('row', { name: /^Housing/ }).textContent).toMatch(/0250$/);
    // Plot draws the chart in an effect after the table renders: wait for it.
    expect(await screen.findByRole('img', { name: /^Grid chart: Sessions per theme by month/ })).toBeTruthy();
    // The de-identified coded sessions, themes in codebook order, and their CSV.
    const coded = screen.getByRole('table', { name: 'Coded sessions, de-identified' });
    expect(within(coded).getByRole('row', { name: /^abcdef12/ }).textContent).toContain('Grief and loss, Housing');
    expect(screen.getByRole('button', { name: 'Download the coded sessions (CSV)' })).toBeTruthy();
  });
});

describe('coding a session', () => {
  const SID = '77777777-7777-4777-8777-777777777777';
  const session: Session = {
    id: SID,
    kind: 'group_consultation',
    heldOn: '2026-02-24',
    durationMinutes: 90,
    supervisor: { id: '1', name: 'Marcus Bell', role: 'supervisor' },
    attendees: [
      { id: '2', name: 'Tasha Reynolds', role: 'coach' },
      { id: '3', name: "Kevin O'Brien", role: 'coach' },
    ],
    siteIds: [],
    participants: [],
    notes: 'Talked about housing.',
    followUps: [],
    codingCount: 1,
    reconciled: false,
    version: 1,
    createdAt: '2026-02-24T20:00:00Z',
    updatedAt: '2026-02-24T20:00:00Z',
  };
  const blind: Codings = { mine: null, others: [], otherCount: 1, final: null, agreement: null };

  it("tells a second coder another coding exists without showing it, and offers the themes as checkboxes", async () => {
    const server = signedInServer(me('program_admin'))
      .on('GET', `/api/supervision/sessions/${SID}`, json(200, session))
      .on('GET', `/api/supervision/sessions/${SID}/codings`, json(200, blind))
      .on('GET', '/api/supervision/codebook', json(200, { items: themes }));
    renderApp(`/supervision/sessions/${SID}`, server);
    expect(await screen.findByText(/Another coder has coded this session/)).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Housing' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Grief and loss' })).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Agreement between the first two coders' })).toBeNull();
  });
});
