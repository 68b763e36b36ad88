// @vitest-environment happy-dom
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../../core/plans.ts';
import { apiError, json } from '../../test/fakeServer.ts';
import { SAM } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const planPath = `/api/participants/${SAM.id}/plan`;
const GOAL = '11111111-1111-4111-8111-111111111111';
const STEP = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

const PLAN: Plan = {
  participantId: SAM.id,
  version: 2,
  savedAt: '2026-03-01T15:00:00.000Z',
  savedBy: { id: GOAL, name: 'Cai Morgan' },
  goals: [
    {
      id: GOAL,
      text: 'Stay on my Suboxone',
      domain: 'health',
      targetDate: null,
      status: 'active',
      source: { kind: 'need', domain: 'moud_treatment' },
      steps: [{ id: STEP, what: 'Pick up the refill', owner: 'participant', dueDate: '2026-02-01', status: 'not_started' }],
    },
  ],
};

async function openEditor() {
  const server = signedInServer().on('GET', `/api/participants/${SAM.id}`, json(200, SAM)).on('GET', planPath, json(200, PLAN));
  const app = renderApp(`/participants/${SAM.id}/plan/edit`, server);
  await screen.findByRole('button', { name: 'Save plan' });
  return { server, app };
}

describe('editing a recovery plan', () => {
  it('adds a goal with a step and sends the whole plan with the version read, keeping ids and the need it came from', async () => {
    const { server, app } = await openEditor();
    server.on('PUT', planPath, json(200, { ...PLAN, version: 3 }));
    fireEvent.click(screen.getByRole('button', { name: 'Add a goal' }));
    await waitFor(() => expect(document.activeElement?.id).toBe('plan-goals-1-text'));
    fireEvent.change(document.getElementById('plan-goals-1-text') as HTMLInputElement, { target: { value: 'Find a place where my kids can visit' } });
    fireEvent.change(document.getElementById('plan-goals-1-domain') as HTMLSelectElement, { target: { value: 'home' } });
    fireEvent.change(document.getElementById('plan-goals-1-steps-0-what') as HTMLInputElement, { target: { value: 'Apply for the voucher' } });
    fireEvent.change(document.getElementById('plan-goals-1-steps-0-owner') as HTMLSelectElement, { target: { value: 'case_manager' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save plan' }));
    await waitFor(() => expect(app.location()).toBe(`/participants/${SAM.id}`));
    expect(server.calls('PUT', planPath)[0]?.body).toEqual({
      version: 2,
      goals: [
        { id: GOAL, text: 'Stay on my Suboxone', domain: 'health', targetDate: null, status: 'active', source: { kind: 'need', domain: 'moud_treatment' }, steps: [{ id: STEP, what: 'Pick up the refill', owner: 'participant', dueDate: '2026-02-01', status: 'not_started' }] },
        { text: 'Find a place where my kids can visit', domain: 'home', targetDate: null, status: 'active', source: null, steps: [{ what: 'Apply for the voucher', owner: 'case_manager', dueDate: null, status: 'not_started' }] },
      ],
    });
  });

  it('names each missing field before sending anything', async () => {
    const { server } = await openEditor();
    fireEvent.click(screen.getByRole('button', { name: 'Add a goal' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save plan' }));
    await screen.findByRole('heading', { name: 'There are 4 problems' });
    expect(screen.getByRole('link', { name: 'Goal 2, Life domain: Required' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Step 1 of goal 2, Who is responsible: Required' })).toBeTruthy();
    expect(document.getElementById('plan-goals-1-steps-0-owner')?.getAttribute('aria-invalid')).toBe('true');
    expect(server.calls('PUT', planPath)).toHaveLength(0);
  });

  it('on 409 says someone else saved first and keeps the typed text on screen', async () => {
    const { server } = await openEditor();
    server.on('PUT', planPath, apiError(409, 'stale_version', 'Someone else changed this recovery plan after you read it.'));
    fireEvent.change(document.getElementById('plan-goals-0-text') as HTMLInputElement, { target: { value: 'Stay on my Suboxone every single day' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save plan' }));
    await screen.findByText('Someone else saved this plan after you opened it. Your changes were not saved.');
    expect((document.getElementById('plan-goals-0-text') as HTMLInputElement).value).toBe('Stay on my Suboxone every single day');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Save plan' }).disabled).toBe(true);

    server.on('GET', planPath, json(200, { ...PLAN, version: 3, goals: [{ ...PLAN.goals[0], text: 'Their words' }] }));
    fireEvent.click(screen.getByRole('button', { name: /Load the latest version/ }));
    await waitFor(() => expect((document.getElementById('plan-goals-0-text') as HTMLInputElement).value).toBe('Their words'));
  });

  it('arriving from a screening need, adds a goal in that domain that remembers the need, and puts the cursor in it', async () => {
    const server = signedInServer().on('GET', `/api/participants/${SAM.id}`, json(200, SAM)).on('GET', planPath, json(200, PLAN));
    renderApp(`/participants/${SAM.id}/plan/edit?fromNeed=housing`, server);
    await screen.findByRole('button', { name: 'Save plan' });
    await waitFor(() => expect(document.activeElement?.id).toBe('plan-goals-1-text'));
    expect((document.getElementById('plan-goals-1-domain') as HTMLSelectElement).value).toBe('home');
    expect(screen.getByText('From the needs screening: Housing')).toBeTruthy();
    server.on('PUT', planPath, json(200, { ...PLAN, version: 3 }));
    fireEvent.change(document.getElementById('plan-goals-1-text') as HTMLInputElement, { target: { value: 'A room near my daughter' } });
    fireEvent.change(document.getElementById('plan-goals-1-steps-0-what') as HTMLInputElement, { target: { value: 'Apply for the voucher' } });
    fireEvent.change(document.getElementById('plan-goals-1-steps-0-owner') as HTMLSelectElement, { target: { value: 'case_manager' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save plan' }));
    await waitFor(() => expect(server.calls('PUT', planPath)).toHaveLength(1));
    const body = server.calls('PUT', planPath)[0]?.body as { goals: { source: unknown; domain: string }[] };
    expect(body.goals[1]).toMatchObject({ domain: 'home', source: { kind: 'need', domain: 'housing' } });
  });

  it('ignores a need it does not know', async () => {
    const server = signedInServer().on('GET', `/api/participants/${SAM.id}`, json(200, SAM)).on('GET', planPath, json(200, PLAN));
    renderApp(`/participants/${SAM.id}/plan/edit?fromNeed=astrology`, server);
    await screen.findByRole('button', { name: 'Save plan' });
    expect(document.getElementById('plan-goals-1-text')).toBeNull();
  });
});
