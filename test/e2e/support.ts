/** Shared steps for the browser journeys: signing in as a demo persona, and the accessibility check. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';
import { DEMO_PASSWORD, PERSONAS, type PersonaKey } from '../../src/demo/personas.ts';

export { PERSONAS };

export async function signIn(page: Page, who: PersonaKey): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(PERSONAS[who].email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page).not.toHaveURL(/sign-in/);
}

/** WCAG 2.1 A and AA rules, on the page as it stands; fails with the list of violations. */
export async function expectAccessible(page: Page, testInfo: TestInfo, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
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
