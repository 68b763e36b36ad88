/**
 * A coach's morning, end to end: the worklist shows someone going home in three
 * days whom nobody has seen; she visits him inside and logs it, he drops off the
 * list; she gives him a BARC-10 and a needs screening, turns the housing need
 * into a goal of his plan, and prints the plan in Spanish for him to keep.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { isoDateIn } from '../../src/core/calendar.ts';
import { addDays } from '../../src/core/enrollments.ts';
import { DEMO_SITES } from '../../src/demo/sites.ts';
import { expectAccessible, expectNoHorizontalScroll, signIn, uniqueName } from './support.ts';

/** Someone at Cook County Jail, enrolled today with Tasha as his coach, going home in three days: made through the API as an intake would. */
async function enrolledTodayGoingHomeSoon(page: Page, testInfo: TestInfo): Promise<{ id: string; name: string }> {
  const me = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string; user: { id: string } };
  const headers = { 'x-csrf-token': me.csrfToken };
  const today = isoDateIn(new Date(), DEMO_SITES.cookJail.timeZone);
  const lastName = uniqueName(testInfo, 'Medina');
  const created = await page.request.post('/api/participants', {
    headers,
    data: {
      siteId: DEMO_SITES.cookJail.id,
      firstName: 'Julián',
      lastName,
      dateOfBirth: testInfo.project.name === 'phone' ? '1991-08-14' : '1990-08-14',
      custodyStatus: 'in_custody',
      expectedReleaseDate: addDays(today, 3),
      preferredLanguage: 'es',
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const enrolled = await page.request.post(`/api/participants/${id}/enrollments`, {
    headers,
    data: { enrolledOn: today, referralSource: 'jail_in_reach', coachId: me.user.id, phase: 'pre_release' },
  });
  expect(enrolled.status()).toBe(201);
  return { id, name: `Julián ${lastName}` };
}

/** Question n's group of radio buttons (its legend starts "n. "). */
const question = (page: Page, n: number) => page.getByRole('group', { name: new RegExp(`^${String(n)}\\. `) });

test('worklist → contact → BARC-10 → a plan goal from a need → the plan printed in Spanish', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  const julian = await enrolledTodayGoingHomeSoon(page, testInfo);

  // Her day starts on the worklist: he is there, and it says why.
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Worklist' })).toBeVisible();
  const card = page.locator('.worklist-card').filter({ has: page.getByRole('link', { name: julian.name, exact: true }) });
  await expect(card).toBeVisible();
  await expect(card).toContainText(/Expected release in 3 days \(.+\): no contact yet in this enrollment/);
  await expect(card).toContainText('Pre-release');
  await expectAccessible(page, testInfo, 'worklist');
  await expectNoHorizontalScroll(page);

  // She visits him inside and logs it from the worklist.
  await card.getByRole('link', { name: `Log a contact with ${julian.name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Log a contact/ })).toBeVisible();
  await page.getByRole('radio', { name: 'In custody' }).check();
  await expect(page.getByLabel('Where')).toHaveValue('jail');
  await page.getByLabel('Duration (minutes)').fill('45');
  await page.getByRole('checkbox', { name: 'Recovery coaching' }).check();
  await page.getByRole('checkbox', { name: 'Naloxone training' }).check();
  await page.getByLabel('Note').fill('Planned the first week out: ride from the gate, clinic on Monday.');
  await page.getByRole('button', { name: 'Save contact' }).click();
  await expect(page.getByText('Contact logged.')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/participants/${julian.id}$`));

  // Back on the worklist he is no longer there.
  await page.goto('/worklist');
  await expect(page.getByRole('heading', { level: 1, name: 'Worklist' })).toBeVisible();
  await expect(page.getByText('Loading the worklist…')).toBeHidden();
  await expect(page.getByRole('link', { name: julian.name, exact: true })).toHaveCount(0);

  // A BARC-10 with him, asked in Spanish, his language.
  await page.goto(`/participants/${julian.id}`);
  await page.getByRole('button', { name: 'Start BARC-10' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /BARC-10/ })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'español' })).toBeChecked();
  for (let n = 1; n <= 10; n++) await question(page, n).getByRole('radio', { name: 'De acuerdo', exact: true }).check();
  await page.getByRole('button', { name: 'Complete' }).click();
  await expect(page.getByText('Total: 50 of 60')).toBeVisible();

  // A needs screening: a place to live is what he needs most.
  await page.getByRole('link', { name: new RegExp(`Back to ${julian.name}`) }).click();
  await page.getByRole('button', { name: 'Start needs screening' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Needs screening' })).toBeVisible();
  for (let n = 1; n <= 11; n++) await question(page, n).getByRole('radio', { name: n === 1 ? 'Necesita ayuda' : 'No lo necesita ahora' }).check();
  await page.getByRole('button', { name: 'Complete' }).click();

  // The need becomes a goal of his plan in one step, in his words.
  await page.getByRole('link', { name: 'Add to plan: Housing' }).click();
  await expect(page.locator('#plan-goals-0-text')).toBeFocused();
  await expect(page.getByText('From the needs screening: Housing')).toBeVisible();
  await page.locator('#plan-goals-0-text').fill('Un cuarto propio cerca de mi hija');
  await page.locator('#plan-goals-0-steps-0-what').fill('Llenar la solicitud de vivienda');
  await page.locator('#plan-goals-0-steps-0-owner').selectOption('case_manager');
  await page.getByRole('button', { name: 'Save plan' }).click();
  await expect(page.getByText('Recovery plan saved.')).toBeVisible();

  // And he takes a copy in Spanish.
  const plan = page.getByRole('region', { name: 'Recovery plan' });
  await plan.getByRole('link', { name: 'Imprimir (español)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mi plan de recuperación' })).toBeVisible();
  await expect(page.getByText('Un cuarto propio cerca de mi hija')).toBeVisible();
  await expect(page.getByText('Llenar la solicitud de vivienda')).toBeVisible();
  await expect(page.locator('.plan-print')).toHaveAttribute('lang', 'es');
  await expectAccessible(page, testInfo, 'Spanish plan from the journey');
  await expectNoHorizontalScroll(page);
});
