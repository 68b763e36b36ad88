// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MoudEpisode, MoudList } from '../../../core/moud.ts';
import { apiError, json } from '../../test/fakeServer.ts';
import { me, SAM } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const RELEASED = { ...SAM, custodyStatus: 'community' as const, releaseDate: '2025-02-20', expectedReleaseDate: null };
const EPISODE: MoudEpisode = {
  id: '88888888-8888-4888-8888-888888888888',
  participantId: SAM.id,
  siteId: SAM.siteId,
  medication: 'buprenorphine',
  providerName: 'Erie Family Health',
  providerResourceId: null,
  referralId: null,
  startedOn: '2025-02-23',
  endedOn: null,
  endReason: null,
  note: null,
  status: 'ongoing',
  version: 2,
  createdAt: '2025-02-23T15:00:00Z',
  updatedAt: '2025-02-23T15:00:00Z',
  createdBy: { id: '99999999-9999-4999-8999-999999999999', name: 'Ana Reyes' },
  updatedBy: { id: '99999999-9999-4999-8999-999999999999', name: 'Ana Reyes' },
};
const LINKED: MoudList = {
  items: [EPISODE],
  linkage: { status: 'linked', from: 'release', indexDate: '2025-02-20', firstDoseOn: '2025-02-23', days: 3 },
  retention: {
    firstStartOn: '2025-02-23',
    continuousUntil: null,
    marks: [
      { days: 30, on: '2025-03-25', status: 'retained' },
      { days: 90, on: '2025-05-24', status: 'retained' },
      { days: 180, on: '2025-08-22', status: 'not_yet' },
    ],
  },
};
const NONE: MoudList = { items: [], linkage: { status: 'not_linked', from: 'release', indexDate: '2025-02-20', daysSince: 1 }, retention: null };
const base = `/api/participants/${SAM.id}/moud-episodes`;

function server(list: MoudList, session = me()) {
  return signedInServer(session)
    .on('GET', `/api/participants/${SAM.id}`, json(200, RELEASED))
    .on('GET', base, json(200, list));
}

async function section() {
  return (await screen.findByRole('heading', { name: 'Medication treatment', level: 2 })).closest('section') as HTMLElement;
}

describe('the Medication treatment section', () => {
  it('shows the linkage time, the retention marks in words and the episodes', async () => {
    renderApp(`/participants/${SAM.id}`, server(LINKED));
    const s = await section();
    await within(s).findByText('First dose 3 days after release');
    const marks = within(s).getByRole('list', { name: 'Retention' });
    expect(within(marks).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '30 daysRetainedon Mar 25, 2025',
      '90 daysRetainedon May 24, 2025',
      '180 daysNot yet knownon Aug 22, 2025',
    ]);
    expect(within(s).getByText('Erie Family Health')).toBeTruthy();
    expect(within(s).getByText('Since Feb 23, 2025')).toBeTruthy();
    expect(within(s).getByText('Ongoing')).toBeTruthy();
  });

  it('records a start: checked before sending, then the server’s field error at its field, then saved', async () => {
    let tries = 0;
    const s = server(NONE).on('POST', base, () => {
      tries++;
      if (tries === 1) return apiError(400, 'validation_failed', 'Some fields are not valid', [{ path: 'startedOn', message: 'Cannot be in the future' }]);
      s.on('GET', base, json(200, LINKED));
      return json(201, EPISODE);
    });
    renderApp(`/participants/${SAM.id}`, s);
    const sec = await section();
    await within(sec).findByText('No medication yet: released 1 day ago');
    fireEvent.click(within(sec).getByRole('button', { name: 'Record a medication start' }));
    const form = (await within(sec).findByRole('heading', { name: 'Record a medication start', level: 3 })).closest('form') as HTMLElement;
    const submit = () => fireEvent.click(within(form).getByRole('button', { name: 'Record a medication start' }));
    submit();
    // Medication and provider are required: named before anything is sent.
    await waitFor(() => expect(within(form).getByLabelText('Medication').getAttribute('aria-invalid')).toBe('true'));
    expect(within(form).getByLabelText(/^Provider/).getAttribute('aria-invalid')).toBe('true');
    expect(s.calls('POST', base)).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText('Medication'), { target: { value: 'buprenorphine' } });
    fireEvent.change(within(form).getByLabelText(/^Provider/), { target: { value: ' Erie Family Health ' } });
    fireEvent.change(within(form).getByLabelText(/^First dose on/), { target: { value: '2025-02-23' } });
    submit();
    expect(await within(form).findAllByText(/Cannot be in the future/)).toHaveLength(2); // summary and field
    submit();
    await within(sec).findByText('Medication start recorded.');
    await within(sec).findByText('First dose 3 days after release');
    expect(s.calls('POST', base)[1]?.body).toEqual({ medication: 'buprenorphine', providerName: 'Erie Family Health', startedOn: '2025-02-23', note: null });
  });

  it('links the start to the referral that led to it, or to a directory provider picked by name', async () => {
    const clinic = '77777777-7777-4777-8777-777777777777';
    const referral = {
      id: '66666666-6666-4666-8666-666666666666', participantId: SAM.id, siteId: SAM.siteId, need: 'moud_treatment', urgency: 'urgent',
      resource: { id: clinic, name: 'Kedzie Bridge Clinic' }, notes: null, status: 'attended', next: ['completed', 'closed'],
      appointment: { on: '2025-02-22', time: '09:30', place: null }, outcome: null, consentId: null, sentAt: '2025-02-21T15:00:00Z',
      movedAt: '2025-02-22T15:00:00Z', fhirTaskStatus: 'in-progress', notice: null, version: 4, createdAt: '2025-02-21T14:00:00Z', createdBy: null,
    };
    const draft = { ...referral, id: '55555555-5555-4555-8555-555555555555', status: 'draft', resource: { id: clinic, name: 'Never sent' } };
    const hit = { resourceId: '44444444-4444-4444-8444-444444444444', resourceName: 'PCC Wellness', website: null, location: {}, services: [], distanceMiles: null, openNow: null };
    const s = server(NONE)
      .on('GET', `/api/participants/${SAM.id}/referrals`, json(200, { items: [referral, draft] }))
      .on('GET', '/api/resources', json(200, { items: [hit], origin: null, more: false }))
      .on('POST', base, json(201, EPISODE));
    renderApp(`/participants/${SAM.id}`, s);
    const sec = await section();
    fireEvent.click(await within(sec).findByRole('button', { name: 'Record a medication start' }));
    const form = (await within(sec).findByRole('heading', { name: 'Record a medication start', level: 3 })).closest('form') as HTMLElement;
    const which = await within(form).findByLabelText(/^Referral that led to it/);
    // Only referrals that went out are offered.
    expect(within(which).getAllByRole('option').map((o) => o.textContent)).toEqual(['None', 'Kedzie Bridge Clinic, Feb 21, 2025 (Attended)']);
    fireEvent.change(which, { target: { value: referral.id } });
    expect(within(form).getByLabelText<HTMLInputElement>(/^Provider/).value).toBe('Kedzie Bridge Clinic');
    fireEvent.change(within(form).getByLabelText('Medication'), { target: { value: 'buprenorphine' } });
    fireEvent.change(within(form).getByLabelText(/^First dose on/), { target: { value: '2025-02-23' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Record a medication start' }));
    await within(sec).findByText('Medication start recorded.');
    expect(s.calls('POST', base)[0]?.body).toEqual({ medication: 'buprenorphine', providerName: 'Kedzie Bridge Clinic', startedOn: '2025-02-23', note: null, referralId: referral.id });

    // Without a referral, a name from the directory's suggestions links that entry.
    fireEvent.click(await within(sec).findByRole('button', { name: 'Record a medication start' }));
    const again = (await within(sec).findByRole('heading', { name: 'Record a medication start', level: 3 })).closest('form') as HTMLElement;
    fireEvent.change(within(again).getByLabelText('Medication'), { target: { value: 'extended_release_buprenorphine' } });
    await waitFor(() => expect(s.calls('GET', '/api/resources').at(-1)?.query.get('medication')).toBe('buprenorphine'));
    await waitFor(() => expect(again.querySelector('datalist option')?.getAttribute('value')).toBe('PCC Wellness'));
    fireEvent.change(within(again).getByLabelText(/^Provider/), { target: { value: 'PCC Wellness' } });
    fireEvent.click(within(again).getByRole('button', { name: 'Record a medication start' }));
    await waitFor(() => expect(s.calls('POST', base)).toHaveLength(2));
    expect(s.calls('POST', base)[1]?.body).toMatchObject({ providerName: 'PCC Wellness', providerResourceId: hit.resourceId });
  });

  it('ends an episode with a date and reason; a 409 says someone saved first and offers a reload', async () => {
    const s = server(LINKED).on('PATCH', `${base}/${EPISODE.id}`, apiError(409, 'stale_version', 'changed'));
    renderApp(`/participants/${SAM.id}`, s);
    const sec = await section();
    fireEvent.click(await within(sec).findByRole('button', { name: 'End Buprenorphine from Feb 23, 2025' }));
    const form = (await within(sec).findByRole('heading', { name: 'End Buprenorphine', level: 3 })).closest('form') as HTMLElement;
    fireEvent.click(within(form).getByRole('button', { name: 'End' }));
    await waitFor(() => expect(within(form).getByLabelText('Why it ended').getAttribute('aria-invalid')).toBe('true'));
    expect(s.calls('PATCH', `${base}/${EPISODE.id}`)).toHaveLength(0);
    fireEvent.change(within(form).getByLabelText(/^Ended on/), { target: { value: '2025-03-01' } });
    fireEvent.change(within(form).getByLabelText('Why it ended'), { target: { value: 'switched_medication' } });
    fireEvent.click(within(form).getByRole('button', { name: 'End' }));
    await within(form).findByText(/Someone else changed this episode/);
    expect(s.calls('PATCH', `${base}/${EPISODE.id}`)[0]?.body).toEqual({ version: 2, endedOn: '2025-03-01', endReason: 'switched_medication' });
    fireEvent.click(within(form).getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(s.calls('GET', base).length).toBeGreaterThan(1));
  });

  it('a correction sends only the fields changed, with the version read', async () => {
    const s = server(LINKED).on('PATCH', `${base}/${EPISODE.id}`, json(200, { ...EPISODE, providerName: 'PCC Wellness', version: 3 }));
    renderApp(`/participants/${SAM.id}`, s);
    const sec = await section();
    fireEvent.click(await within(sec).findByRole('button', { name: 'Correct Buprenorphine from Feb 23, 2025' }));
    const form = (await within(sec).findByRole('heading', { name: 'Correct Buprenorphine', level: 3 })).closest('form') as HTMLElement;
    expect(within(form).queryByLabelText(/^Ended on/)).toBeNull(); // an ongoing episode is ended with End
    fireEvent.change(within(form).getByLabelText(/^Provider/), { target: { value: 'PCC Wellness' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await within(sec).findByText('Episode saved.');
    expect(s.calls('PATCH', `${base}/${EPISODE.id}`)[0]?.body).toEqual({ version: 2, providerName: 'PCC Wellness' });
  });

  it('a supervisor reads but is offered no action; other linkage states are said in words', async () => {
    const continued: MoudList = { ...LINKED, linkage: { status: 'continued', from: 'release', indexDate: '2025-02-20', startedOn: '2024-12-01', days: 0 } };
    renderApp(`/participants/${SAM.id}`, server(continued, me('supervisor')));
    const sec = await section();
    await within(sec).findByText('Already on medication at release (since Dec 1, 2024)');
    expect(within(sec).queryByRole('button')).toBeNull();
  });
});
