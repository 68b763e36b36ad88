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
