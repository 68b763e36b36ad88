import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, signIn, uniqueName } from './support.ts';

/** The first participant of Tasha's caseload (Cook County Jail), by the API the page itself uses. */
async function firstParticipant(page: Page): Promise<string> {
  const res = await page.request.get('/api/participants?limit=1');
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { items: { id: string }[] };
  const id = body.items[0]?.id;
  expect(id).toBeTruthy();
  return id ?? '';
}

test('a coach logs a contact from her phone and corrects its note by an addendum', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  const id = await firstParticipant(page);
  const marker = uniqueName(testInfo, 'Talked about the bus pass ');
  await page.goto(`/participants/${id}`);
  const section = page.getByRole('region', { name: 'Contacts' });
  await expect(section).toBeVisible();
  await section.getByRole('link', { name: 'Log a contact' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Log a contact/ })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Tasha Reynolds (me)' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Yes, we were in contact' })).toBeChecked();
  await expectAccessible(page, testInfo, 'log a contact');
  await expectNoHorizontalScroll(page);

  // An attempt that did not reach them needs to say what happened; the error sits by its field.
  await page.getByRole('radio', { name: 'No, an attempt that did not reach them' }).check();
  await expect(page.getByRole('group', { name: 'Services provided' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Save contact' }).click();
  await expect(page.getByRole('group', { name: /What happened/ }).getByText('Required: what happened')).toBeVisible();
  await expect(page.getByRole('radio', { name: 'No answer' })).toBeFocused();
  await expectAccessible(page, testInfo, 'contact form errors');

  // It was a real visit after all.
  await page.getByRole('radio', { name: 'Yes, we were in contact' }).check();
  await page.getByRole('radio', { name: 'In person' }).check();
  await expect(page.getByLabel('Where')).toHaveValue('community');
  await page.getByLabel('Duration (minutes)').fill('35');
  await page.getByRole('checkbox', { name: 'Transportation' }).check();
  await page.getByRole('checkbox', { name: 'Recovery coaching' }).check();
  await page.getByLabel('Note').fill(`${marker}. Next visit Friday.`);
  await page.getByRole('button', { name: 'Save contact' }).click();

  await expect(page.getByText('Contact logged.')).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/participants/${id}$`));
  const card = page.getByRole('listitem').filter({ hasText: marker });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Recovery coaching, Transportation');
  await expect(card).toContainText('Tasha Reynolds');
  await expectAccessible(page, testInfo, 'participant page with contacts');
  await expectNoHorizontalScroll(page);

  await card.getByRole('link', { name: /Open contact of/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Contact of/ })).toBeVisible();
  await expect(page.getByText(`${marker}. Next visit Friday.`)).toBeVisible();
  await expect(page.getByText('No corrections.')).toBeVisible();
  await expectAccessible(page, testInfo, 'contact detail');
  await expectNoHorizontalScroll(page);

  // A correction without its reason is refused by its field, then accepted.
  await page.getByLabel('Correction', { exact: true }).fill('The next visit is Thursday, not Friday.');
  await page.getByRole('button', { name: 'Add correction' }).click();
  await expect(page.getByLabel('Why it needs correcting')).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Why it needs correcting').fill('Wrong day');
  await page.getByRole('button', { name: 'Add correction' }).click();
  await expect(page.getByText('Correction added.')).toBeVisible();
  await expect(page.getByText('The next visit is Thursday, not Friday.')).toBeVisible();
  await expect(page.getByText('Reason: Wrong day')).toBeVisible();
  await expect(page.getByText(/^Tasha Reynolds, /)).toBeVisible();
  // The original note is still there, word for word.
  await expect(page.getByText(`${marker}. Next visit Friday.`)).toBeVisible();
  await expectAccessible(page, testInfo, 'contact with a correction');
});

test('a site manager reads contacts but is offered no way to log or correct one', async ({ page }) => {
  await signIn(page, 'siteManager');
  const id = await firstParticipant(page);
  await page.goto(`/participants/${id}`);
  const section = page.getByRole('region', { name: 'Contacts' });
  await expect(section.getByRole('listitem').first()).toBeVisible();
  await expect(section.getByRole('link', { name: 'Log a contact' })).toHaveCount(0);
  await section.getByRole('link', { name: /Open contact of/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /Contact of/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Add a correction' })).toHaveCount(0);
});

test('the access history shows a read of the contacts list as one line with its size', async ({ page }, testInfo) => {
  await signIn(page, 'admin');
  const id = await firstParticipant(page);
  const listed = page.waitForResponse((r) => r.url().includes(`/api/participants/${id}/contacts`) && r.request().method() === 'GET');
  await page.goto(`/participants/${id}`);
  expect((await listed).status()).toBe(200);
  const history = page.getByRole('region', { name: 'Access history' });
  await history.getByRole('button', { name: 'Show access history' }).click();
  // One line for the page of contacts just read (not one per contact), naming how many it showed.
  await expect(history.getByRole('cell', { name: /Listed (\d+ contacts|a contact|contacts \(none to show\))$/ }).first()).toBeVisible();
  await expectAccessible(page, testInfo, 'access history');
  await expectNoHorizontalScroll(page);
});
