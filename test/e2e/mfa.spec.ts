import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD } from '../../src/demo/personas.ts';
import { totpCode } from '../../src/server/auth/totp.ts';
import { enterAuthenticatorCode, expectAccessible, expectNoHorizontalScroll, PERSONAS, signIn } from './support.ts';

test('a case manager sets up an authenticator app, then signs in with its code and with a recovery code', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  // Each screen size has its own persona, so the two runs never share an authenticator.
  const who = testInfo.project.name === 'phone' ? 'prisonCaseManager' : 'edCaseManager';
  const persona = PERSONAS[who];
  await signIn(page, who);

  await page.goto('/account/security');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign-in security' })).toBeVisible();
  await expect(page.getByText('Your account signs in with a password only.')).toBeVisible();
  await page.getByRole('link', { name: 'Set up an authenticator app' }).click();
  await page.getByRole('button', { name: 'Set up authenticator app' }).click();
  await expect(page.getByRole('img', { name: 'QR code to add Tandem to an authenticator app' })).toBeVisible();
  await expectAccessible(page, testInfo, 'mfa-setup');
  await expectNoHorizontalScroll(page);

  // The key written out for manual entry is the one an app would hold.
  const secret = (await page.getByTestId('mfa-secret').innerText()).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const field = page.getByLabel('Code from your authenticator app');
  await expect(field).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(field).toHaveAttribute('inputmode', 'numeric');
  await field.fill(totpCode(secret, new Date()));
  await page.getByRole('button', { name: 'Turn on' }).click();

  await expect(page.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible();
  const codes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allInnerTexts();
  expect(codes).toHaveLength(10);
  await expectAccessible(page, testInfo, 'mfa-recovery-codes');
  await expectNoHorizontalScroll(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download as a text file' }).click();
  expect((await download).suggestedFilename()).toBe('tandem-recovery-codes.txt');
  const cont = page.getByRole('button', { name: 'Continue' });
  await expect(cont).toBeDisabled();
  await page.getByLabel('I have saved these recovery codes').check();
  await cont.click();
  await expect(page).not.toHaveURL(/mfa/);

  // Sign out, and in again: the password, then the app's code.
  const signOut = async () => {
    await page.goto('/account/security');
    const menu = page.getByRole('button', { name: 'Menu' });
    if (testInfo.project.name === 'phone') await menu.click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/sign-in/);
  };
  const passwordStep = async () => {
    await page.getByLabel('E-mail').fill(persona.email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Enter your code' })).toBeVisible();
  };
  await signOut();
  await passwordStep();
  await expectAccessible(page, testInfo, 'sign-in-code-step');
  await expectNoHorizontalScroll(page);
  await enterAuthenticatorCode(page, secret);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  await page.goto('/account/security');
  await expect(page.getByText('Recovery codes left: 10')).toBeVisible();
  await expectAccessible(page, testInfo, 'security-enrolled');

  // A lost phone: one recovery code instead.
  await signOut();
  await passwordStep();
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(codes[0] ?? '');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto('/account/security');
  await expect(page.getByText('Recovery codes left: 9')).toBeVisible();
});
