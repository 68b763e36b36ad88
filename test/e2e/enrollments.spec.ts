import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoHorizontalScroll, signIn, uniqueName } from './support.ts';

/** Today at the demo's sites (Chicago): the dates the server accepts as "not in the future". */
function chicagoToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

test('a coach enrolls a participant, records the intake interview, and sees the schedule update', async ({ page }, testInfo) => {
  await signIn(page, 'cookCoach');
  const lastName = uniqueName(testInfo, 'Enrolla');
  await page.goto('/participants/new');
  await page.getByLabel('First name').fill('Marisol');
  await page.getByLabel('Last name').fill(lastName);
  await page.getByLabel('Date of birth').fill(testInfo.project.name === 'phone' ? '1993-02-11' : '1990-10-21');
  await page.getByRole('radio', { name: 'In custody' }).check();
  await page.getByRole('button', { name: 'Create participant' }).click();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(lastName) })).toBeVisible();

  const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Enrollment' }) });
  await expect(section.getByText(/Not enrolled/)).toBeVisible();
  await section.getByRole('button', { name: 'Enroll' }).click();
  await expect(section.getByRole('heading', { level: 3, name: 'Enroll' })).toBeFocused();
  await expectAccessible(page, testInfo, 'enroll form');
  await expectNoHorizontalScroll(page);

  // The referral source is required: the form says so at the field, and nothing is sent.
  await section.getByLabel('Enrolled on').fill(chicagoToday());
  await section.getByRole('button', { name: 'Enroll' }).click();
  await expect(section.getByLabel('Referral source')).toHaveAttribute('aria-invalid', 'true');
  await section.getByLabel('Referral source').selectOption({ label: 'Jail in-reach' });
  await expect(section.getByLabel('Peer recovery coach')).toHaveValue(/[0-9a-f-]{36}/); // the coach herself, by default
  await section.getByLabel('Case manager').selectOption({ label: 'Miguel Álvarez' });
  await section.getByRole('button', { name: 'Enroll' }).click();

  await expect(section.getByText('Enrolled.', { exact: true })).toBeVisible();
  await expect(section.getByText('Miguel Álvarez')).toBeVisible();
  await expect(section.getByText(/^Pre-release, since/)).toBeVisible();
  const schedule = section.getByRole('list', { name: 'Interview schedule' });
  const intake = schedule.getByRole('listitem').filter({ hasText: 'Intake interview' });
  await expect(intake).toContainText('Due');

  await section.getByRole('button', { name: 'Record interview' }).click();
  await section.getByLabel('Interview', { exact: true }).selectOption({ label: 'Intake interview' });
  await section.getByLabel('Date of the interview').fill(chicagoToday());
  await section.locator('form').getByRole('button', { name: 'Record interview' }).click();
  await expect(section.getByText('Interview recorded.')).toBeVisible();
  await expect(intake).toContainText('Done');
  await expect(schedule.getByRole('listitem').filter({ hasText: '6-month follow-up' })).toContainText('Not yet');
  await expectAccessible(page, testInfo, 'participant page with an enrollment');
  await expectNoHorizontalScroll(page);

  // After a discharge the discharge interview is owed on the past episode, and recorded there.
  await section.getByRole('button', { name: 'Discharge' }).click();
  await section.getByLabel('Discharge date').fill(chicagoToday());
  await section.getByLabel('Reason').selectOption({ label: 'Moved away' });
  await section.locator('form').getByRole('button', { name: 'Discharge' }).click();
  await expect(section.getByText('Discharged.', { exact: true })).toBeVisible();
  const past = section.locator('li.enr-past');
  await expect(past.getByRole('listitem').filter({ hasText: 'Discharge interview' })).toContainText('Due');
  await past.getByRole('button', { name: /^Record interview/ }).click();
  await past.getByLabel('Interview', { exact: true }).selectOption({ label: 'Discharge interview' });
  await past.getByLabel('Date of the interview').fill(chicagoToday());
  await expectAccessible(page, testInfo, 'discharge interview form on a past episode');
  await past.locator('form').getByRole('button', { name: 'Record interview' }).click();
  await expect(section.getByText('Interview recorded.')).toBeVisible();
  await expect(past.getByRole('listitem').filter({ hasText: 'Discharge interview' })).toContainText('Done');
  await expectNoHorizontalScroll(page);
});
