/**
 * The demo's hand-told stories: near-duplicate records (so duplicate detection has
 * something to find) and transfers between sites (so site history has something
 * to show).
 */
import { Random } from './random.ts';
import type { DemoSiteKey } from './sites.ts';
import type { Calendar, PlannedParticipant } from './timeline.ts';

/** Seats the stories take at each site, out of PARTICIPANTS_PER_SITE. */
export const STORY_SEATS: Partial<Record<DemoSiteKey, number>> = { cookJail: 3, mountSinai: 1, christ: 2, logan: 1, westside: 1 };

/** Pairs of records that are probably one person: same date of birth, a name spelled two ways. */
export const NEAR_DUPLICATES = [
  { dateOfBirth: '1984-09-17', names: ['Terrence Washington', 'Terence Washington'] },
  { dateOfBirth: '1990-02-11', names: ['José Hernández', 'Jose Hernandez'] },
  { dateOfBirth: '1979-06-30', names: ['Katarzyna Wiśniewska', 'Katarzyna Wisniewski'] },
  { dateOfBirth: '1993-12-04', names: ['Keisha Banks', 'Keysha Banks'] },
] as const;

const staff = (turn: number) => ({ kind: 'staff', turn }) as const;

export function storyParticipants(cal: Calendar): PlannedParticipant[] {
  // A stream of their own, so that the stories do not shift the ordinary participants.
  const times = new Random(1984);
  const at = (days: number) => cal.daysAgo(days, times);
  const black = { race: ['black_or_african_american' as const], ethnicity: 'not_hispanic_or_latino' as const };
  return [
    // Terrence was released in the spring; re-arrested, a new coach enrolled him again without finding the old record.
    {
      key: 'p001',
      site: 'cookJail',
      by: staff(0),
      createdAt: at(212),
      input: { firstName: 'Terrence', lastName: 'Washington', preferredName: 'Terry', dateOfBirth: '1984-09-17', gender: 'man', ...black,
        preferredLanguage: 'en', phone: '(773) 555-0117', custodyStatus: 'in_custody', expectedReleaseDate: cal.isoFromNow(-180), referralSource: 'jail_in_reach' },
      changes: [{ at: at(181), by: staff(1), changes: { custodyStatus: 'community', releaseDate: cal.isoFromNow(-181), expectedReleaseDate: null } }],
    },
    {
      key: 'p002',
      site: 'cookJail',
      by: staff(1),
      createdAt: at(12),
      input: { firstName: 'Terence', lastName: 'Washington', dateOfBirth: '1984-09-17', gender: 'man', ...black, preferredLanguage: 'en',
        custodyStatus: 'in_custody', expectedReleaseDate: cal.isoFromNow(20), referralSource: 'jail_in_reach' },
      changes: [],
    },
    // José left Cook County Jail in the summer; weeks later the ED coach met "Jose Hernandez" after an overdose.
    {
      key: 'p003',
      site: 'cookJail',
      by: staff(0),
      createdAt: at(96),
      input: { firstName: 'José', lastName: 'Hernández', dateOfBirth: '1990-02-11', gender: 'man', race: ['white'], ethnicity: 'hispanic_or_latino',
        preferredLanguage: 'es', phone: '(773) 555-0161', custodyStatus: 'in_custody', expectedReleaseDate: cal.isoFromNow(-72), referralSource: 'jail_in_reach' },
      changes: [{ at: at(70), by: staff(1), changes: { custodyStatus: 'community', releaseDate: cal.isoFromNow(-71), expectedReleaseDate: null } }],
    },
    {
      key: 'p004',
      site: 'mountSinai',
      by: staff(0),
      createdAt: at(20),
      input: { firstName: 'Jose', lastName: 'Hernandez', dateOfBirth: '1990-02-11', gender: 'man', race: [], ethnicity: 'hispanic_or_latino',
        preferredLanguage: 'es', phone: '(773) 555-0161', custodyStatus: 'community', releaseDate: cal.isoFromNow(-71), referralSource: 'emergency_department' },
      changes: [],
    },
    // Kasia came home from Logan; her sister brought her to the methadone clinic, where her name was typed without the Polish letters.
    {
      key: 'p005',
      site: 'logan',
      by: staff(0),
      createdAt: at(205),
      input: { firstName: 'Katarzyna', lastName: 'Wiśniewska', preferredName: 'Kasia', dateOfBirth: '1979-06-30', gender: 'woman', race: ['white'],
        ethnicity: 'not_hispanic_or_latino', preferredLanguage: 'pl', custodyStatus: 'in_custody', expectedReleaseDate: cal.isoFromNow(-120), referralSource: 'prison_in_reach' },
      changes: [{ at: at(118), by: staff(1), changes: { custodyStatus: 'community', releaseDate: cal.isoFromNow(-119), expectedReleaseDate: null, phone: '(773) 555-0130' } }],
    },
    {
      key: 'p006',
      site: 'westside',
      by: staff(1),
      createdAt: at(61),
      input: { firstName: 'Katarzyna', lastName: 'Wisniewski', dateOfBirth: '1979-06-30', gender: 'woman', race: ['white'], ethnicity: 'not_hispanic_or_latino',
        preferredLanguage: 'pl', phone: '(773) 555-0131', custodyStatus: 'community', releaseDate: cal.isoFromNow(-119), referralSource: 'family' },
      changes: [],
    },
    // Keisha came to the Advocate Christ ED twice, five months apart; the second time she was registered as "Keysha".
    {
      key: 'p007',
      site: 'christ',
      by: staff(0),
      createdAt: at(150),
      input: { firstName: 'Keisha', lastName: 'Banks', dateOfBirth: '1993-12-04', gender: 'woman', ...black, preferredLanguage: 'en',
        phone: '(708) 555-0144', email: 'keisha.banks@example.com', custodyStatus: 'community', referralSource: 'emergency_department' },
      changes: [],
    },
    {
      key: 'p008',
      site: 'christ',
      by: staff(1),
      createdAt: at(25),
      input: { firstName: 'Keysha', lastName: 'Banks', dateOfBirth: '1993-12-04', gender: 'woman', ...black, preferredLanguage: 'en',
        phone: '(708) 555-0144', custodyStatus: 'community', referralSource: 'emergency_department' },
      changes: [],
    },
  ];
}

const DAY = 86_400_000;

/**
 * Transfers, chosen among the ordinary participants: three people sentenced from
 * Cook County Jail to Stateville, two released from a county jail whose care moved
 * to the Westside clinic, one ED patient who started methadone there.
 */
export function applyStories(plans: PlannedParticipant[], rng: Random, cal: Calendar): void {
  const ordinary = plans.filter((p) => !NEAR_DUPLICATES.some((d) => d.dateOfBirth === p.input.dateOfBirth));
  const ago = (d: Date) => cal.daysBetween(d, cal.now);

  const sentenced = ordinary.filter((p) => p.site === 'cookJail' && p.input.custodyStatus === 'in_custody' && p.changes.length === 0 && ago(p.createdAt) >= 30);
  for (const p of sentenced.slice(0, 3)) {
    p.changes.push({
      at: cal.later(p.createdAt, rng.int(10, 25) * 24),
      by: { kind: 'hub' },
      site: 'stateville',
      changes: { expectedReleaseDate: cal.isoFromNow(rng.int(30, 150)) },
    });
  }

  const releasedFromJail = ordinary.filter(
    (p) => (p.site === 'cookJail' || p.site === 'lakeJail') && p.changes.length === 1 && p.changes[0] && ago(p.changes[0].at) >= 40,
  );
  for (const p of releasedFromJail.slice(0, 2)) {
    const release = p.changes[0];
    if (!release) continue;
    p.changes.push({ at: new Date(release.at.getTime() + rng.int(7, 30) * DAY), by: { kind: 'hub' }, site: 'westside', changes: {} });
  }

  const edToClinic = ordinary.filter((p) => p.site === 'mountSinai' && p.changes.length === 0 && ago(p.createdAt) >= 20);
  for (const p of edToClinic.slice(0, 1)) {
    p.changes.push({ at: cal.later(p.createdAt, rng.int(3, 14) * 24), by: { kind: 'staff', turn: 0 }, site: 'westside', changes: {} });
  }
}
