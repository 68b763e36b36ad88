import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, signIn, uniqueName } from './support.ts';

/** A date `days` from today at the demo's sites (Chicago), as the server counts them. */
function chicagoDate(days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

test('a coach records a buprenorphine start for a released participant and sees the linkage time', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  const lastName = uniqueName(testInfo, 'Dosado');
  await page.goto('/participants/new');
  await page.getByLabel('First name').fill('Renata');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Date of birth').fill(testInfo.project.name === 'phone' ? '1987-05-14' : '1991-08-30');
  await page.getByRole('radio', { name: 'In the community' }).check();
  await page.getByLabel(/^Release date/).fill(chicagoDate(-3));
  await page.getByRole('button', { name: 'Create participant' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(lastName) })).toBeVisible();

  const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Medication treatment' }) });
  await expect(section.getByText('No medication yet: released 3 days ago')).toBeVisible();
  await section.getByRole('button', { name: 'Record a medication start' }).click();
  await expect(section.getByRole('heading', { level: 3, name: 'Record a medication start' })).toBeFocused();
  await expectAccessible(page, testInfo, 'record a medication start');
  await expectNoHorizontalScroll(page);

  // The provider is required: said at the field, nothing sent.
  const form = section.locator('form');
  await form.getByLabel('Medication').selectOption({ label: 'Buprenorphine' });
  await form.getByRole('button', { name: 'Record a medication start' }).click();
  await expect(form.getByLabel(/^Provider/)).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel(/^Provider/).fill('Northside Community Health');
  await form.getByLabel(/^First dose on/).fill(chicagoDate());
  await form.getByRole('button', { name: 'Record a medication start' }).click();

  await expect(section.getByText('Medication start recorded.')).toBeVisible();
  await expect(section.getByText('First dose 3 days after release')).toBeVisible();
  await expect(section.getByText('Northside Community Health')).toBeVisible();
  await expect(section.getByText('Ongoing')).toBeVisible();
  const marks = section.getByRole('list', { name: 'Retention' });
  await expect(marks.getByRole('listitem')).toHaveCount(3);
  await expect(marks.getByRole('listitem').first()).toContainText('Not yet known');
  await expectAccessible(page, testInfo, 'participant page with medication treatment');
  await expectNoHorizontalScroll(page);

  // The end form names the episode it ends and is checked like the others; cancelling returns to the section.
  await section.getByRole('button', { name: /^End Buprenorphine from/ }).click();
  await expect(section.getByRole('heading', { level: 3, name: 'End Buprenorphine' })).toBeFocused();
  await expectAccessible(page, testInfo, 'end a medication episode');
  await expectNoHorizontalScroll(page);
  await section.getByRole('button', { name: 'Cancel' }).click();
  await expect(section.getByRole('heading', { level: 2, name: 'Medication treatment' })).toBeFocused();
});
