import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, signIn, uniqueName } from './support.ts';

async function createParticipant(page: Page, testInfo: TestInfo, firstName: string, lastName: string, year: number): Promise<string> {
  await page.goto('/participants/new');
  await page.getByLabel('First name').fill(firstName);
  await page.getByLabel('Last name').fill(lastName);
  // Each project its own birth date, so phone and desktop journeys are never each other's duplicates.
  await page.getByLabel('Date of birth').fill(`${String(year + (testInfo.project.name === 'phone' ? 1 : 0))}-04-21`);
  await page.getByRole('radio', { name: 'In the community' }).check();
  await page.getByRole('button', { name: 'Create participant' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(lastName) })).toBeVisible();
  return /\/participants\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
}

/** Question n's group of radio buttons (its legend starts "n. "). */
const question = (page: Page, n: number) => page.getByRole('group', { name: new RegExp(`^${String(n)}\\. `) });

test('a coach gives a BARC-10 in two sittings and sees the score and the trend', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  const lastName = uniqueName(testInfo, 'Quintero');
  const id = await createParticipant(page, testInfo, 'Marisol', lastName, 1986);

  await page.getByRole('button', { name: 'Start BARC-10' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /BARC-10/ })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/participants/${id}/assessments/[0-9a-f-]{36}$`));
  await expectAccessible(page, testInfo, 'BARC-10 form');
  await expectNoHorizontalScroll(page);

  // Seven answers, then "Save and continue later".
  for (let n = 1; n <= 7; n++) await question(page, n).getByRole('radio', { name: 'Agree', exact: true }).check();
  await expect(page.getByText('7 of 10 answered')).toBeVisible();
  await page.getByRole('button', { name: 'Save and continue later' }).click();
  await expect(page.getByText('Saved. You can come back to it later.')).toBeVisible();

  // Back on the participant page it is in progress; resume it.
  await page.getByRole('link', { name: new RegExp(`Back to Marisol ${lastName}`) }).click();
  await expect(page.getByText('In progress · 7 of 10 answered')).toBeVisible();
  await page.getByRole('link', { name: /Open BARC-10/ }).click();
  await expect(page.getByText('7 of 10 answered')).toBeVisible();
  await expect(question(page, 7).getByRole('radio', { name: 'Agree', exact: true })).toBeChecked();

  // Completing too early names the questions left.
  await page.getByRole('button', { name: 'Complete' }).click();
  const summary = page.getByRole('heading', { name: /problem/i });
  await expect(summary).toBeVisible();
  await expect(page.getByRole('link', { name: /^Question 8:/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Question 10:/ })).toBeVisible();

  for (let n = 8; n <= 10; n++) await question(page, n).getByRole('radio', { name: 'Somewhat agree' }).check();
  await page.getByRole('button', { name: 'Complete' }).click();
  await expect(page.getByText('Assessment completed.').first()).toBeVisible();
  await expect(page.getByText('Total: 47 of 60')).toBeVisible();
  await expect(page.getByText(/47 or more: in the range the BARC-10 study found associated with sustained remission/)).toBeVisible();
  await expectAccessible(page, testInfo, 'completed BARC-10');
  await expectNoHorizontalScroll(page);

  // The participant page shows the score and the trend, with a table for those who do not see the chart.
  await page.goto(`/participants/${id}`);
  const section = page.getByRole('region', { name: 'Assessments' });
  await expect(section.getByRole('img', { name: /Chart of BARC-10 totals/ })).toBeVisible();
  const table = section.getByRole('table', { name: 'BARC-10 totals by date' });
  await expect(table.getByRole('cell', { name: '47', exact: true })).toBeVisible();
  await expect(table.getByRole('cell', { name: 'At or above 47' })).toBeVisible();
  await expect(section.getByText('47 of 60')).toBeVisible();
  await expectAccessible(page, testInfo, 'participant page with assessments');
  await expectNoHorizontalScroll(page);
});

test('a completed needs screening lists the needs found', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  await createParticipant(page, testInfo, 'Renata', uniqueName(testInfo, 'Valdivia'), 1975);
  await page.getByRole('button', { name: 'Start needs screening' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Needs screening' })).toBeVisible();
  for (let n = 1; n <= 11; n++) {
    await question(page, n).getByRole('radio', { name: n === 1 || n === 11 ? 'Needs help' : 'No need now' }).check();
  }
  await page.getByRole('button', { name: 'Complete' }).click();
  const needs = page.getByRole('list').filter({ hasText: 'Housing' });
  await expect(needs.getByRole('listitem')).toHaveText([/Housing/, /MOUD or treatment/]);
  await expectAccessible(page, testInfo, 'completed needs screening');

  // One step from a need to a plan goal: the goal arrives in the Home domain, waiting for her words.
  await needs.getByRole('link', { name: 'Add to plan: Housing' }).click();
  await expect(page.locator('#plan-goals-0-text')).toBeFocused();
  await expect(page.locator('#plan-goals-0-domain')).toHaveValue('home');
  await page.locator('#plan-goals-0-text').fill('A room of my own near my daughter');
  await page.locator('#plan-goals-0-steps-0-what').fill('Apply for the housing voucher');
  await page.locator('#plan-goals-0-steps-0-owner').selectOption('case_manager');
  await page.getByRole('button', { name: 'Save plan' }).click();
  await expect(page.getByText('Recovery plan saved.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Recovery plan' }).getByText('A room of my own near my daughter')).toBeVisible();
});
