import { expect, test } from '@playwright/test';
import { DEMO_SITE_COORDINATES } from '../../src/demo/resources.ts';
import { expectAccessible, expectNoHorizontalScroll, signIn } from './support.ts';

test('a coach finds a buprenorphine provider that takes Medicaid near the jail', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  // On a phone the navigation is behind the menu button.
  if (testInfo.project.name === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Resources' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Resource directory' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add a resource' })).toHaveCount(0);

  await page.getByLabel('Medication (MOUD)').selectOption('buprenorphine');
  await page.getByLabel('Takes insurance').selectOption('medicaid');
  await page.getByLabel('ZIP code').fill(DEMO_SITE_COORDINATES.cookJail.zip);
  await page.getByLabel('Within').selectOption('5');
  await page.getByRole('button', { name: 'Search' }).click();

  await expect(page.getByRole('heading', { level: 2, name: /places? found/ })).toBeVisible();
  const first = page.locator('.resource-card').first();
  await expect(first).toContainText('mi away');
  await expect(first).toContainText('Buprenorphine');
  await expect(first).toContainText('Medicaid');
  await expect(first.getByRole('link', { name: /555-01/ })).toHaveAttribute('href', /^tel:/);
  await expect(page).toHaveURL(/medication=buprenorphine/);
  await expectAccessible(page, testInfo, 'resource search');
  await expectNoHorizontalScroll(page);

  // Hours open up in place.
  await first.getByText(/^Hours/).click();
  await expect(first.getByText('Monday')).toBeVisible();
});

test('the program administrator adds a resource and corrects it', async ({ page }, testInfo) => {
  const name = `Test Bridge Clinic ${testInfo.project.name}`;
  await signIn(page, 'admin');
  await page.goto('/resources');
  await page.getByRole('link', { name: 'Add a resource' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add a resource' })).toBeVisible();
  await expectAccessible(page, testInfo, 'new resource form');
  await expectNoHorizontalScroll(page);

  // Nothing filled in: the problem is named and linked.
  await page.getByRole('button', { name: 'Add to the directory' }).click();
  await expect(page.getByRole('heading', { name: /There (is a problem|are \d+ problems)/ })).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByLabel(/Street address/).fill('2700 S. Example Avenue');
  await page.getByLabel(/^City/).fill('Chicago');
  await page.getByLabel(/^Latitude/).fill(String(DEMO_SITE_COORDINATES.cookJail.latitude + 0.001));
  await page.getByLabel(/^Longitude/).fill(String(DEMO_SITE_COORDINATES.cookJail.longitude));
  await page.getByLabel(/^Time zone/).fill('America/Chicago');
  await page.getByLabel('Service name').fill('Same-day buprenorphine');
  await page.getByRole('checkbox', { name: 'Medication for opioid use disorder' }).check();
  await page.getByRole('checkbox', { name: 'Buprenorphine' }).check();
  await page.getByRole('checkbox', { name: 'Medicaid' }).check();
  await page.getByRole('button', { name: 'Add to the directory' }).click();
  await expect(page.getByText(`${name} is in the directory.`)).toBeVisible();

  // Find it and correct its name.
  await page.getByLabel('Name contains').fill(name);
  await page.getByRole('button', { name: 'Search' }).click();
  const card = page.locator('.resource-card', { hasText: name });
  await expect(card).toBeVisible();
  await card.getByRole('link', { name: `Edit ${name}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Edit ${name}` })).toBeVisible();
  await expectAccessible(page, testInfo, 'edit resource form');
  await page.getByLabel('Name', { exact: true }).fill(`${name} (Pilsen)`);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText(`Changes to ${name} (Pilsen) saved.`)).toBeVisible();
});
