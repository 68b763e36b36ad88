// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AssessmentDetail, InstrumentDefinition } from '../../../core/assessments.ts';
import { apiError, json } from '../../test/fakeServer.ts';
import { SAM } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const SCALE = [
  { value: 'no', score: 1, label: { en: 'No', es: 'No' } },
  { value: 'yes', score: 2, label: { en: 'Yes', es: 'Sí' } },
];
const DEFINITION: InstrumentDefinition = {
  key: 'mini',
  version: 1,
  languages: ['en', 'es'],
  title: { en: 'Mini check', es: 'Mini control' },
  items: ['One', 'Two', 'Three'].map((p, i) => ({
    id: `q${String(i + 1)}`,
    type: 'single_choice' as const,
    required: true,
    prompt: { en: `${p}?`, es: `¿${p}?` },
    options: SCALE,
  })),
  scoring: { type: 'sum', min: 3, max: 6, flags: [{ key: 'high', atLeast: 6, label: { en: 'All yes', es: 'Todo sí' } }] },
};
const ID = '55555555-5555-4555-8555-555555555555';
const path = `/api/participants/${SAM.id}/assessments/${ID}`;
const base: AssessmentDetail = {
  id: ID,
  participantId: SAM.id,
  instrumentKey: 'mini',
  instrumentVersion: 1,
  title: DEFINITION.title,
  status: 'in_progress',
  answeredCount: 1,
  itemCount: 3,
  score: null,
  scoreMax: 6,
  flags: [],
  needsFound: [],
  startedAt: '2026-03-01T15:00:00Z',
  startedBy: null,
  completedAt: null,
  completedBy: null,
  updatedAt: '2026-03-01T15:00:00Z',
  version: 4,
  answers: { q1: 'yes' },
  definition: DEFINITION,
};

async function open(detail: AssessmentDetail = base) {
  const server = signedInServer().on('GET', `/api/participants/${SAM.id}`, json(200, SAM)).on('GET', path, json(200, detail));
  renderApp(`/participants/${SAM.id}/assessments/${ID}`, server);
  await screen.findByRole('heading', { level: 1, name: 'Mini check' });
  return server;
}

describe('an assessment in progress', () => {
  it('shows the saved answers and the progress, and saves only what changed with the version read', async () => {
    const server = await open();
    expect(screen.getByText('1 of 3 answered')).toBeTruthy();
    const two = screen.getByRole('group', { name: '2. Two?' });
    fireEvent.click(within(two).getByRole('radio', { name: 'No' }));
    expect(screen.getByText('2 of 3 answered')).toBeTruthy();
    server.on('PATCH', path, json(200, { ...base, answers: { q1: 'yes', q2: 'no' }, answeredCount: 2, version: 5 }));
    fireEvent.click(screen.getByRole('button', { name: 'Save and continue later' }));
    await screen.findByText('Saved. You can come back to it later.');
    expect(server.calls('PATCH', path)[0]?.body).toEqual({ answers: { q2: 'no' }, complete: false, version: 4 });
  });

  it('names the questions left when completing too early, each a link to its question', async () => {
    const server = await open();
    server.on('PATCH', path, apiError(400, 'validation_failed', 'Some items are not answered', [
      { path: 'answers.q2', message: 'Answer this item' },
      { path: 'answers.q3', message: 'Answer this item' },
    ]));
    fireEvent.click(screen.getByRole('button', { name: 'Complete' }));
    const links = await screen.findAllByRole('link', { name: /^Question \d: Answer this question/ });
    expect(links.map((l) => l.getAttribute('href'))).toEqual(['#field-item-q2-0', '#field-item-q3-0']);
  });

  it('offers a reload when someone else saved first', async () => {
    const server = await open();
    server.on('PATCH', path, apiError(409, 'stale_version', 'Someone else changed this'));
    fireEvent.click(screen.getByRole('button', { name: 'Complete' }));
    await screen.findByText(/Someone else saved this assessment/);
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
  });

  it('asks the questions in Spanish when chosen', async () => {
    await open();
    fireEvent.click(screen.getByRole('radio', { name: 'español' }));
    expect(screen.getByRole('group', { name: '1. ¿One?' })).toBeTruthy();
  });
});

describe('a completed assessment', () => {
  it('is read-only: the total, the flag in words, and every answer', async () => {
    await open({ ...base, status: 'completed', score: 6, flags: ['high'], answers: { q1: 'yes', q2: 'yes', q3: 'yes' }, completedAt: '2026-03-02T15:00:00Z' });
    expect(screen.getByText('Total: 6 of 6')).toBeTruthy();
    expect(screen.getByText('All yes')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Complete' })).toBeNull();
    await waitFor(() => expect(screen.getAllByText('Yes')).toHaveLength(3));
  });
});

describe('starting an assessment from the participant page', () => {
  it('offers every instrument the program has, its own after the built-ins, and starts the one chosen', async () => {
    const list = `/api/participants/${SAM.id}/assessments`;
    const summary = (key: string, title: Record<string, string>) => ({ key, version: 1, title, languages: ['en', 'es'], itemCount: 3 });
    const server = signedInServer()
      .on('GET', `/api/participants/${SAM.id}`, json(200, SAM))
      .on('GET', '/api/instruments', json(200, { items: [summary('mini', DEFINITION.title), summary('needs_screening', { en: 'Needs screening', es: 'Necesidades' }), summary('barc10', { en: 'BARC-10', es: 'BARC-10' })] }))
      .on('GET', list, json(200, { items: [] }))
      .on('POST', list, json(201, base))
      .on('GET', path, json(200, base));
    renderApp(`/participants/${SAM.id}`, server);
    const section = (await screen.findByRole('heading', { name: 'Assessments', level: 2 })).closest('section') as HTMLElement;
    await within(section).findByRole('button', { name: 'Start Mini check' });
    expect(within(section).getAllByRole('button').map((b) => b.textContent)).toEqual(['Start BARC-10', 'Start needs screening', 'Start Mini check']);
    fireEvent.click(within(section).getByRole('button', { name: 'Start Mini check' }));
    await screen.findByRole('heading', { level: 1, name: 'Mini check' });
    expect(server.calls('POST', list)[0]?.body).toEqual({ instrumentKey: 'mini' });
  });
});
