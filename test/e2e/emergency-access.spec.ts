/**
 * Break the glass in the browser: Kevin, a coach at Lake County Jail, needs the
 * record of Katarzyna “Kasia” Wiśniewska, who is at Logan. He finds her by last
 * name and date of birth, gives his reason, works on her page under a banner and
 * closes it; Denise, the program director, reviews what he did.
 */
import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, signIn } from './support.ts';

const KASIA = 'Katarzyna “Kasia” Wiśniewska';
const REASON = 'She was moved to Lake County Jail last night and asks for her MOUD dose; her Logan coach is off today.';

test('a coach opens a participant of another site with a reason, and the program director reviews it', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'lakeCoach');
  await page.goto('/participants');
  await page.getByRole('link', { name: 'Not at your sites? Emergency access' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Emergency access' })).toBeVisible();

  // Both fields are needed; the form says which is missing.
  await page.getByLabel('Last name').fill('wisniewska');
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  await expect(page.getByRole('link', { name: /Date of birth/ })).toBeVisible();
  await expectAccessible(page, testInfo, 'emergency access, missing date of birth');

  await page.getByLabel('Date of birth').fill('1979-06-30');
  await page.getByRole('button', { name: 'Find', exact: true }).click();
  const match = page.getByRole('listitem').filter({ hasText: KASIA });
  await expect(match).toBeVisible();
  await expect(match).toContainText('Born 1979');
  await expect(match).toContainText('Logan');
  await expectAccessible(page, testInfo, 'emergency access matches');
  await expectNoHorizontalScroll(page);

  await match.getByRole('button', { name: `Ask for access to ${KASIA}` }).click();
  const reason = page.getByLabel('Why do you need this record now?');
  await reason.fill('urgent');
  await page.getByRole('button', { name: 'Open the record for one hour' }).click();
  await expect(page.getByText('At least 20 characters')).toBeVisible();
  await expectAccessible(page, testInfo, 'emergency access reason');
  await reason.fill(REASON);
  await page.getByRole('button', { name: 'Open the record for one hour' }).click();

  await expect(page.getByRole('heading', { level: 1, name: KASIA })).toBeVisible();
  const banner = page.locator('#emergency-access-banner');
  await expect(banner).toContainText(/Emergency access until \d{1,2}:\d{2}/);
  await expect(banner).toContainText(`reason: ${REASON}`);
  await expectAccessible(page, testInfo, 'participant under emergency access');
  await expectNoHorizontalScroll(page);

  // Done: he closes it, and her record is closed to him again.
  const url = page.url();
  await banner.getByRole('button', { name: 'Close the record now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Emergency access' })).toBeVisible();
  await page.goto(url);
  await expect(page.getByRole('heading', { level: 1, name: 'Participant not found' })).toBeVisible();

  // The program director reviews it, in a browser of her own.
  const hers = await browser.newContext({ viewport: page.viewportSize() ?? undefined });
  const director = await hers.newPage();
  await signIn(director, 'admin');
  await director.goto('/admin/emergency-access');
  await expect(director.getByRole('heading', { level: 1, name: 'Emergency access review' })).toBeVisible();
  const cards = director.getByRole('listitem').filter({ has: director.getByRole('heading', { name: `Kevin O'Brien opened ${KASIA}` }) });
  await expect(cards.first()).toBeVisible();
  const before = await cards.count();
  const card = cards.first();
  await expect(card).toContainText(REASON);
  await expect(card).toContainText(/\d+ requests, \d+ audit rows/);
  await expect(card).toContainText('closed by the user');
  await expectAccessible(director, testInfo, 'emergency access review');
  await expectNoHorizontalScroll(director);
  await card.getByLabel('Review note').fill('Confirmed with the Logan site manager.');
  await card.getByRole('button', { name: 'Mark reviewed' }).click();
  await expect(cards).toHaveCount(before - 1);
  await director.getByText('All', { exact: true }).click();
  await expect(director.getByText(/Reviewed by Denise Washington/).first()).toBeVisible();
  await hers.close();
});
