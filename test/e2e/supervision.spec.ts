import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, signIn } from './support.ts';

/** The "Group consultations" count of a theme in the analysis's kind × theme table. */
async function groupCount(page: Page, theme: string): Promise<number> {
  const table = page.getByRole('table', { name: 'Sessions by kind × theme' });
  await expect(table).toBeVisible();
  const row = table.getByRole('row', { name: new RegExp(`^${theme} `) });
  return Number(await row.getByRole('cell').nth(1).textContent());
}

/**
 * This month's count of a theme in the themes-by-month chart, read both from
 * the chart (its cell's title) and from the table that carries its numbers
 * (the last column: the range ends today); they must agree.
 */
async function thisMonthCount(page: Page, theme: string): Promise<number> {
  const table = page.getByTestId('theme-month');
  await expect(table).toBeVisible();
  const headers = await table.getByRole('columnheader').allTextContents();
  const month = headers.at(-1) ?? '';
  const row = table.getByRole('row', { name: new RegExp(`^${theme} `) });
  if ((await row.count()) === 0) return 0; // a theme no session in the range carries has no row
  const inTable = Number(await row.getByRole('cell').nth(headers.length - 2).textContent());
  const title = await page.getByTestId('theme-month-chart').locator('title', { hasText: `${theme}, ${month}: ` }).textContent();
  expect(Number(title?.split(': ').at(-1)), `the chart's ${theme} cell for ${month}`).toBe(inTable);
  return inTable;
}

test('a supervisor records a group consultation with three coaches from two sites and codes it; a second coder codes it blind; the agreement appears and the analysis updates', async ({ page }, testInfo) => {
  // A long journey: two people sign in, six screens are checked for accessibility.
  test.setTimeout(90_000);
  // Marcus, the hub's clinical supervisor, looks at the analysis first.
  await signIn(page, 'supervisor');
  await page.goto('/supervision/analysis');
  await expect(page.getByRole('heading', { level: 1, name: 'Supervision analysis' })).toBeVisible();
  const before = await groupCount(page, 'Safety');
  const beforeThisMonth = await thisMonthCount(page, 'Safety');
  await expect(page.getByTestId('theme-month-chart').getByRole('img', { name: /^Grid chart: Sessions per theme by month/ })).toBeVisible();

  // He records today's group consultation with three coaches: Tasha and Grace (Cook County Jail) and Kevin (Lake County Jail).
  // On a phone the navigation sits behind the menu button.
  if (testInfo.project.name === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Supervision' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Supervision' })).toBeVisible();
  await expectAccessible(page, testInfo, 'supervision list');
  await expectNoHorizontalScroll(page);
  await page.getByRole('link', { name: 'Record a session' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Record a supervision session' })).toBeVisible();
  await page.getByRole('radio', { name: 'Group consultation' }).check();
  await page.getByLabel('Duration (minutes)').fill('90');
  await page.getByRole('checkbox', { name: /^Tasha Reynolds/ }).check();
  // One attendee only: the form says what is wrong at the field, and nothing is sent.
  await page.getByRole('button', { name: 'Save session' }).click();
  await expect(page.getByText('A group consultation has at least two attendees').first()).toBeVisible();
  await page.getByRole('checkbox', { name: /^Grace Okafor/ }).check();
  await page.getByRole('checkbox', { name: /^Kevin O'Brien/ }).check();
  await page.getByLabel(/^Summary notes/).fill('Safety on home visits after the Lake County incident; handing over between jail and community teams.');
  // A participant they talked about, found by name (only people Marcus may see are found).
  const someone = (await (await page.request.get('/api/participants?limit=1')).json()) as { items: { firstName: string; lastName: string; preferredName: string | null }[] };
  const person = someone.items[0];
  if (!person) throw new Error('the demo has participants Marcus may see');
  const personName = `${person.preferredName ?? person.firstName} ${person.lastName}`;
  await page.getByLabel('Find a participant by name').fill(personName);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('button', { name: `Add ${personName}` }).first().click();
  await expect(page.getByRole('checkbox', { name: personName })).toBeChecked();
  await page.getByRole('button', { name: 'Add a follow-up action' }).click();
  await page.getByRole('textbox', { name: 'Action' }).fill('Share the home-visit safety checklist');
  await page.getByRole('combobox', { name: 'Owner' }).selectOption({ label: 'Tasha Reynolds' });
  await page.getByRole('textbox', { name: 'Due' }).fill('2030-01-15');
  await expectAccessible(page, testInfo, 'session form');
  await expectNoHorizontalScroll(page);
  await page.getByRole('button', { name: 'Save session' }).click();

  await expect(page.getByRole('heading', { level: 1, name: /^Group consultation on/ })).toBeVisible();
  await expect(page.locator('#main').getByText('Session saved.')).toBeVisible();
  await expect(page.getByText("Grace Okafor, Kevin O'Brien, Tasha Reynolds")).toBeVisible();
  await expect(page.getByText(/Cook County Jail.*Lake County Jail|Lake County Jail.*Cook County Jail/)).toBeVisible();
  await expect(page.getByRole('link', { name: personName })).toBeVisible();
  const sessionUrl = new URL(page.url()).pathname;

  // He codes it: safety and team communication.
  const mine = page.locator('form', { has: page.getByText('Your coding: the themes discussed') });
  await mine.getByRole('checkbox', { name: 'Safety', exact: true }).check();
  await mine.getByRole('checkbox', { name: 'Team communication' }).check();
  await expectAccessible(page, testInfo, 'session coding');
  await expectNoHorizontalScroll(page);
  await mine.getByRole('button', { name: 'Submit my coding' }).click();
  await expect(page.getByText('Waiting for a second coder')).toBeVisible();

  // Denise, the program director, codes it second, without seeing his coding first.
  await page.context().clearCookies();
  await signIn(page, 'admin');
  await page.goto(sessionUrl);
  await expect(page.getByText('Another coder has coded this session. You will see their coding once you submit your own.')).toBeVisible();
  await expect(page.getByText('Team communication', { exact: true })).toHaveCount(1); // only as her own checkbox
  const hers = page.locator('form', { has: page.getByText('Your coding: the themes discussed') });
  await hers.getByRole('checkbox', { name: 'Safety', exact: true }).check();
  await hers.getByRole('checkbox', { name: 'Boundaries' }).check();
  await hers.getByRole('button', { name: 'Submit my coding' }).click();

  // The agreement appears: both chose safety; they differ on boundaries and team communication.
  const agreement = page.getByRole('table', { name: 'Agreement between the first two coders' });
  await expect(agreement).toBeVisible();
  await expect(agreement.getByRole('row', { name: /^Safety/ })).toContainText('Yes');
  await expect(agreement.getByRole('row', { name: /^Boundaries/ })).toContainText('No');
  await expect(agreement.getByRole('row', { name: /^Team communication/ })).toContainText('No');
  await expectAccessible(page, testInfo, 'agreement');
  await expectNoHorizontalScroll(page);

  // They settle it: safety and team communication.
  await page.getByRole('button', { name: 'Reconcile into a final coding' }).click();
  const final = page.locator('form', { has: page.getByText('Final coding', { exact: true }) });
  await final.getByRole('checkbox', { name: 'Team communication' }).check();
  await final.getByRole('button', { name: 'Save the final coding' }).click();
  await expect(page.getByText(/^Final coding:/)).toBeVisible();

  // The analysis counts one more group consultation about safety, and the themes-by-month chart one more this month.
  await page.goto('/supervision/analysis');
  await expect.poll(() => groupCount(page, 'Safety')).toBe(before + 1);
  expect(await thisMonthCount(page, 'Safety')).toBe(beforeThisMonth + 1);
  await expect(page.getByRole('img', { name: /Bar chart of the number of sessions/ })).toBeVisible();
  await expect(page.getByRole('table', { name: "Agreement and Cohen's kappa per theme" })).toBeVisible();
  await expectAccessible(page, testInfo, 'analysis');
  await expectNoHorizontalScroll(page);

  // The codebook page.
  await page.goto('/supervision/codebook');
  await expect(page.getByRole('heading', { level: 2, name: 'Housing' })).toBeVisible();
  await expectAccessible(page, testInfo, 'codebook');
  await expectNoHorizontalScroll(page);
});
