// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CriticalEvent } from '../../../core/events.ts';
import type { Enrollment } from '../../../core/enrollments.ts';
import { json } from '../../test/fakeServer.ts';
import { me, SAM } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const RELEASED = { ...SAM, custodyStatus: 'community' as const, releaseDate: '2025-02-20', expectedReleaseDate: null };
const OVERDOSE: CriticalEvent = {
  id: '77777777-7777-4777-8777-777777777777',
  participantId: SAM.id,
  siteId: SAM.siteId,
  kind: 'non_fatal_overdose',
  occurredOn: '2025-03-01',
  source: 'family',
  cause: null,
  notes: null,
  daysSinceRelease: 9,
  withinPostReleaseWindow: true,
  closedEnrollmentId: null,
  createdAt: '2025-03-01T15:00:00Z',
  createdBy: { id: '99999999-9999-4999-8999-999999999999', name: 'Ana Reyes' },
};
const base = `/api/participants/${SAM.id}/events`;
const ENROLLED: Enrollment = {
  id: '66666666-6666-4666-8666-666666666666',
  participantId: SAM.id,
  siteId: SAM.siteId,
  siteName: SAM.siteName,
  enrolledOn: '2025-02-20',
  referralSource: 'jail_in_reach',
  coach: null,
  caseManager: null,
  phase: 'transition',
  phaseStartedOn: '2025-02-20',
  phases: [{ phase: 'transition', startedOn: '2025-02-20' }],
  dischargedOn: null,
  dischargeReason: null,
  dischargeNote: null,
  interviews: [],
  schedule: [
    { kind: 'intake', status: 'due', conductedOn: null, opensOn: '2025-02-20', closesOn: '2025-02-27' },
    { kind: 'follow_up_6m', status: 'not_yet', conductedOn: null, opensOn: '2025-07-20', closesOn: '2025-10-20' },
    { kind: 'discharge', status: 'not_yet', conductedOn: null, opensOn: null, closesOn: null },
  ],
  version: 1,
};
const OPEN_ENROLLMENT = { items: [ENROLLED] };

/** An open referral, as the list gives it (only what the form reads matters). */
const OPEN_REFERRAL = { id: '55555555-5555-4555-8555-555555555555', status: 'sent', resource: { id: 'r1', name: 'West Side Housing' } };

function server(enrollments: unknown = { items: [] }, referrals: unknown[] = []) {
  return signedInServer(me())
    .on('GET', `/api/participants/${SAM.id}`, json(200, RELEASED))
    .on('GET', base, json(200, { items: [OVERDOSE] }))
    .on('GET', `/api/participants/${SAM.id}/enrollments`, json(200, enrollments))
    .on('GET', `/api/participants/${SAM.id}/referrals`, json(200, { items: referrals }));
}

async function section() {
  return (await screen.findByRole('heading', { name: 'Critical events', level: 2 })).closest('section') as HTMLElement;
}

describe('the Critical events section', () => {
  it('flags an event within 30 days of release', async () => {
    renderApp(`/participants/${SAM.id}`, server());
    const s = await section();
    await within(s).findByText('Within 30 days of release (day 9)');
    expect(within(s).getByText(/Non-fatal overdose/)).toBeTruthy();
  });

  it('asks before a death closes the open enrollment, and sends the confirmation', async () => {
    const s = server(OPEN_ENROLLMENT).on('POST', base, json(201, { ...OVERDOSE, kind: 'death', closedEnrollmentId: ENROLLED.id }));
    renderApp(`/participants/${SAM.id}`, s);
    const sec = await section();
    fireEvent.click(await within(sec).findByRole('button', { name: 'Record a critical event' }));
    const form = within(sec).getByRole('form');
    fireEvent.change(within(form).getByLabelText('What happened'), { target: { value: 'arrest' } });
    expect(within(form).queryByLabelText('Close the open enrollment with the reason “deceased”')).toBeNull();
    fireEvent.change(within(form).getByLabelText('What happened'), { target: { value: 'death' } });
    fireEvent.change(within(form).getByLabelText('Source of the information'), { target: { value: 'medical_examiner' } });
    const confirm = await within(form).findByLabelText('Close the open enrollment with the reason “deceased”');
    fireEvent.click(within(form).getByRole('button', { name: 'Record a critical event' }));
    // Not ticked: the error summary names it and nothing is sent.
    await within(form).findByRole('link', { name: /Close the open enrollment/ });
    expect(s.calls('POST', base)).toHaveLength(0);
    fireEvent.click(confirm);
    fireEvent.click(within(form).getByRole('button', { name: 'Record a critical event' }));
    await waitFor(() => expect(s.calls('POST', base)).toHaveLength(1));
    expect(s.calls('POST', base)[0]?.body).toMatchObject({ kind: 'death', source: 'medical_examiner', confirmCloseEnrollment: true });
    await within(sec).findByText('Death recorded. The open enrollment is now closed as deceased.');
  });

  it('asks too when only a referral is open, naming it (a closed one is not counted)', async () => {
    const s = server({ items: [] }, [OPEN_REFERRAL, { ...OPEN_REFERRAL, id: 'closed-one', status: 'closed' }]).on('POST', base, json(201, { ...OVERDOSE, kind: 'fatal_overdose' }));
    renderApp(`/participants/${SAM.id}`, s);
    const sec = await section();
    fireEvent.click(await within(sec).findByRole('button', { name: 'Record a critical event' }));
    const form = within(sec).getByRole('form');
    fireEvent.change(within(form).getByLabelText('What happened'), { target: { value: 'fatal_overdose' } });
    fireEvent.change(within(form).getByLabelText('Source of the information'), { target: { value: 'family' } });
    fireEvent.click(await within(form).findByLabelText('Close the open referral (West Side Housing) as “participant died”'));
    fireEvent.click(within(form).getByRole('button', { name: 'Record a critical event' }));
    await waitFor(() => expect(s.calls('POST', base)).toHaveLength(1));
    expect(s.calls('POST', base)[0]?.body).toMatchObject({ kind: 'fatal_overdose', confirmCloseEnrollment: true });
    await within(sec).findByText('Death recorded. The open referrals are now closed.');
  });
});
