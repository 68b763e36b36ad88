// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Enrollment } from '../../../core/enrollments.ts';
import { apiError, json } from '../../test/fakeServer.ts';
import { SAM } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const EPISODE: Enrollment = {
  id: '77777777-7777-4777-8777-777777777777',
  participantId: SAM.id,
  siteId: SAM.siteId,
  siteName: SAM.siteName,
  enrolledOn: '2025-01-03',
  referralSource: 'jail_in_reach',
  coach: { id: '99999999-9999-4999-8999-999999999999', name: 'Ana Reyes' },
  caseManager: null,
  phase: 'pre_release',
  phaseStartedOn: '2025-01-03',
  phases: [{ phase: 'pre_release', startedOn: '2025-01-03' }],
  dischargedOn: null,
  dischargeReason: null,
  dischargeNote: null,
  interviews: [],
  schedule: [
    { kind: 'intake', status: 'missed', conductedOn: null, opensOn: '2025-01-03', closesOn: '2025-01-10' },
    { kind: 'follow_up_6m', status: 'closing_soon', conductedOn: null, opensOn: '2025-06-03', closesOn: '2025-09-03' },
    { kind: 'discharge', status: 'not_yet', conductedOn: null, opensOn: null, closesOn: null },
  ],
  version: 2,
};
const base = `/api/participants/${SAM.id}/enrollments`;

function server(items: Enrollment[]) {
  return signedInServer()
    .on('GET', `/api/participants/${SAM.id}`, json(200, SAM))
    .on('GET', /\/contacts$/, json(200, { items: [], nextCursor: null }))
    .on('GET', `${base}/team-options`, json(200, { coaches: [{ id: EPISODE.coach?.id, name: 'Ana Reyes' }], caseManagers: [] }))
    .on('GET', base, json(200, { items }));
}

describe('the Enrollment section', () => {
  it('shows the open episode and its schedule with status words, not colour alone', async () => {
    renderApp(`/participants/${SAM.id}`, server([EPISODE]));
    const section = (await screen.findByRole('heading', { name: 'Enrollment' })).closest('section') as HTMLElement;
    await within(section).findByText('Ana Reyes');
    expect(within(section).getByText('Pre-release, since Jan 3, 2025')).toBeTruthy();
    const schedule = within(section).getByRole('list', { name: 'Interview schedule' });
    const items = within(schedule).getAllByRole('listitem').map((li) => li.textContent);
    expect(items).toEqual(['Intake interviewMissedclosed Jan 10, 2025', '6-month follow-upClosing soonwindow closes Sep 3, 2025', 'Discharge interviewNot yetat discharge']);
  });

  it('records an interview: a field error from the server is shown at its field, then it saves and reloads', async () => {
    const done = { ...EPISODE, schedule: [{ ...EPISODE.schedule[0], status: 'done', conductedOn: '2025-01-05' }, ...EPISODE.schedule.slice(1)] };
    let tries = 0;
    const s = server([EPISODE]).on('POST', `${base}/${EPISODE.id}/interviews`, () => {
      tries++;
      if (tries === 1) return apiError(400, 'validation_failed', 'Some fields are not valid', [{ path: 'conductedOn', message: 'Cannot be before the enrollment date' }]);
      s.on('GET', base, json(200, { items: [done] }));
      return json(201, done);
    });
    renderApp(`/participants/${SAM.id}`, s);
    fireEvent.click(await screen.findByRole('button', { name: 'Record interview' }));
    const date = await screen.findByLabelText(/Date of the interview/);
    fireEvent.change(date, { target: { value: '2025-01-05' } });
    fireEvent.click(within(date.closest('form') as HTMLElement).getByRole('button', { name: 'Record interview' }));
    expect(await screen.findAllByText(/Cannot be before the enrollment date/)).toHaveLength(2); // summary and field
    expect(date.getAttribute('aria-invalid')).toBe('true');
    fireEvent.click(within(date.closest('form') as HTMLElement).getByRole('button', { name: 'Record interview' }));
    await screen.findByText('Interview recorded.');
    await screen.findByText('on Jan 5, 2025');
    expect(s.calls('POST', `${base}/${EPISODE.id}/interviews`)[1]?.body).toEqual({ kind: 'intake', conductedOn: '2025-01-05' });
  });

  it('a discharge that someone else beat answers 409: nothing saved, a reload is offered', async () => {
    const s = server([EPISODE]).on('POST', `${base}/${EPISODE.id}/discharge`, apiError(409, 'stale_version', 'changed'));
    renderApp(`/participants/${SAM.id}`, s);
    fireEvent.click(await screen.findByRole('button', { name: 'Discharge' }));
    const form = (await screen.findByRole('heading', { name: 'Discharge', level: 3 })).closest('form') as HTMLElement;
    fireEvent.click(within(form).getByRole('button', { name: 'Discharge' }));
    // The reason is required: checked before sending.
    expect(await within(form).findAllByText(/Reason/)).not.toHaveLength(0);
    expect(s.calls('POST', `${base}/${EPISODE.id}/discharge`)).toHaveLength(0);
    fireEvent.change(within(form).getByLabelText('Reason'), { target: { value: 'moved' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Discharge' }));
    await within(form).findByText(/Someone else changed this enrollment/);
    expect(s.calls('POST', `${base}/${EPISODE.id}/discharge`)[0]?.body).toMatchObject({ version: 2, reason: 'moved' });
    fireEvent.click(within(form).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(s.calls('GET', base).length).toBeGreaterThan(1));
  });

  it('records the discharge interview on a past episode; a missed one is not offered', async () => {
    const past: Enrollment = {
      ...EPISODE,
      dischargedOn: '2025-03-01',
      dischargeReason: 'moved',
      schedule: [
        { kind: 'intake', status: 'missed', conductedOn: null, opensOn: '2025-01-03', closesOn: '2025-01-10' },
        { kind: 'follow_up_6m', status: 'open', conductedOn: null, opensOn: '2025-06-03', closesOn: '2025-09-03' },
        { kind: 'discharge', status: 'due', conductedOn: null, opensOn: '2025-03-01', closesOn: '2025-03-15' },
      ],
    };
    const s = server([past]).on('POST', `${base}/${past.id}/interviews`, json(201, past));
    renderApp(`/participants/${SAM.id}`, s);
    fireEvent.click(await screen.findByRole('button', { name: /^Record interview for the episode .*Jan 3, 2025 to Mar 1, 2025/ }));
    const kind = await screen.findByLabelText('Interview');
    expect(within(kind).getAllByRole('option').map((o) => o.textContent)).toEqual(['6-month follow-up', 'Discharge interview']);
    fireEvent.change(kind, { target: { value: 'discharge' } });
    fireEvent.change(screen.getByLabelText(/Date of the interview/), { target: { value: '2025-03-05' } });
    fireEvent.click(within(kind.closest('form') as HTMLElement).getByRole('button', { name: 'Record interview' }));
    await screen.findByText('Interview recorded.');
    expect(s.calls('POST', `${base}/${past.id}/interviews`)[0]?.body).toEqual({ kind: 'discharge', conductedOn: '2025-03-05' });
  });

  it('says when the dates have moved the phase on, and moves it with the date the dates give', async () => {
    const stale: Enrollment = { ...EPISODE, phaseByDates: { phase: 'transition', since: '2025-02-01' } };
    const s = server([stale]).on('PATCH', `${base}/${stale.id}`, json(200, { ...stale, phase: 'transition', phaseByDates: null }));
    renderApp(`/participants/${SAM.id}`, s);
    await screen.findByText('By the dates, this episode is in Transition since Feb 1, 2025, but the record still says Pre-release.');
    fireEvent.click(screen.getByRole('button', { name: 'Move to Transition' }));
    const form = (await screen.findByRole('heading', { name: 'Change team or phase', level: 3 })).closest('form') as HTMLElement;
    expect(within(form).getByLabelText<HTMLSelectElement>('Critical-time phase').value).toBe('transition');
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await screen.findByText('Enrollment saved.');
    // Only the phase: the team did not change, so it is not sent (nor checked again).
    expect(s.calls('PATCH', `${base}/${stale.id}`)[0]?.body).toEqual({ version: 2, referralSource: 'jail_in_reach', phase: 'transition', phaseStartedOn: '2025-02-01' });
  });

  it('offers Enroll when there is no open episode, with past episodes listed', async () => {
    const past = { ...EPISODE, dischargedOn: '2025-03-01', dischargeReason: 'incarcerated' as const };
    renderApp(`/participants/${SAM.id}`, server([past]));
    await screen.findByText('Discharged Mar 1, 2025: Incarcerated');
    expect(screen.getByRole('button', { name: 'Enroll again' })).toBeTruthy();
  });
});
