// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { apiError, json } from '../../test/fakeServer.ts';
import { SAM, SITE_JAIL } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';

const editPath = `/participants/${SAM.id}/edit`;
const participantPath = `/api/participants/${SAM.id}`;

function input(label: string): HTMLInputElement {
  return screen.getByLabelText(label, { exact: false, selector: 'input, select' });
}

async function openEditor() {
  const server = signedInServer().on('GET', participantPath, json(200, SAM));
  const app = renderApp(editPath, server);
  await screen.findByRole('heading', { level: 1, name: 'Edit Samuel “Sam” Okafor' });
  await screen.findByRole('button', { name: 'Save changes' });
  return { server, app };
}

describe('editing a participant', () => {
  it('sends only what changed, with the version that was read', async () => {
    const { server, app } = await openEditor();
    server.on('PATCH', participantPath, (req) => json(200, { ...SAM, ...(req.body as object), version: 4 }));
    fireEvent.change(input('Phone'), { target: { value: '312-555-0199' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(app.location()).toBe(`/participants/${SAM.id}`));
    expect(server.calls('PATCH', participantPath)[0]?.body).toEqual({ phone: '312-555-0199', version: 3 });
  });

  it('shows the server’s field errors next to the right fields and focuses the first', async () => {
    const { server } = await openEditor();
    server.on(
      'PATCH',
      participantPath,
      apiError(400, 'validation_failed', 'Some fields are not valid', [
        { path: 'dateOfBirth', message: 'Date of birth is in the future' },
        { path: 'race.1', message: 'Each race at most once' },
      ]),
    );
    fireEvent.change(input('Phone'), { target: { value: '312-555-0199' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    const dob = input('Date of birth');
    await waitFor(() => expect(dob.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = dob.getAttribute('aria-describedby') ?? '';
    expect(describedBy).toContain('field-dateOfBirth-error');
    expect(document.getElementById('field-dateOfBirth-error')?.textContent).toContain('Date of birth is in the future');
    await waitFor(() => expect(document.activeElement).toBe(dob));

    // "race.1" belongs to the race group: its message is on the group, its boxes are marked invalid.
    const race = screen.getByRole('group', { name: /Race/ });
    expect(race.getAttribute('aria-describedby')).toContain('field-race-error');
    expect(within(race).getByText('Each race at most once')).toBeTruthy();
    expect(within(race).getAllByRole('checkbox').every((box) => box.getAttribute('aria-invalid') === 'true')).toBe(true);

    // Fields without a problem are left alone; the summary lists both problems.
    expect(input('Phone').getAttribute('aria-invalid')).toBeNull();
    const summary = screen.getByRole('heading', { name: 'There are 2 problems' }).parentElement as HTMLElement;
    expect(within(summary).getByRole('link', { name: 'Date of birth: Date of birth is in the future' })).toBeTruthy();
  });

  it('on 409 says nothing was saved, blocks saving, and reloads the latest version on request', async () => {
    const { server } = await openEditor();
    server.on('PATCH', participantPath, apiError(409, 'stale_version', 'This participant was changed by someone else'));
    fireEvent.change(input('Phone'), { target: { value: '312-555-0199' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Someone else saved this participant after you opened it. Your changes were not saved.');
    expect(alert.textContent).toContain('Phone: 312-555-0199');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Save changes' }).disabled).toBe(true);

    const latest = { ...SAM, phone: '773-555-0123', version: 5 };
    server.on('GET', participantPath, json(200, latest));
    fireEvent.click(within(alert).getByRole('button', { name: 'Load the latest version' }));
    await waitFor(() => expect(input('Phone').value).toBe('773-555-0123'));
    expect(screen.queryByText(/Your changes were not saved/)).toBeNull();

    server.on('PATCH', participantPath, json(200, { ...latest, email: 'sam@example.org', version: 6 }));
    fireEvent.change(input('E-mail'), { target: { value: 'sam@example.org' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(server.calls('PATCH', participantPath)).toHaveLength(2));
    expect(server.calls('PATCH', participantPath)[1]?.body).toEqual({ email: 'sam@example.org', version: 5 });
  });
});

describe('creating a participant', () => {
  async function fillRequired() {
    renderApp('/participants/new', server);
    await screen.findByRole('combobox', { name: 'Site' });
    fireEvent.change(input('Site'), { target: { value: SITE_JAIL.id } });
    fireEvent.change(input('First name'), { target: { value: 'Samuel' } });
    fireEvent.change(input('Last name'), { target: { value: 'Okafor' } });
    fireEvent.change(input('Date of birth'), { target: { value: '1988-04-12' } });
    fireEvent.click(screen.getByRole('radio', { name: 'In custody' }));
  }
  let server = signedInServer();

  it('checks required fields before sending anything', async () => {
    server = signedInServer();
    renderApp('/participants/new', server);
    fireEvent.click(await screen.findByRole('button', { name: 'Create participant' }));
    await waitFor(() => expect(document.activeElement).toBe(input('Site')));
    expect(input('First name').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('radio', { name: 'In custody' }).getAttribute('aria-invalid')).toBe('true');
    expect(server.requests.filter((r) => r.path.startsWith('/api/participants'))).toHaveLength(0);
  });

  it('shows possible duplicates and creates only after explicit confirmation', async () => {
    server = signedInServer()
      .on('GET', '/api/participants/duplicates', json(200, { items: [SAM] }))
      .on('POST', '/api/participants', (req) => json(201, { ...SAM, ...(req.body as object), id: '44444444-4444-4444-8444-444444444444', version: 1 }))
      .on('GET', '/api/participants/44444444-4444-4444-8444-444444444444', json(200, { ...SAM, id: '44444444-4444-4444-8444-444444444444' }));
    await fillRequired();
    fireEvent.click(screen.getByRole('button', { name: 'Create participant' }));

    const heading = await screen.findByRole('heading', { name: 'Possible duplicates' });
    await waitFor(() => expect(document.activeElement).toBe(heading)); // the button pressed is gone: focus moves to the question
    const panel = heading.closest('section') as HTMLElement;
    expect(server.calls('GET', '/api/participants/duplicates')[0]?.query.get('dateOfBirth')).toBe('1988-04-12');
    expect(within(panel).getByRole('link', { name: 'Open Samuel “Sam” Okafor' }).getAttribute('href')).toBe(`/participants/${SAM.id}`);
    expect(server.calls('POST', '/api/participants')).toHaveLength(0);

    // Enter in a field must not slip past the question.
    fireEvent.submit(input('Last name').closest('form') as HTMLFormElement);
    expect(server.calls('POST', '/api/participants')).toHaveLength(0);

    fireEvent.click(within(panel).getByRole('button', { name: 'None of these — create new participant' }));
    await screen.findByText('Participant created.');
    const body = server.calls('POST', '/api/participants')[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({ siteId: SITE_JAIL.id, firstName: 'Samuel', lastName: 'Okafor', dateOfBirth: '1988-04-12', custodyStatus: 'in_custody', race: [] });
  });
});
