// @vitest-environment happy-dom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../../i18n/I18nProvider.tsx';
import { todayIso } from '../../i18n/format.ts';
import { apiError, json } from '../../test/fakeServer.ts';
import { me, SITE_ED, SITE_JAIL } from '../../test/fixtures.ts';
import { renderApp, signedInServer } from '../../test/renderApp.tsx';
import { KaplanMeierChart } from './charts/KaplanMeierChart.tsx';
import { NumbersTable } from './charts/NumbersTable.tsx';
import { presetRange } from './reportQuery.ts';
import { dashboard, programReport, suppressedDashboard } from './reports.fixtures.ts';

describe('a chart’s numbers', () => {
  it('are a real table with a caption and header cells, shown on request and never gone from the page', () => {
    render(
      <I18nProvider locale="en">
        <NumbersTable caption="Kits by recipient" rowHeader="Recipient" columns={['This period', 'Period before']} rows={[{ label: 'Participant', cells: [60, { suppressed: true }] }]} />
      </I18nProvider>,
    );
    const table = screen.getByRole('table', { name: 'Kits by recipient' });
    // Out of sight but in the page: screen readers and print have it before anyone presses the button.
    expect(table.closest('.numbers-body')?.className).toBe('numbers-body numbers-body--hidden');
    expect(within(table).getByRole('columnheader', { name: 'Recipient' }).getAttribute('scope')).toBe('col');
    expect(within(table).getByRole('rowheader', { name: 'Participant' }).getAttribute('scope')).toBe('row');
    // A count of 1 to 10 shows as "hidden", never as 0.
    expect(within(table).getByRole('row', { name: /Participant/ }).textContent).toBe('Participant60hidden');
    expect(screen.getByText(/a count of 1 to 10 people, or a count hidden/)).toBeTruthy();
    const toggle = screen.getByRole('button', { name: 'Show the numbers' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect(screen.getByRole('button', { name: 'Hide the numbers' }).getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('table', { name: 'Kits by recipient' }).closest('.numbers-body')?.className).toBe('numbers-body');
  });

  it('a Kaplan–Meier curve is one named image, with the number at risk under it and the share retained in a table', async () => {
    render(
      <I18nProvider locale="en">
        <KaplanMeierChart
          title="Retention"
          groups={[
            {
              label: 'Methadone',
              points: [
                { day: 0, survival: 1 },
                { day: 40, survival: 0.75, lower: 0.6, upper: 0.85 },
              ],
              atRisk: [
                { day: 0, n: 40 },
                { day: 30, n: 38 },
                { day: 60, n: 25 },
                { day: 90, n: { suppressed: true } },
              ],
            },
          ]}
        />
      </I18nProvider>,
    );
    const svg = await screen.findByRole('img', { name: /^Step chart: Retention/ }, { timeout: 5000 });
    expect(svg.tagName.toLowerCase()).toBe('svg');
    expect(svg.querySelectorAll('path').length).toBeGreaterThan(0);
    const atRisk = screen.getByRole('table', { name: 'Number at risk' });
    expect(within(atRisk).getByRole('row', { name: /Methadone/ }).textContent).toBe('Methadone403825hidden—no data—no data—no data');
    const retained = screen.getByRole('table', { name: 'Retention: share retained' });
    expect(within(retained).getByRole('row', { name: /Methadone/ }).textContent).toContain('100%75%');
  });
});

describe('the outcome dashboard', () => {
  const jailQuarter = () => presetRange('last_quarter', todayIso());

  it('a program admin sees the headline with changes in words, the funnel and the curve; filters go to the URL and to the server', async () => {
    const due = { participantId: '7d1c5c56-3a43-4f0e-9a55-0b7f6a3c2e11', name: 'Rosa Diaz', enrollmentId: 'e1', siteId: SITE_JAIL.id, siteName: SITE_JAIL.name, opensOn: '2026-08-01', closesOn: '2026-11-01', daysLeft: 30 };
    const server = signedInServer(me('program_admin'))
      .on('GET', '/api/reports/dashboard', json(200, dashboard()))
      .on('GET', '/api/reports/follow-ups-due', json(200, { today: '2026-10-02', items: [due] }));
    const { location } = renderApp('/reports', server);
    expect(await screen.findByRole('heading', { level: 1, name: 'Outcomes' })).toBeTruthy();
    const served = await screen.findByTestId('tile-served');
    expect(served.textContent).toContain('120');
    expect(served.textContent).toContain('up 20% from the period before');
    expect(screen.getByTestId('tile-linked').textContent).toContain('up 5 points from the period before');
    expect(screen.getByTestId('tile-median').textContent).toContain('down 2 days from the period before');
    expect(screen.getByTestId('tile-followup').textContent).toContain('Below the 80% target.');
    expect(screen.getByTestId('report-scope').textContent).toBe('Jul 1, 2026 to Sep 30, 2026, all your sites. Compared with Apr 1, 2026 to Jun 30, 2026.');
    // Charts are drawn once their box has a width (an effect after the page): wait for them.
    expect(await screen.findByRole('img', { name: /^Bar chart: From referral to engagement/ }, { timeout: 5000 })).toBeTruthy();
    expect(within(screen.getByTestId('funnel-table')).getByRole('row', { name: /Accepted/ }).textContent).toBe('Accepted6480%');
    expect(await screen.findByRole('img', { name: /^Step chart: Continuous retention/ }, { timeout: 5000 })).toBeTruthy();
    expect(within(screen.getByTestId('breakdown-table')).getByRole('row', { name: /Black or African American/ }).textContent).toContain('60%');
    // Who is due, named and linked to their record (a program admin may open it).
    const dueList = await screen.findByTestId('due-list');
    expect(within(dueList).getByRole('link', { name: 'Rosa Diaz' }).getAttribute('href')).toBe(`/participants/${due.participantId}`);
    expect(within(dueList).getByRole('row', { name: /Rosa Diaz/ }).textContent).toContain('(30 days left)');

    // The first request is this quarter against the quarter before, for all the admin's sites.
    const first = server.calls('GET', '/api/reports/dashboard')[0];
    expect(first?.query.get('from')).toBe(presetRange('this_quarter', todayIso()).from);
    expect(first?.query.get('siteId')).toBeNull();
    expect(first?.query.get('compare')).toBe('previous_period');

    // Last quarter, at the jail only: both in the address, both asked of the server.
    fireEvent.change(screen.getByLabelText('Period'), { target: { value: 'last_quarter' } });
    fireEvent.click(await screen.findByRole('checkbox', { name: SITE_JAIL.name }));
    await waitFor(() => expect(location()).toBe(`/reports?period=last_quarter&siteId=${SITE_JAIL.id}`));
    await waitFor(() => {
      const last = server.calls('GET', '/api/reports/dashboard').at(-1);
      expect(last?.query.get('from')).toBe(jailQuarter().from);
      expect(last?.query.get('to')).toBe(jailQuarter().to);
      expect(last?.query.get('siteId')).toBe(SITE_JAIL.id);
    });
    expect(screen.getByRole('checkbox', { name: SITE_ED.name })).toBeTruthy();
    // The program report link carries the same filters.
    expect(screen.getByRole('link', { name: 'Program report' }).getAttribute('href')).toBe(`/reports/program?period=last_quarter&siteId=${SITE_JAIL.id}`);
  });

  it('reads a shared link: custom dates and no comparison', async () => {
    const server = signedInServer(me('site_manager')).on('GET', '/api/reports/dashboard', json(200, dashboard({ comparison: null })));
    renderApp('/reports?period=custom&from=2026-01-01&to=2026-03-31&compare=none', server);
    expect((await screen.findByLabelText<HTMLInputElement>('From')).value).toBe('2026-01-01');
    await screen.findByTestId('tile-served');
    const call = server.calls('GET', '/api/reports/dashboard')[0];
    expect(call?.query.toString()).toBe('from=2026-01-01&to=2026-03-31');
    expect(screen.getByTestId('tile-served').textContent).not.toContain('from the');
  });

  it('says "to" before "from" at the field and asks nothing', async () => {
    const server = signedInServer(me('program_admin')).on('GET', '/api/reports/dashboard', json(200, dashboard()));
    renderApp('/reports?period=custom&from=2026-03-01&to=2026-02-01', server);
    expect(await screen.findByText('Must be on or after the start date')).toBeTruthy();
    expect(screen.getByText('Choose a start and an end date to see the figures.')).toBeTruthy();
    expect(server.calls('GET', '/api/reports/dashboard')).toHaveLength(0);
  });

  it('an evaluator sees hidden counts as "hidden" with the reason, never as 0', async () => {
    const server = signedInServer(me('evaluator')).on('GET', '/api/reports/dashboard', json(200, suppressedDashboard()));
    renderApp('/reports', server);
    const overdoses = await screen.findByTestId('tile-overdoses');
    expect(overdoses.textContent).toBe('Overdoseshidden');
    expect(screen.getByText(/Counts of 1 to 10 people are hidden/)).toBeTruthy();
    // Counts only: nobody is named to an evaluator, and nothing is asked for.
    expect(server.calls('GET', '/api/reports/follow-ups-due')).toHaveLength(0);
    expect(screen.getByRole('table', { name: 'Critical events by kind' })).toBeTruthy();
  });

  it('shows the server’s error with a way to try again', async () => {
    const server = signedInServer(me('program_admin')).on('GET', '/api/reports/dashboard', apiError(500, 'internal', 'boom'));
    renderApp('/reports', server);
    expect(await screen.findByRole('alert')).toBeTruthy();
    server.on('GET', '/api/reports/dashboard', json(200, dashboard()));
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('tile-served')).toBeTruthy();
  });

  it('is not in the navigation of a coach, and its address says so', async () => {
    const server = signedInServer(me('coach'));
    renderApp('/reports', server);
    expect(await screen.findByRole('heading', { level: 1 })).toBeTruthy();
    expect(screen.queryByRole('link', { name: 'Reports' })).toBeNull();
    expect(server.calls('GET', '/api/reports/dashboard')).toHaveLength(0);
  });
});

describe('the program report', () => {
  it('lays out the tables, marks hidden cells, and offers CSV, XLSX and print with the same filters', async () => {
    const server = signedInServer(me('program_admin')).on('GET', '/api/reports/program', json(200, programReport));
    renderApp(`/reports/program?period=last_quarter&siteId=${SITE_JAIL.id}`, server);
    expect(await screen.findByRole('heading', { level: 1, name: 'Program report' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Enrollment' });
    expect(within(table).getByRole('row', { name: /Deceased/ }).textContent).toBe('Deceasedhidden');
    expect(screen.getByTestId('report-about').textContent).toContain('Cook County Jail');
    const { from, to } = presetRange('last_quarter', todayIso());
    const q = `from=${from}&to=${to}&siteId=${SITE_JAIL.id}&compare=previous_period`;
    expect(server.calls('GET', '/api/reports/program')[0]?.query.toString()).toBe(`${q}&format=json`);
    expect(screen.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).toBe(`/api/reports/program?${q}&format=csv`);
    expect(screen.getByRole('link', { name: 'Download XLSX' }).getAttribute('href')).toBe(`/api/reports/program?${q}&format=xlsx`);
    expect(screen.getByRole('button', { name: 'Print' })).toBeTruthy();
  });
});
