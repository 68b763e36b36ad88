/**
 * The analysis export and studies, in the browser. Helen, the program's
 * evaluator, downloads the de-identified zip: the test searches every file for
 * the demo participants' names, phones, e-mails, dates of birth, the directory's
 * street addresses and every note text the demo writes, and finds none. Denise,
 * the program director, looks at the demo study's allocation counts; Tasha, a
 * coach, randomizes a newly enrolled participant after a confirmation.
 */
import { readFileSync } from 'node:fs';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { attemptNote, DEMO_ADDENDA, reachedNote } from '../../src/demo/contactNotes.ts';
import { planParticipants } from '../../src/demo/participants.ts';
import { GOALS_EN, GOALS_ES } from '../../src/demo/planGoals.ts';
import type { Random } from '../../src/demo/random.ts';
import { demoResourceInputs } from '../../src/demo/resources.ts';
import { DEMO_STUDY_NAME } from '../../src/demo/studies.ts';
import { expectAccessible, expectNoHorizontalScroll, signIn, uniqueName } from './support.ts';

/** Every note text the demo's contact notes can hold: a stand-in random source hands over each pool it is asked to pick from. */
function demoNoteTexts(): string[] {
  const pools: (readonly unknown[])[] = [];
  const collector = {
    chance: () => false,
    pick: <T,>(items: readonly T[]): T => {
      pools.push(items);
      return items[0] as T;
    },
  } as unknown as Random;
  for (const mode of ['in_custody', 'in_person', 'phone'] as const) reachedNote(collector, mode, []);
  for (const outcome of ['no_answer', 'left_message', 'wrong_number', 'not_at_location', 'refused'] as const) attemptNote(collector, outcome);
  const texts = pools.flat().filter((x): x is string => typeof x === 'string' && x.length > 0);
  return [...texts, ...DEMO_ADDENDA.map((a) => a.text)];
}

/** What must never be in the export: identifiers of the demo's people and their words. */
function forbiddenStrings(): string[] {
  const out = new Set<string>();
  for (const plan of planParticipants(new Date())) {
    const p = plan.input;
    out.add(`${p.firstName} ${p.lastName}`);
    out.add(`${p.lastName}, ${p.firstName}`);
    out.add(p.dateOfBirth);
    for (const phone of [p.phone, ...plan.changes.map((c) => c.changes.phone)]) {
      if (phone) {
        out.add(phone);
        out.add(phone.replace(/\D/g, ''));
      }
    }
    if (p.email) out.add(p.email);
  }
  for (const r of demoResourceInputs()) for (const l of r.input.locations) if (l.address1) out.add(l.address1);
  for (const n of demoNoteTexts()) out.add(n);
  for (const g of [...GOALS_EN, ...GOALS_ES]) {
    out.add(g.text);
    for (const [step] of g.steps) out.add(step);
  }
  for (const t of ['Reversed with naloxone; declined transport', 'His sister used the nasal spray', 'Release desk', 'Family meeting', 'Rosa (mother)', 'Tía Carmen']) out.add(t);
  return [...out];
}

async function openFromNav(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  if (testInfo.project.name === 'phone') await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();
}

test('the evaluator downloads the de-identified zip and finds no name, phone, address or note in it', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  await signIn(page, 'evaluator');
  await openFromNav(page, testInfo, 'Analysis export');
  await expect(page.getByRole('heading', { level: 1, name: 'Analysis export' })).toBeVisible();
  await expect(page.getByText('participants.csv', { exact: true })).toBeVisible();
  await expectAccessible(page, testInfo, 'analysis export page');
  await expectNoHorizontalScroll(page);

  const useMonths = testInfo.project.name === 'phone';
  if (useMonths) await page.getByRole('radio', { name: 'Year and month only' }).check();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the de-identified zip' }).click()]);
  expect(download.suggestedFilename()).toMatch(new RegExp(`^tandem-analysis-\\d{4}-\\d{2}-\\d{2}-${useMonths ? 'month' : 'shifted'}\\.zip$`));
  const files = unzipSync(new Uint8Array(readFileSync(await download.path())));
  expect(Object.keys(files)).toContain('participants.csv');
  expect(Object.keys(files)).toContain('data_dictionary.csv');
  expect(Object.keys(files)).toContain('README.txt');
  const text = Object.values(files)
    .map((f) => strFromU8(f))
    .join('\n');
  const participants = strFromU8(files['participants.csv'] ?? new Uint8Array()).trim().split('\n');
  expect(participants.length).toBeGreaterThan(150); // the whole program, de-identified
  const assignments = strFromU8(files['study_assignments.csv'] ?? new Uint8Array()).trim().split('\n');
  expect(assignments.length).toBeGreaterThan(10);

  const forbidden = forbiddenStrings();
  expect(forbidden.length).toBeGreaterThan(400);
  const found = forbidden.filter((s) => text.includes(s));
  expect(found, 'identifiers or note texts found in the export').toEqual([]);
});

test('the program director sees the demo study and its allocation counts, without identities', async ({ page }, testInfo) => {
  await signIn(page, 'admin');
  await openFromNav(page, testInfo, 'Studies');
  await expect(page.getByRole('heading', { level: 1, name: 'Studies' })).toBeVisible();
  await expectAccessible(page, testInfo, 'studies list');
  await expectNoHorizontalScroll(page);
  await page.getByRole('link', { name: DEMO_STUDY_NAME }).click();
  await expect(page.getByRole('heading', { level: 1, name: DEMO_STUDY_NAME })).toBeVisible();
  await expect(page.getByText('Active', { exact: true })).toBeVisible();
  const byArm = page.getByRole('list', { name: 'Participants by arm' });
  await expect(byArm.getByRole('listitem')).toHaveCount(2);
  await expect(byArm).toContainText('Naloxone only');
  await expect(page.getByRole('table', { name: 'Participants by stratum' }).getByRole('row').nth(1)).toContainText('Site:');
  await expectAccessible(page, testInfo, 'study page');
  await expectNoHorizontalScroll(page);
});

test('a coach randomizes a newly enrolled participant after confirming; the arm, who and when show', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  const lastName = uniqueName(testInfo, 'Randa');
  await page.goto('/participants/new');
  await page.getByLabel('First name').fill('Teodoro');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Date of birth').fill(testInfo.project.name === 'phone' ? '1991-05-14' : '1984-09-30');
  await page.getByRole('radio', { name: 'In custody' }).check();
  await page.getByRole('button', { name: 'Create participant' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(lastName) })).toBeVisible();

  const study = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Study' }) });
  await expect(study.getByText('Randomizing needs an open enrollment. Enroll the participant first.')).toBeVisible();

  const enrollment = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Enrollment' }) });
  await enrollment.getByRole('button', { name: 'Enroll' }).click();
  await enrollment.getByLabel('Referral source').selectOption({ label: 'Jail in-reach' });
  await enrollment.getByRole('button', { name: 'Enroll' }).click();
  await expect(enrollment.getByText('Enrolled.', { exact: true })).toBeVisible();
  await study.getByRole('button', { name: 'Check again after enrolling' }).click();

  await study.getByRole('button', { name: `Randomize into ${DEMO_STUDY_NAME}` }).click();
  await expect(study.getByRole('heading', { level: 3, name: `Randomize into ${DEMO_STUDY_NAME}?` })).toBeFocused();
  await expect(study.getByText('can never be changed or undone')).toBeVisible();
  await expectAccessible(page, testInfo, 'randomize confirmation');
  await expectNoHorizontalScroll(page);
  await study.getByRole('button', { name: 'Randomize now' }).click();
  await expect(study.getByText(/^Randomized: (Coach \+ case manager with CTI|Naloxone only)\.$/)).toBeVisible();
  await expect(study.getByText(/^Arm: (Coach \+ case manager with CTI|Naloxone only)$/)).toBeVisible();
  await expect(study.getByText(/^Randomized by Tasha Reynolds on /)).toBeVisible();
  await expect(study.getByRole('button', { name: /^Randomize into/ })).toHaveCount(0);
  await expectAccessible(page, testInfo, 'participant page with a study arm');
  await expectNoHorizontalScroll(page);
});
