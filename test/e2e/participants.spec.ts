import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/personas.ts';
import { expectAccessible, expectNoHorizontalScroll, PERSONAS, signIn, uniqueName } from './support.ts';

/** Phone and desktop journeys share one server: each project uses its own birth dates, so they are never each other's duplicates. */
function birthDate(testInfo: TestInfo): string {
  return testInfo.project.name === 'phone' ? '1992-07-15' : '1991-06-14';
}

async function createParticipant(page: Page, testInfo: TestInfo, firstName: string, lastName: string): Promise<string> {
  await page.goto('/participants');
  await page.getByRole('link', { name: 'New participant' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New participant' })).toBeVisible();
  await page.getByLabel('First name').fill(firstName);
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Date of birth').fill(birthDate(testInfo));
  await page.getByLabel('Phone').fill('(312) 555-0199');
  await page.getByRole('radio', { name: 'In the community' }).check();
  await page.getByRole('button', { name: 'Create participant' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(lastName) })).toBeVisible();
  const id = /\/participants\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  expect(id).toBeTruthy();
  return id ?? '';
}

test('a coach creates a participant, finds them by a misspelled name, and edits them', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  const lastName = uniqueName(testInfo, 'Okonkwo');
  await page.goto('/participants/new');
  await expectAccessible(page, testInfo, 'participant form');
  await expectNoHorizontalScroll(page);

  // The server's field errors appear next to their fields.
  await page.getByLabel('First name').fill('Adaeze');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Date of birth').fill('2099-01-01');
  await page.getByRole('radio', { name: 'In custody' }).check();
  await page.getByRole('button', { name: 'Create participant' }).click();
  await expect(page.getByText('Date of birth is in the future').first()).toBeVisible();
  await expect(page.getByLabel('Date of birth')).toHaveAttribute('aria-invalid', 'true');

  const id = await createParticipant(page, testInfo, 'Adaeze', lastName);
  await expectAccessible(page, testInfo, 'participant page');
  await expectNoHorizontalScroll(page);

  // Find her again from the caseload, misspelling the first name.
  await page.goto('/participants');
  await page.getByLabel('Search').fill(`Adaze ${lastName}`);
  const result = page.getByRole('link', { name: new RegExp(`Adaeze ${lastName}`) });
  await expect(result).toBeVisible();
  await result.click();
  await expect(page).toHaveURL(new RegExp(`/participants/${id}$`));

  // A long page on a phone: the links under the name jump to each section.
  await page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: 'Recovery plan' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Recovery plan' })).toBeInViewport();

  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByLabel('Preferred name').fill('Ada');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Changes saved.')).toBeVisible();
  await expect(page.getByText('Ada', { exact: true }).first()).toBeVisible();
});

test('a coach is told when someone else saved first, and nothing of theirs is lost silently', async ({ page, browser }, testInfo) => {
  await signIn(page, 'cookCoach');
  const lastName = uniqueName(testInfo, 'Kaminski');
  const id = await createParticipant(page, testInfo, 'Tomasz', lastName);
  await page.getByRole('link', { name: 'Edit' }).click();
  await expect(page.getByLabel('Phone')).toHaveValue('(312) 555-0199');

  // Meanwhile Miguel, the case manager at Cook, saves a new phone number from his own browser.
  // (Signed in through the API, which is quicker than the sign-in page and its landing page.)
  const his = await browser.newContext();
  const signedIn = await his.request.post('/api/auth/login', { data: { email: PERSONAS.cookCaseManager.email, password: DEMO_PASSWORD } });
  expect(signedIn.status()).toBe(200);
  const miguel = await his.newPage();
  await miguel.goto(`/participants/${id}/edit`);
  await miguel.getByLabel('Phone').fill('(312) 555-0111');
  await miguel.getByRole('button', { name: 'Save changes' }).click();
  await expect(miguel.getByText('Changes saved.')).toBeVisible();
  await his.close();

  await page.getByLabel('Preferred name').fill('Tom');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Someone else saved this participant after you opened it. Your changes were not saved.')).toBeVisible();
  await expectAccessible(page, testInfo, 'conflict message');

  const after = await (await page.request.get(`/api/participants/${id}`)).json() as { phone: string; preferredName: string | null };
  expect(after.phone).toBe('(312) 555-0111');
  expect(after.preferredName).toBeNull();
});

test("another site's participant is simply not found", async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  const lastName = uniqueName(testInfo, 'Mendoza');
  const id = await createParticipant(page, testInfo, 'Lucia', lastName);
  // Ben, a coach at Lake County Jail, on the same device.
  await page.context().clearCookies();
  await signIn(page, 'lakeCoach');
  await page.goto(`/participants/${id}`);
  await expect(page.getByRole('heading', { name: 'Participant not found' })).toBeVisible();
  await expectAccessible(page, testInfo, 'not found');
});

test('a likely duplicate is shown before saving, and the coach decides', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  const lastName = uniqueName(testInfo, 'Washburn');
  const firstId = await createParticipant(page, testInfo, 'Terrence', lastName);

  await page.goto('/participants/new');
  await page.getByLabel('First name').fill('Terence');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Date of birth').fill(birthDate(testInfo));
  await page.getByRole('radio', { name: 'In the community' }).check();
  await page.getByRole('button', { name: 'Create participant' }).click();

  const duplicates = page.getByRole('region', { name: 'Possible duplicates' });
  await expect(duplicates).toBeVisible();
  await expect(duplicates.getByRole('link', { name: new RegExp(`Terrence ${lastName}`) })).toHaveAttribute('href', `/participants/${firstId}`);
  await expectAccessible(page, testInfo, 'possible duplicates');

  // Not the same person after all (twins, say): the coach creates the record deliberately.
  await page.getByRole('button', { name: 'None of these — create new participant' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`Terence ${lastName}`) })).toBeVisible();
  expect(page.url()).not.toContain(firstId);
});
