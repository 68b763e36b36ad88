import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { DEMO_SITES } from '../../src/demo/sites.ts';
import { expectAccessible, expectNoHorizontalScroll, signIn, uniqueName } from './support.ts';

/** A participant of Cook County Jail with a first plan (version 1), made through the API as another session would. */
async function participantWithPlan(page: Page, testInfo: TestInfo): Promise<{ id: string; lastName: string }> {
  const { csrfToken } = (await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const headers = { 'x-csrf-token': csrfToken };
  const lastName = uniqueName(testInfo, 'Castillo');
  const created = await page.request.post('/api/participants', {
    headers,
    data: { siteId: DEMO_SITES.cookJail.id, firstName: 'Rosa', lastName, dateOfBirth: testInfo.project.name === 'phone' ? '1987-04-09' : '1986-05-10', custodyStatus: 'community', preferredLanguage: 'es' },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const plan = await page.request.put(`/api/participants/${id}/plan`, {
    headers,
    data: { version: 0, goals: [{ text: 'Seguir con mi tratamiento de Suboxone', domain: 'health', steps: [{ what: 'Recoger mi receta', owner: 'participant', dueDate: '2020-01-15' }] }] },
  });
  expect(plan.status()).toBe(200);
  return { id, lastName };
}

test('a coach adds a goal with a step, sees the new version, and prints the plan in Spanish', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  const { id, lastName } = await participantWithPlan(page, testInfo);

  await page.goto(`/participants/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(lastName) })).toBeVisible();
  const section = page.getByRole('region', { name: 'Recovery plan' });
  await expect(section.getByText('Seguir con mi tratamiento de Suboxone')).toBeVisible();
  // The overdue step says so in words, not only by colour.
  await expect(section.getByText('Overdue', { exact: true })).toBeVisible();
  await expectAccessible(page, testInfo, 'participant page with its plan');
  await expectNoHorizontalScroll(page);

  await section.getByRole('link', { name: 'Edit plan' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Recovery plan for Rosa/ })).toBeVisible();
  await page.getByRole('button', { name: 'Add a goal' }).click();
  await expect(page.locator('#plan-goals-1-text')).toBeFocused();
  await page.locator('#plan-goals-1-text').fill('Find a place where my kids can visit');
  await page.locator('#plan-goals-1-domain').selectOption('home');
  await page.locator('#plan-goals-1-steps-0-what').fill('Apply for the housing voucher');
  await page.locator('#plan-goals-1-steps-0-owner').selectOption('case_manager');
  await page.locator('#plan-goals-1-steps-0-dueDate').fill('2030-06-01');
  await expectAccessible(page, testInfo, 'plan editor');
  await expectNoHorizontalScroll(page);
  await page.getByRole('button', { name: 'Save plan' }).click();

  await expect(page.getByText('Recovery plan saved.')).toBeVisible();
  await expect(section.getByText('Find a place where my kids can visit')).toBeVisible();
  await expect(section.getByRole('heading', { name: 'Home' })).toBeVisible();

  await section.getByRole('link', { name: 'Versions' }).click();
  await expect(page.getByRole('link', { name: 'Version 2' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Version 2 \(current\)/ })).toContainText('1 goal added, 1 step added');
  await expectAccessible(page, testInfo, 'plan versions');
  await expectNoHorizontalScroll(page);
  await page.getByRole('link', { name: 'Version 1' }).click();
  await expect(page.getByText('This is an earlier version, shown as it was saved. It cannot be changed.')).toBeVisible();
  await expect(page.getByText('Find a place where my kids can visit')).toHaveCount(0);
  await expectAccessible(page, testInfo, 'earlier version');

  await page.goto(`/participants/${id}`);
  await section.getByRole('link', { name: 'Imprimir (español)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mi plan de recuperación' })).toBeVisible();
  await expect(page.getByText('Mi firma')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Mi administrador(a) de caso' })).toBeVisible();
  await expect(page.locator('.plan-print')).toHaveAttribute('lang', 'es');
  await expectAccessible(page, testInfo, 'Spanish print page');
  await expectNoHorizontalScroll(page);

  const nav = page.locator('.site-header');
  await expect(nav).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  await expect(nav).toBeHidden();
  await expect(page.getByRole('button', { name: 'Imprimir' })).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: 'Mi plan de recuperación' })).toBeVisible();
  await page.emulateMedia({ media: 'screen' });
});

test('the English copy uses the English labels', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  const { id } = await participantWithPlan(page, testInfo);
  await page.goto(`/participants/${id}/plan/print?lang=en`);
  await expect(page.getByRole('heading', { level: 1, name: 'My recovery plan' })).toBeVisible();
  await expect(page.getByText('My signature')).toBeVisible();
  await expectAccessible(page, testInfo, 'English print page');
});
