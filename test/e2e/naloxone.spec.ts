import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, signIn, uniqueName } from './support.ts';

/** A date `days` from today at the demo's sites (Chicago), as the server counts them. */
function chicagoDate(days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

test('a site manager receives a case of 24 kits; a coach gives 2 to a participant’s mother with training; the stock shows 22', async ({ page }, testInfo) => {
  test.setTimeout(90_000); // three people's steps, then the site's community kits, reversal and refill
  const lot = uniqueName(testInfo, 'LOT').toUpperCase();

  // Karen manages Cook County Jail: a case of 24 arrives from the state.
  await signIn(page, 'siteManager');
  await page.goto('/naloxone');
  await expect(page.getByRole('heading', { level: 1, name: 'Naloxone' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: /^Stock on hand at/ })).toBeVisible();
  await page.getByRole('button', { name: 'Receive kits' }).click();
  const receive = page.locator('form', { has: page.getByRole('heading', { level: 3, name: 'Receive kits' }) });
  await expect(receive.getByRole('heading', { level: 3, name: 'Receive kits' })).toBeFocused();
  await expectAccessible(page, testInfo, 'receive kits');
  await expectNoHorizontalScroll(page);
  // The lot number is required: said at the field, nothing sent.
  await receive.getByLabel('Kits').fill('24');
  await receive.getByRole('button', { name: 'Receive kits' }).click();
  await expect(receive.getByLabel('Lot number')).toHaveAttribute('aria-invalid', 'true');
  await receive.getByLabel('Lot number').fill(lot);
  await receive.getByLabel('Expires on').fill(chicagoDate(700));
  await receive.getByLabel(/^Received from/).fill('Illinois Department of Human Services');
  await receive.getByRole('button', { name: 'Receive kits' }).click();
  await expect(page.locator('#main').getByText('Kits received.')).toBeVisible();
  const stockRow = page.getByRole('table', { name: 'Stock on hand' }).getByRole('row', { name: new RegExp(lot) });
  await expect(stockRow.getByRole('cell').last()).toHaveText('24');
  await expect(page.getByRole('table', { name: 'Movements' }).getByRole('row', { name: new RegExp(lot) }).first()).toContainText('Received');
  await expectAccessible(page, testInfo, 'naloxone page');
  await expectNoHorizontalScroll(page);

  // Tasha, a coach there, gives two kits to a participant's mother, with training.
  await page.context().clearCookies();
  await signIn(page, 'cookCoach');
  const lastName = uniqueName(testInfo, 'Kitson');
  await page.goto('/participants/new');
  await page.getByLabel('First name').fill('Luis');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Date of birth').fill(testInfo.project.name === 'phone' ? '1986-11-03' : '1990-04-12');
  await page.getByRole('radio', { name: 'In the community' }).check();
  await page.getByLabel(/^Release date/).fill(chicagoDate(-2));
  await page.getByRole('button', { name: 'Create participant' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(lastName) })).toBeVisible();

  const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Naloxone' }) });
  await expect(section.getByText('No naloxone given to this participant or their people yet.')).toBeVisible();
  await section.getByRole('button', { name: 'Give kits' }).click();
  const form = section.locator('form');
  await expect(form.getByRole('heading', { level: 3, name: 'Give naloxone kits' })).toBeFocused();
  await form.getByRole('radio', { name: 'Someone in their support system' }).check();
  await form.getByLabel('Who they are to the participant').selectOption({ label: 'Family member' });
  await form.getByLabel(/^Their name or how they are known/).fill('Rosa (mother)');
  // Kits come from the earliest-expiring lot by default; here the coach picks the new case.
  const lotSelect = form.getByLabel('Lot', { exact: true });
  const option = await lotSelect.locator('option', { hasText: lot }).getAttribute('value');
  await lotSelect.selectOption(option ?? '');
  await form.getByLabel('Kits').fill('2');
  await expect(form.getByLabel('Overdose-response training given')).toBeChecked();
  // The trainer is the coach unless she names a colleague.
  await expect(form.getByLabel('Who gave the training').locator('option:checked')).toHaveText('Tasha Reynolds (you)');
  await form.getByLabel(/^Where/).fill('Release desk');
  await expectAccessible(page, testInfo, 'give kits');
  await expectNoHorizontalScroll(page);
  await form.getByRole('button', { name: 'Give kits' }).click();

  await expect(section.getByText('Distribution recorded.')).toBeVisible();
  const card = section.getByRole('listitem').filter({ hasText: 'Rosa (mother)' });
  await expect(card).toContainText('2 kits · Nasal spray 4 mg');
  await expect(card).toContainText('Family member: Rosa (mother)');
  await expect(card).toContainText('Trained by Tasha Reynolds');

  // Her son later used one: the reversal is linked to the mother's kits and lists what was reported.
  await section.getByRole('button', { name: 'Report a kit used (reversal)' }).click();
  await form.getByLabel('Kits it came from').selectOption({ index: 1 });
  await form.getByLabel('Who gave the naloxone').selectOption({ label: 'Family' });
  await form.getByRole('group', { name: 'Was EMS (911) called?' }).getByRole('radio', { name: 'Yes' }).check();
  await form.getByLabel(/^ZIP code/).fill('60623');
  await form.getByRole('button', { name: 'Report a kit used (reversal)' }).click();
  await expect(section.getByText('Reversal recorded.')).toBeVisible();
  await expect(section.getByText(/EMS called: Yes · Rescue breathing: Not known · ZIP 60623 · Kit from .*2 to Family member: Rosa \(mother\)/)).toBeVisible();
  await expectAccessible(page, testInfo, 'participant page with naloxone');
  await expectNoHorizontalScroll(page);

  // The stock page now shows 22 of that lot.
  await page.goto('/naloxone');
  await expect(page.getByRole('heading', { level: 1, name: 'Naloxone' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Stock on hand' }).getByRole('row', { name: new RegExp(lot) }).getByRole('cell').last()).toHaveText('22');
  await expect(page.getByRole('table', { name: 'Movements' }).getByRole('row', { name: new RegExp(lot) }).first()).toContainText('Distributed');
  // The site's lists say who received kits and who trained them.
  await expect(page.getByRole('table', { name: 'Kits given' }).getByRole('row', { name: /Rosa \(mother\)/ }).first()).toContainText('Trained by Tasha Reynolds');

  // At an outreach event a colleague trained the recipients; a bystander later used one of those kits and asked for a refill.
  const zip = testInfo.project.name === 'phone' ? '60632' : '60609';
  await page.getByRole('button', { name: 'Give kits at a community event' }).click();
  const fair = page.locator('form', { has: page.getByRole('heading', { level: 3, name: 'Give kits at a community event' }) });
  await fair.getByLabel('Recipients').selectOption({ label: 'Community members' });
  await fair.getByLabel('Number of people').fill('3');
  await fair.getByLabel(/^ZIP code/).fill(zip);
  await fair.getByLabel('Kits').fill('3');
  await fair.getByLabel('Who gave the training').selectOption({ label: 'Karen Nowak' });
  await fair.getByRole('button', { name: 'Give kits' }).click();
  await expect(page.locator('#main').getByText('Distribution recorded.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Kits given' }).getByRole('row', { name: new RegExp(zip) }).first()).toContainText('Trained by Karen Nowak');

  await page.getByRole('button', { name: 'Report a kit used (reversal)' }).click();
  const reversal = page.locator('form', { has: page.getByRole('heading', { level: 3, name: 'Report a kit used (reversal)' }) });
  const kitSelect = reversal.getByLabel('Kits it came from');
  await kitSelect.selectOption((await kitSelect.locator('option', { hasText: zip }).first().getAttribute('value')) ?? '');
  await reversal.getByLabel('Who gave the naloxone').selectOption({ label: 'A bystander' });
  await reversal.getByRole('button', { name: 'Report a kit used (reversal)' }).click();
  await expect(page.locator('#main').getByText('Reversal recorded.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Reported reversals' }).getByRole('row', { name: new RegExp(zip) }).first()).toContainText('A bystander');

  await page.getByRole('button', { name: 'Request a refill' }).click();
  const refill = page.locator('form', { has: page.getByRole('heading', { level: 3, name: 'Request a refill' }) });
  await refill.getByLabel('Why new kits are needed').selectOption({ label: 'Used' });
  await refill.getByLabel('The reversal that used them').selectOption({ index: 1 });
  await expectAccessible(page, testInfo, 'refill linked to a reversal');
  await refill.getByRole('button', { name: 'Request a refill' }).click();
  await expect(page.locator('#main').getByText('Refill request recorded.')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Refill requests' }).getByRole('row').nth(1)).toContainText('After a reported reversal');
  await expectAccessible(page, testInfo, 'naloxone page with records');
  await expectNoHorizontalScroll(page);
});

test('a site manager’s stock forms and the expiry alerts pass axe on desktop and phone', async ({ page }, testInfo) => {
  await signIn(page, 'siteManager');
  await page.goto('/naloxone');
  await expect(page.getByRole('heading', { level: 2, name: /^Stock on hand at/ })).toBeVisible();
  // The demo's short-dated donation expires within 60 days.
  const alerts = page.getByRole('region', { name: 'Expiry alerts' });
  await expect(alerts.getByRole('listitem').filter({ hasText: /kits expire on/ }).first()).toBeVisible();
  for (const name of ['Transfer to another site', 'Count and adjust', 'Record expired or lost kits', 'Give kits at a community event', 'Report a kit used (reversal)', 'Request a refill']) {
    await page.getByRole('button', { name }).click();
    await expect(page.getByRole('heading', { level: 3, name })).toBeFocused();
    await expectAccessible(page, testInfo, name);
    await expectNoHorizontalScroll(page);
    await page.getByRole('button', { name: 'Cancel' }).click();
  }
  // A count that differs is recorded with its reason.
  await page.getByRole('button', { name: 'Count and adjust' }).click();
  const form = page.locator('form', { has: page.getByRole('heading', { level: 3, name: 'Count and adjust' }) });
  await form.getByRole('button', { name: 'Count and adjust' }).click();
  await expect(form.getByLabel('Why the count differs')).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: 'Cancel' }).click();
});

test('a coach records an overdose after release (flagged) and a death that closes the enrollment after confirmation', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  const lastName = uniqueName(testInfo, 'Eventon');
  await page.goto('/participants/new');
  await page.getByLabel('First name').fill('Dana');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Date of birth').fill(testInfo.project.name === 'phone' ? '1979-02-17' : '1983-09-25');
  await page.getByRole('radio', { name: 'In the community' }).check();
  await page.getByLabel(/^Release date/).fill(chicagoDate(-5));
  await page.getByRole('button', { name: 'Create participant' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(lastName) })).toBeVisible();

  const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Critical events' }) });
  await section.getByRole('button', { name: 'Record a critical event' }).click();
  const form = section.locator('form');
  await expect(form.getByRole('heading', { level: 3, name: 'Record a critical event' })).toBeFocused();
  await form.getByLabel('What happened').selectOption({ label: 'Non-fatal overdose' });
  await form.getByLabel('Source of the information').selectOption({ label: 'Family' });
  await form.getByLabel(/^Date/).fill(chicagoDate(-1));
  await expectAccessible(page, testInfo, 'record a critical event');
  await expectNoHorizontalScroll(page);
  await form.getByRole('button', { name: 'Record a critical event' }).click();
  await expect(section.getByText('Event recorded.')).toBeVisible();
  await expect(section.getByText('Within 30 days of release (day 4)')).toBeVisible();
  await expectAccessible(page, testInfo, 'critical events');
  await expectNoHorizontalScroll(page);

  // Enrolled, then the death: the form asks before it closes the enrollment.
  const enrollment = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Enrollment' }) });
  await enrollment.getByRole('button', { name: 'Enroll' }).click();
  await enrollment.getByLabel('Enrolled on').fill(chicagoDate(-5));
  await enrollment.getByLabel('Referral source').selectOption({ label: 'Jail in-reach' });
  await enrollment.getByRole('button', { name: 'Enroll' }).click();
  await expect(enrollment.getByText('Enrolled.', { exact: true })).toBeVisible();

  await section.getByRole('button', { name: 'Record a critical event' }).click();
  await form.getByLabel('What happened').selectOption({ label: 'Death' });
  await form.getByLabel('Source of the information').selectOption({ label: 'Medical examiner' });
  await form.getByLabel(/^Cause of death/).fill('Fentanyl toxicity');
  const confirm = form.getByLabel('Close the open enrollment with the reason “deceased”');
  await expect(confirm).not.toBeChecked();
  await expectAccessible(page, testInfo, 'record a death');
  await expectNoHorizontalScroll(page);
  await form.getByRole('button', { name: 'Record a critical event' }).click();
  await expect(form.getByRole('link', { name: /Close the open enrollment/ })).toBeVisible(); // the error summary names it
  await confirm.check();
  await form.getByRole('button', { name: 'Record a critical event' }).click();
  await expect(section.getByText('Death recorded. The open enrollment is now closed as deceased.')).toBeVisible();
  await expect(section.getByText('Closed the enrollment as deceased')).toBeVisible();
  await page.reload();
  await expect(enrollment.getByText(/Deceased/).first()).toBeVisible();
});
