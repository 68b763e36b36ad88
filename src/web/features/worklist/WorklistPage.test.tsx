// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Worklist } from '../../../core/worklist.ts';
import { json } from '../../test/fakeServer.ts';
import { me, SITE_JAIL } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const ROSA = '33333333-3333-4333-8333-333333333333';
const LENA = '44444444-4444-4444-8444-444444444444';

const LIST: Worklist = {
  noContactDays: 7,
  considered: 12,
  flagged: 2,
  items: [
    {
      participant: { id: ROSA, name: 'Rosa Diaz', siteId: SITE_JAIL.id, siteName: SITE_JAIL.name },
      enrollmentId: 'e1',
      phase: 'transition',
      dischargedOn: null,
      coach: { id: 'c1', name: 'Ana Reyes' },
      caseManager: null,
      lastReachedAt: null,
      today: '2026-03-02',
      score: 1100,
      reasons: [
        { code: 'released_without_moud', releasedOn: '2026-03-02', daysSinceRelease: 0 },
        { code: 'no_recent_contact', lastReachedOn: null, since: 'enrollment', days: 9 },
      ],
    },
    {
      participant: { id: LENA, name: 'Lena Park', siteId: SITE_JAIL.id, siteName: SITE_JAIL.name },
      enrollmentId: 'e2',
      phase: 'try_out',
      dischargedOn: '2026-01-15',
      coach: null,
      caseManager: null,
      lastReachedAt: '2026-01-10T15:00:00.000Z',
      today: '2026-03-02',
      score: 380,
      reasons: [
        { code: 'follow_up_closing', closesOn: '2026-03-10', daysLeft: 8 },
        { code: 'referral_stalled', referralId: 'ref-1', resourceName: 'Northside Community Health', status: 'sent', urgency: 'routine', daysSinceMovement: 9 },
      ],
    },
  ],
};

describe('the worklist', () => {
  it('opens a coach’s own caseload, ranked, each reason in words, with a way to log a contact', async () => {
    const server = signedInServer(me('coach')).on('GET', '/api/worklist', json(200, LIST));
    renderApp('/worklist', server);
    const list = await screen.findByRole('list', { name: 'People who need attention' });
    expect(server.calls('GET', '/api/worklist')[0]?.query.get('assignedTo')).toBe('me');
    expect(screen.getByRole('heading', { level: 2, name: /2 people need attention/ })).toBeTruthy();
    const cards = within(list).getAllByRole('listitem').filter((li) => li.classList.contains('worklist-card'));
    expect(cards.map((c) => within(c).getAllByRole('link')[0]?.textContent)).toEqual(['Rosa Diaz', 'Lena Park']);
    const rosa = within(cards[0] as HTMLElement);
    expect(rosa.getByText(/^Released today \(.*\): no MOUD start or appointment recorded$/)).toBeTruthy();
    expect(rosa.getByText('No successful contact since enrolling 9 days ago')).toBeTruthy();
    expect(rosa.getByRole('link', { name: 'Log a contact with Rosa Diaz' }).getAttribute('href')).toBe(`/participants/${ROSA}/contacts/new`);
    // Someone discharged is still owed the follow-up interview, but there is no contact to log from here.
    const lena = within(cards[1] as HTMLElement);
    expect(lena.getByText(/^The 6-month follow-up interview window closes in 8 days/)).toBeTruthy();
    expect(lena.queryByRole('link', { name: /Log a contact/ })).toBeNull();
    expect(lena.getByText('No one assigned')).toBeTruthy();
    // A stalled referral opens the referral, where its next steps are.
    expect(lena.getByRole('link', { name: /Northside Community Health/ }).getAttribute('href')).toBe('/referrals/ref-1');
  });

  it('opens everyone at a supervisor’s sites, and asks again when the filters change', async () => {
    const server = signedInServer(me('supervisor')).on('GET', '/api/worklist', json(200, LIST));
    const app = renderApp('/worklist', server);
    await screen.findByRole('list', { name: 'People who need attention' });
    expect(server.calls('GET', '/api/worklist')[0]?.query.get('assignedTo')).toBeNull();
    expect(screen.getByRole('option', { name: '7 days (program setting)' })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Flag no successful contact after'), { target: { value: '14' } });
    await waitFor(() => expect(server.calls('GET', '/api/worklist').at(-1)?.query.get('noContactDays')).toBe('14'));
    fireEvent.change(screen.getByLabelText('Site'), { target: { value: SITE_JAIL.id } });
    await waitFor(() => expect(server.calls('GET', '/api/worklist').at(-1)?.query.get('siteId')).toBe(SITE_JAIL.id));
    expect(app.location()).toBe(`/worklist?days=14&site=${SITE_JAIL.id}`);
  });

  it('lets a supervisor open one team member’s caseload', async () => {
    const coach = { ...me('coach').user, id: '55555555-5555-4555-8555-555555555555', name: 'Tasha Reynolds', active: true };
    const server = signedInServer(me('supervisor'))
      .on('GET', '/api/worklist', json(200, LIST))
      .on('GET', '/api/users', json(200, { items: [coach, { ...coach, id: '66666666-6666-4666-8666-666666666666', name: 'Gone Away', active: false }] }));
    const app = renderApp('/worklist', server);
    await screen.findByRole('option', { name: 'Tasha Reynolds’s caseload' });
    expect(screen.queryByRole('option', { name: 'Assigned to me' })).toBeNull();
    expect(screen.queryByRole('option', { name: /Gone Away/ })).toBeNull();
    fireEvent.change(screen.getByLabelText('Whose participants'), { target: { value: coach.id } });
    await waitFor(() => expect(server.calls('GET', '/api/worklist').at(-1)?.query.get('assignedTo')).toBe(coach.id));
    expect(app.location()).toBe(`/worklist?whose=${coach.id}`);
  });

  it('says when only the highest-risk part of a long list is shown', async () => {
    const server = signedInServer(me('supervisor')).on('GET', '/api/worklist', json(200, { ...LIST, considered: 4000, flagged: 900 }));
    renderApp('/worklist', server);
    expect(await screen.findByRole('heading', { level: 2, name: /900 people need attention/ })).toBeTruthy();
    expect(screen.getByText('Showing the 2 at highest risk. Choose a site or a team member to see the rest.')).toBeTruthy();
  });

  it('says so when nobody needs attention', async () => {
    const server = signedInServer(me('coach')).on('GET', '/api/worklist', json(200, { noContactDays: 7, considered: 4, flagged: 0, items: [] }));
    renderApp('/worklist', server);
    expect(await screen.findByText('Nobody needs attention right now.')).toBeTruthy();
  });

  it('is where a coach lands after signing in', async () => {
    const server = signedInServer(me('coach')).on('GET', '/api/worklist', json(200, LIST));
    const app = renderApp('/', server);
    await screen.findByRole('heading', { level: 1, name: 'Worklist' });
    expect(app.location()).toBe('/worklist');
  });
});
