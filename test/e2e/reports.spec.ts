import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { todayIso } from '../../src/web/i18n/format.ts';
import { presetRange } from '../../src/web/features/reports/reportQuery.ts';
import { expectAccessible, expectNoHorizontalScroll, signIn } from './support.ts';

test('the program director looks at last quarter at Cook County Jail: retention curve and referral funnel, then downloads the program report as a workbook', async ({ page }, testInfo) => {
  // Two pages of figures, two accessibility checks and a download: more than the default budget on a busy machine.
  test.slow();
  // Denise directs the program: she opens Reports from the navigation.
  await signIn(page, 'admin');
  if (testInfo.project.name === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Outcomes' })).toBeVisible();
  await expect(page.getByTestId('tile-served')).toBeVisible();

  // Last quarter, Cook County Jail only: both go into the address.
  await page.getByLabel('Period').selectOption({ label: 'Last quarter' });
  await page.getByText('Sites:').click();
  // The address changes first, then the box shows ticked: click, then wait for it.
  await page.getByRole('checkbox', { name: 'Cook County Jail' }).click();
  await expect(page.getByRole('checkbox', { name: 'Cook County Jail' })).toBeChecked();
  await expect(page).toHaveURL(/[?&]period=last_quarter(&|$)/);
  await expect(page).toHaveURL(/[?&]siteId=[0-9a-f-]{36}/);
  // The back button undoes a filter, and forward brings it back.
  await page.goBack();
  await expect(page).not.toHaveURL(/siteId=/);
  await expect(page.getByRole('checkbox', { name: 'Cook County Jail' })).not.toBeChecked();
  await page.goForward();
  await expect(page.getByRole('checkbox', { name: 'Cook County Jail' })).toBeChecked();
  const { from, to } = presetRange('last_quarter', todayIso());
  const [fy, fm, fd] = from.split('-').map(Number);
  const fromText = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(fy ?? 0, (fm ?? 1) - 1, fd)));
  await expect(page.getByTestId('report-scope')).toContainText(fromText);
  await expect(page.getByTestId('report-scope')).toContainText('Cook County Jail');

  // The referral funnel and the Kaplan–Meier curve, each with its numbers (once the new figures are in).
  await expect(page.locator('.report[aria-busy="true"]')).toHaveCount(0);
  const funnel = page.getByRole('img', { name: /^Bar chart: From referral to engagement/ });
  await expect(funnel).toBeVisible();
  await expect(page.getByRole('table', { name: 'From referral to engagement' }).getByRole('row', { name: /^Sent/ })).toBeAttached();
  await expect(page.getByRole('img', { name: /^Step chart: Continuous retention on MOUD/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Number at risk' })).toBeVisible();
  await page.getByRole('button', { name: 'Show the numbers' }).first().click();
  await expect(page.getByRole('button', { name: 'Hide the numbers' })).toBeVisible();
  await expectAccessible(page, testInfo, 'outcome dashboard');
  await expectNoHorizontalScroll(page);

  // The program report for the same filters; the workbook downloads.
  await page.getByRole('link', { name: 'Program report' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Program report' })).toBeVisible();
  await expect(page).toHaveURL(/\/reports\/program\?period=last_quarter&siteId=/);
  await expect(page.getByTestId('report-about')).toContainText('Cook County Jail');
  await expect(page.locator('.program-table').first()).toBeVisible();
  await expectAccessible(page, testInfo, 'program report');
  await expectNoHorizontalScroll(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download XLSX' }).click()]);
  expect(download.suggestedFilename()).toBe(`tandem-program-report-${from}-to-${to}.xlsx`);
  const path = await download.path();
  const bytes = await readFile(path);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
});
