import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, signIn, uniqueName } from './support.ts';

/** A date `days` from today at the demo's sites (Chicago), as the server counts them. */
function chicagoDate(days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function checkPage(page: Page, testInfo: Parameters<typeof expectAccessible>[1], label: string) {
  await expectAccessible(page, testInfo, label);
  await expectNoHorizontalScroll(page);
}

test('a coach refers a released participant to a buprenorphine provider that takes Medicaid, with consent, and follows the loop to the first dose', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, 'cookCoach');
  const lastName = uniqueName(testInfo, 'Referido');
  await page.goto('/participants/new');
  await page.getByLabel('First name').fill('Tomas');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Date of birth').fill(testInfo.project.name === 'phone' ? '1986-02-11' : '1990-10-03');
  await page.getByRole('radio', { name: 'In the community' }).check();
  await page.getByLabel(/^Release date/).fill(chicagoDate(-3));
  await page.getByRole('button', { name: 'Create participant' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(lastName) })).toBeVisible();
  const participantUrl = page.url();

  // New referral: the need, then the directory near the jail (ZIP 60608), buprenorphine, Medicaid.
  const referrals = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Referrals' }) });
  await expect(referrals.getByText('No referrals yet.')).toBeVisible();
  await referrals.getByRole('link', { name: 'New referral' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^New referral for/ })).toBeVisible();
  await page.getByLabel('Need').selectOption({ label: 'MOUD / treatment' });
  await page.getByLabel('Near ZIP code').fill('60608');
  await page.getByLabel('Medication').selectOption({ label: 'Buprenorphine' });
  await page.getByLabel('Insurance').selectOption({ label: 'Medicaid' });
  // Sending without choosing is refused at the field.
  await page.getByRole('button', { name: 'Save and send' }).click();
  await expect(page.getByText('Search the directory and choose an organization').first()).toBeVisible();
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const hits = page.getByRole('list', { name: 'Find the organization in the directory' });
  await expect(hits.getByRole('listitem').first()).toBeVisible();
  await checkPage(page, testInfo, 'new referral with directory results');
  const first = hits.getByRole('listitem').first();
  const provider = (await first.locator('.directory-hit-name').textContent()) ?? '';
  expect(provider).not.toBe('');
  await first.getByRole('button', { name: `Choose ${provider}` }).click();
  await expect(page.getByText(`Chosen: ${provider}`)).toBeVisible();
  await page.getByRole('radio', { name: 'Urgent' }).check();
  await page.getByLabel(/^Notes for the receiving organization/).fill('Released this week; can come any morning. Call his coach.');
  await page.getByRole('button', { name: 'Save and send' }).click();

  // No consent yet: the referral page says exactly what is missing.
  await expect(page.getByRole('heading', { level: 1, name: `Referral to ${provider}` })).toBeVisible();
  // The service and location of the directory hit chosen go with the referral.
  await expect(page.getByTestId('referral-service')).not.toBeEmpty();
  await expect(page.getByTestId('referral-location')).not.toBeEmpty();
  const missing = page.getByTestId('consent-required');
  await expect(missing).toBeFocused();
  await expect(missing).toContainText(`No active consent allows sharing referral information with ${provider}`);
  await expect(page.getByTestId('referral-status')).toHaveText('Draft');
  await checkPage(page, testInfo, 'referral refused for want of consent');

  // Record the consent (the organization is already chosen), typed signature.
  await missing.getByRole('link', { name: 'Record a consent' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Record a consent for/ })).toBeVisible();
  await expect(page.getByText(`Chosen: ${provider}`)).toBeVisible();
  await page.getByLabel('Expires on').fill(chicagoDate(365));
  await page.getByLabel('Participant’s name as signed').fill(`Tomas ${lastName}`);
  await checkPage(page, testInfo, 'record a consent');
  await page.getByRole('button', { name: 'Save the consent' }).click();

  // Back on the referral: send it.
  await expect(page.getByRole('heading', { level: 1, name: `Referral to ${provider}` })).toBeVisible();
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByTestId('referral-status')).toHaveText('Sent');
  await expect(page.getByTestId('referral-notice')).toContainText('42 CFR part 2 prohibits unauthorized use or disclosure of these records.');

  await page.getByRole('button', { name: 'Accepted by the organization' }).click();
  await expect(page.getByTestId('referral-status')).toHaveText('Accepted');
  await page.getByRole('button', { name: 'Record the appointment' }).click();
  await page.getByLabel('Date').fill(chicagoDate());
  await page.getByRole('textbox', { name: /^Time/ }).fill('09:30');
  await page.getByLabel(/^Place/).fill('Front desk, ask for the bridge nurse');
  await checkPage(page, testInfo, 'record the appointment');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('referral-status')).toHaveText('Appointment scheduled');
  await expect(page.getByTestId('referral-appointment')).toContainText('09:30');
  await page.getByRole('button', { name: 'Attended', exact: true }).click();
  await expect(page.getByTestId('referral-status')).toHaveText('Attended');
  await page.getByRole('button', { name: 'Complete: engaged in services' }).click();
  await expect(page.getByTestId('referral-status')).toHaveText('Completed');
  const timeline = page.getByTestId('referral-timeline');
  await expect(timeline.getByRole('listitem')).toHaveCount(6);
  await checkPage(page, testInfo, 'completed referral with its timeline');

  // The packet printed for the provider is a disclosure under the consent, with the notice on the paper.
  await page.evaluate(() => {
    window.print = () => document.body.setAttribute('data-printed', 'yes');
  });
  await page.getByRole('button', { name: 'Print the referral packet' }).click();
  await expect(page.getByTestId('printout-recipient-chosen')).toContainText(provider);
  await checkPage(page, testInfo, 'print the referral packet for an organization');
  await page.getByRole('button', { name: 'Record and print' }).click();
  await expect(page.getByTestId('referral-printout')).toContainText(`Disclosed to ${provider} (purpose: Treatment referral)`);
  await expect(page.getByTestId('printout-notice')).toHaveText('42 CFR part 2 prohibits unauthorized use or disclosure of these records.');
  await expect(page.locator('body')).toHaveAttribute('data-printed', 'yes');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print again' })).toBeHidden();
  await expect(page.getByTestId('printout-notice')).toBeVisible();
  await page.emulateMedia({ media: 'screen' });

  // The first dose, recorded in the MOUD section: the linkage time shows on the participant page.
  await page.goto(participantUrl);
  await expect(referrals.getByTestId('referral-card')).toContainText('Completed');
  const moud = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Medication treatment' }) });
  await moud.getByRole('button', { name: 'Record a medication start' }).click();
  const form = moud.locator('form');
  await form.getByLabel('Medication').selectOption({ label: 'Buprenorphine' });
  await form.getByLabel(/^Provider/).fill(provider);
  await form.getByLabel(/^First dose on/).fill(chicagoDate());
  await form.getByRole('button', { name: 'Record a medication start' }).click();
  await expect(moud.getByText('First dose 3 days after release')).toBeVisible();

  // The consent is listed as active, and the accounting of disclosures shows the referral with the notice.
  const consents = page.locator('section', { has: page.getByRole('heading', { level: 2, name: /^Consents to disclose/ }) });
  await expect(consents.getByTestId('consent-card')).toContainText('Active');
  await checkPage(page, testInfo, 'participant page with referrals and consents');
  await consents.getByRole('link', { name: 'Accounting of disclosures (printable)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Accounting of disclosures for/ })).toBeVisible();
  await expect(page.getByRole('cell', { name: new RegExp(`${escaped(provider)}.*Referral sent`) })).toBeVisible();
  await expect(page.getByRole('cell', { name: new RegExp(`${escaped(provider)}.*Printout`) })).toBeVisible();
  await expect(page.getByTestId('disclosure-consent').first()).toContainText(`to ${provider}`);
  await expect(page.getByTestId('redisclosure-notice')).toHaveText('42 CFR part 2 prohibits unauthorized use or disclosure of these records.');
  await checkPage(page, testInfo, 'accounting of disclosures');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  await expect(page.getByTestId('redisclosure-notice')).toBeVisible();
});

test('a drawn-signature consent is recorded and later revoked; a draft referral is closed with an outcome', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  const lastName = uniqueName(testInfo, 'Firmado');
  await page.goto('/participants/new');
  await page.getByLabel('First name').fill('Lucia');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Date of birth').fill(testInfo.project.name === 'phone' ? '1984-07-21' : '1993-01-09');
  await page.getByRole('radio', { name: 'In the community' }).check();
  await page.getByLabel(/^Release date/).fill(chicagoDate(-20));
  await page.getByRole('button', { name: 'Create participant' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(lastName) })).toBeVisible();
  const participantUrl = page.url();

  const consents = page.locator('section', { has: page.getByRole('heading', { level: 2, name: /^Consents to disclose/ }) });
  // Every section loaded first: one filling in above the link while the phone scrolls to it can move it from under the click.
  await expect(page.locator('p.loading')).toHaveCount(0);
  await consents.getByRole('link', { name: 'Record a consent' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Record a consent for/ })).toBeVisible();
  await page.getByRole('radio', { name: 'Drawn' }).check();
  await page.getByLabel('Participant’s name as signed').fill(`Lucia ${lastName}`);
  await page.getByLabel('Or expires at this event').fill('End of the program');
  const canvas = page.locator('canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no signature canvas');
  await page.mouse.move(box.x + 20, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + 20 + i * (box.width / 14), box.y + box.height / 2 + (i % 2 ? -15 : 15));
  await page.mouse.up();
  await checkPage(page, testInfo, 'consent with a drawn signature');
  await page.getByRole('button', { name: 'Save the consent' }).click();

  await expect(page).toHaveURL(participantUrl + '#consents');
  await expect(consents.getByText('Consent recorded.')).toBeVisible();
  const card = consents.getByTestId('consent-card');
  await expect(card).toContainText('Active');
  await expect(card.getByRole('img', { name: 'Drawn' })).toBeVisible();
  await card.getByRole('button', { name: /^Revoke the consent to/ }).click();
  await expect(consents.getByRole('heading', { level: 3, name: /^Revoke the consent to/ })).toBeFocused();
  await checkPage(page, testInfo, 'revoke a consent');
  await consents.getByRole('button', { name: 'Record revocation' }).click();
  await expect(consents.getByText('Consent revoked.')).toBeVisible();
  await expect(card).toContainText('Revoked');

  // A draft for housing, closed because the participant declined.
  await page.goto(`${participantUrl}/referrals/new?need=housing`);
  await expect(page.getByLabel('Need')).toHaveValue('housing');
  await page.getByLabel('Near ZIP code').fill('60608');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const first = page.getByRole('list', { name: 'Find the organization in the directory' }).getByRole('listitem').first();
  await first.getByRole('button', { name: /^Choose / }).click();
  await page.getByRole('button', { name: 'Save as draft' }).click();
  await expect(page.getByTestId('referral-status')).toHaveText('Draft');
  await page.getByRole('button', { name: 'Close with an outcome' }).click();
  await page.getByLabel('Outcome', { exact: true }).selectOption({ label: 'Other' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByLabel(/^Note/)).toHaveAttribute('aria-invalid', 'true');
  await page.getByLabel('Outcome', { exact: true }).selectOption({ label: 'Participant declined' });
  await checkPage(page, testInfo, 'close a referral');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('referral-status')).toHaveText('Closed');
  await expect(page.getByRole('heading', { level: 2, name: 'Next steps' })).toHaveCount(0);
});
