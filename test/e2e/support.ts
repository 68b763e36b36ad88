/** Shared steps for the browser journeys: signing in as a demo persona, and the accessibility check. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Cookie, type Page, type TestInfo } from '@playwright/test';
import { DEMO_MFA_SECRET, DEMO_PASSWORD, PERSONAS, type PersonaKey } from '../../src/demo/personas.ts';
import { TOTP_PERIOD_SECONDS, totpCode } from '../../src/server/auth/totp.ts';

export { PERSONAS };

/**
 * A program administrator's session, kept for the next journey of this worker: their
 * sign-in needs an authenticator code, each code is accepted once, and a fresh one
 * comes every 30 seconds. Journeys that sign out or test signing in do it themselves.
 */
const kept = new Map<PersonaKey, Cookie[]>();

export async function signIn(page: Page, who: PersonaKey): Promise<void> {
  const cookies = kept.get(who);
  if (cookies) {
    await page.context().addCookies(cookies);
    await page.goto('/');
    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading.or(page.getByLabel('E-mail'))).toBeVisible();
    if (!new URL(page.url()).pathname.startsWith('/sign-in')) return;
    kept.delete(who);
  }
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(PERSONAS[who].email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Program administrators have an authenticator holding the demo's published secret.
  if (PERSONAS[who].role === 'program_admin') await enterAuthenticatorCode(page, DEMO_MFA_SECRET);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page).not.toHaveURL(/sign-in/);
  if (PERSONAS[who].role === 'program_admin') kept.set(who, await page.context().cookies());
}

/**
 * The sign-in's code step, answered as an authenticator app holding `secret` would.
 * Each code works once, and journeys sign in more often than every 30 seconds: a
 * code already taken is followed by the next step's (accepted a step early), and
 * after that by waiting for a fresh step.
 */
export async function enterAuthenticatorCode(page: Page, secret: string): Promise<void> {
  const field = page.getByLabel('Code from your authenticator app');
  const refused = page.getByText('That code is not correct, or was used already');
  const periodMs = TOTP_PERIOD_SECONDS * 1000;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt === 2) await page.waitForTimeout(periodMs - (Date.now() % periodMs) + 200);
    await field.fill(totpCode(secret, new Date(Date.now() + (attempt === 0 ? 0 : periodMs))));
    await page.getByRole('button', { name: 'Continue' }).click();
    for (let waited = 0; waited < 10_000; waited += 100) {
      if (!new URL(page.url()).pathname.startsWith('/sign-in')) return;
      if (await refused.isVisible()) break;
      await page.waitForTimeout(100);
    }
  }
  throw new Error('the authenticator code was refused three times');
}

/**
 * WCAG 2.1 A and AA rules, on the page as it stands; fails with the list of violations.
 *
 * Colour contrast is checked on the 375-px phone only: the colours are the same design
 * tokens at both sizes, and the phone's stacked tables add the only colour a size brings
 * (muted cell labels). It is axe's slowest rule (80% of its time on the analysis page);
 * the desktop run checks every other rule.
 */
export async function expectAccessible(page: Page, testInfo: TestInfo, label: string): Promise<void> {
  const axe = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (testInfo.project.name === 'desktop') axe.disableRules(['color-contrast']);
  const results = await axe.analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  if (summary.length > 0) await testInfo.attach(`axe-${label}`, { body: summary.join('\n'), contentType: 'text/plain' });
  expect(summary, `accessibility violations on ${label}`).toEqual([]);
}

/** Nothing may stick out sideways on a 375-px phone. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** A name no other test run uses, so journeys on phone and desktop do not meet. */
export function uniqueName(testInfo: TestInfo, base: string): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const n = Date.now() + testInfo.workerIndex * 7 + (testInfo.project.name === 'phone' ? 3 : 0);
  const suffix = Array.from(String(n).slice(-6), (d) => letters[Number(d) + (testInfo.project.name === 'phone' ? 10 : 0)]).join('');
  return `${base}${suffix}`;
}
