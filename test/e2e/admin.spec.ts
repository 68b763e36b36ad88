import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, signIn, uniqueName } from './support.ts';

test('the program administrator invites a new coach, who sets a password from the link', async ({ page, browser }, testInfo) => {
  await signIn(page, 'admin');
  await page.goto('/admin/sites');
  await expect(page.getByRole('heading', { level: 1, name: 'Sites' })).toBeVisible();
  await expect(page.getByText('Cook County Jail').first()).toBeVisible();
  await expectAccessible(page, testInfo, 'sites');
  await expectNoHorizontalScroll(page);

  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expectAccessible(page, testInfo, 'users');
  await expectNoHorizontalScroll(page);

  const name = uniqueName(testInfo, 'Jordan Ellis');
  const email = `${name.replace(/\s+/g, '.').toLowerCase()}@demo.example.org`;
  await page.getByRole('link', { name: /new user/i }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Role').selectOption('coach');
  await page.getByRole('checkbox', { name: 'Cook County Jail' }).check();
  await expectAccessible(page, testInfo, 'new user form');
  await page.getByRole('button', { name: /create user/i }).click();

  const link = page.getByRole('textbox', { name: /invitation link/i });
  await expect(link).toBeVisible();
  const url = await link.inputValue();
  expect(url).toMatch(/\/invitation\/[A-Za-z0-9_-]{20,}$/);

  // The new coach follows the link in a browser of their own.
  const theirs = await browser.newContext();
  const invitee = await theirs.newPage();
  await invitee.goto(new URL(url).pathname);
  await expect(invitee.getByText(name).first()).toBeVisible();
  await expectAccessible(invitee, testInfo, 'invitation');
  await invitee.getByLabel('Choose a password').fill('copper kettle harbor morning');
  await invitee.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(invitee.getByRole('heading', { level: 1, name: 'Worklist' })).toBeVisible();
  await theirs.close();
});

test('the program administrator adds a site, then sets it inactive', async ({ page }, testInfo) => {
  await signIn(page, 'admin');

  // A new spoke: the form says what is missing, then creates it.
  const site = uniqueName(testInfo, 'Kane County Jail ');
  await page.goto('/admin/sites');
  await page.getByRole('link', { name: 'New site' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New site' })).toBeVisible();
  await page.getByRole('button', { name: 'Create site' }).click();
  await expect(page.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, testInfo, 'new site form with errors');
  await expectNoHorizontalScroll(page);
  await page.getByLabel('Name').fill(site);
  await page.getByLabel('Type').selectOption('jail');
  await page.getByLabel('County').fill('Kane');
  await page.getByLabel('Time zone', { exact: true }).selectOption('America/Chicago');
  await page.getByRole('button', { name: 'Create site' }).click();
  await expect(page.getByText(`Site “${site}” created.`)).toBeVisible();

  // Not opened after all: it is kept, inactive (and so offered to no one for new participants).
  await page.getByRole('link', { name: `Edit ${site}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Edit ${site}` })).toBeVisible();
  await expect(page.getByLabel('County')).toHaveValue('Kane');
  await expectAccessible(page, testInfo, 'site edit form');
  await expectNoHorizontalScroll(page);
  await page.getByRole('checkbox', { name: 'Active' }).uncheck();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(`Site “${site}” saved.`)).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(site) })).toContainText('Inactive');
});

test('the program administrator gives a new case manager an initial password, which they must change at first sign-in', async ({ page, browser }, testInfo) => {
  await signIn(page, 'admin');
  const name = uniqueName(testInfo, 'Noor Haddad');
  const email = `${name.replace(/\s+/g, '.').toLowerCase()}@demo.example.org`;
  const initial = 'lantern meadow copper nine';
  await page.goto('/admin/users/new');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Role').selectOption('coach');
  await page.getByRole('checkbox', { name: 'Cook County Jail' }).check();
  await page.getByRole('radio', { name: /Set an initial password/ }).check();
  await page.getByRole('textbox', { name: 'Initial password' }).fill(initial);
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText(`${name} can now sign in with the initial password, and will be asked to change it.`)).toBeVisible();

  // Chosen as a coach by mistake: the administrator corrects the role.
  await page.getByRole('link', { name: `Edit ${name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Edit ${name}` })).toBeVisible();
  await expect(page.getByLabel('Role')).toHaveValue('coach');
  await expectAccessible(page, testInfo, 'user edit form');
  await expectNoHorizontalScroll(page);
  await page.getByLabel('Role').selectOption('case_manager');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(`${name} saved.`)).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Case manager');

  // The new case manager signs in on their own device and must choose a password of their own first.
  const theirs = await browser.newContext();
  const noor = await theirs.newPage();
  await noor.goto('/sign-in');
  await noor.getByLabel('E-mail').fill(email);
  await noor.getByLabel('Password').fill(initial);
  await noor.getByRole('button', { name: 'Sign in' }).click();
  await expect(noor.getByRole('heading', { level: 1, name: 'Change password' })).toBeVisible();
  await expect(noor.getByText('Choose a new password before you continue.')).toBeVisible();
  await expectAccessible(noor, testInfo, 'change password');
  await expectNoHorizontalScroll(noor);
  await noor.goto('/participants');
  await expect(noor).toHaveURL(/\/password$/);
  await noor.getByLabel('Current password').fill(initial);
  await noor.getByLabel('New password').fill('harbor willow stone seventeen');
  await noor.getByRole('button', { name: 'Change password' }).click();
  await expect(noor.getByText('Your password has been changed.')).toBeVisible();
  await noor.goto('/participants');
  await expect(noor.getByRole('heading', { level: 1, name: 'My participants' })).toBeVisible();
  await theirs.close();
});
