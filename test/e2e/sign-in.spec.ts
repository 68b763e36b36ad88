import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, PERSONAS, signIn } from './support.ts';

test('a coach signs in to her worklist, sees her caseload, and signs out', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page).toHaveURL(/sign-in/);
  await expectAccessible(page, testInfo, 'sign-in');
  await expectNoHorizontalScroll(page);

  await signIn(page, 'cookCoach');
  // A coach starts the day on her worklist; the caseload is one step away.
  await expect(page.getByRole('heading', { level: 1, name: 'Worklist' })).toBeVisible();
  await page.goto('/participants');
  await expect(page.getByRole('heading', { level: 1, name: 'My participants' })).toBeVisible();
  // Tasha works at Cook County Jail: only its participants are listed.
  await expect(page.getByText('Cook County Jail').first()).toBeVisible();
  await expect(page.getByText('Lake County Jail')).toHaveCount(0);
  await expectAccessible(page, testInfo, 'caseload');
  await expectNoHorizontalScroll(page);

  // On a phone the navigation sits behind the menu button.
  const menu = page.getByRole('button', { name: 'Menu' });
  if (testInfo.project.name === 'desktop') await expect(menu).toBeHidden();
  else await menu.click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/sign-in/);
  await page.goto('/participants');
  await expect(page).toHaveURL(/sign-in/);
});

test('a wrong password is refused without saying whether the e-mail exists', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(PERSONAS.cookCoach.email);
  await page.getByLabel('Password').fill('not the right password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('E-mail or password is incorrect.')).toBeVisible();

  await page.getByLabel('E-mail').fill('nobody-here@demo.example.org');
  await page.getByLabel('Password').fill('not the right password at all');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('E-mail or password is incorrect.')).toBeVisible();
});
