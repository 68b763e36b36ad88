/**
 * ~200 demonstration participants with believable histories, the same on every
 * run (a seeded generator; dates are relative to the moment of seeding): people in
 * custody awaiting release, people released in the past months, people met in an
 * emergency department or at the methadone clinic. The hand-told stories (near
 * duplicates, transfers) are in stories.ts.
 */
import type { Ethnicity, Gender, ReferralSource } from '../core/enums.ts';
import type { ParticipantCreateInput } from '../core/schemas.ts';
import { NAME_GROUPS, surnameFor, withoutAccents, type GroupKey } from './names.ts';
import { Random } from './random.ts';
import { DEMO_SITES, PARTICIPANTS_PER_SITE, type DemoSiteKey } from './sites.ts';
import { applyStories, STORY_SEATS, storyParticipants } from './stories.ts';
import { applyWorklistScenes } from './worklistScenes.ts';
import { Calendar, type PlannedParticipant } from './timeline.ts';

export type { PlannedChange, PlannedParticipant } from './timeline.ts';

export const DEMO_SEED = 20_260_302;

/** Who each spoke meets, by the names they carry (Chicago's jails, suburbs and southwest side differ). */
const GROUP_MIX: Record<DemoSiteKey, readonly (readonly [GroupKey, number])[]> = {
  hub: [['black', 1]],
  cookJail: [['black', 48], ['white', 16], ['latino', 24], ['polish', 6], ['arab', 2], ['asian', 2], ['native', 2]],
  lakeJail: [['black', 22], ['white', 45], ['latino', 25], ['polish', 3], ['asian', 3], ['native', 2]],
  willJail: [['black', 25], ['white', 48], ['latino', 20], ['polish', 5], ['native', 2]],
  winnebagoJail: [['black', 30], ['white', 52], ['latino', 14], ['asian', 2], ['native', 2]],
  stateville: [['black', 50], ['white', 25], ['latino', 18], ['polish', 3], ['arab', 2], ['native', 2]],
  logan: [['black', 35], ['white', 45], ['latino', 14], ['polish', 3], ['native', 3]],
  mountSinai: [['black', 55], ['latino', 35], ['white', 6], ['arab', 2], ['asian', 2]],
  christ: [['black', 30], ['white', 25], ['latino', 20], ['polish', 10], ['arab', 13], ['asian', 2]],
  westside: [['black', 45], ['latino', 30], ['white', 15], ['polish', 6], ['asian', 2], ['native', 2]],
};

const AGES: readonly (readonly [[number, number], number])[] = [
  [[19, 24], 10],
  [[25, 34], 35],
  [[35, 44], 30],
  [[45, 54], 15],
  [[55, 65], 10],
];

type Identity = Omit<ParticipantCreateInput, 'siteId' | 'custodyStatus' | 'expectedReleaseDate' | 'releaseDate' | 'referralSource'>;

function identity(rng: Random, cal: Calendar, site: DemoSiteKey): Identity {
  const groupKey = rng.weighted(GROUP_MIX[site]);
  const group = NAME_GROUPS[groupKey];
  const gender: Gender | null =
    site === 'logan'
      ? rng.weighted<Gender>([['woman', 97], ['transgender_woman', 3]])
      : rng.weighted<Gender | null>([['man', 66], ['woman', 28], ['transgender_woman', 1], ['nonbinary', 1], ['declined', 1], [null, 3]]);
  const woman = gender === 'woman' || gender === 'transgender_woman' || ((gender === 'nonbinary' || gender === null) && rng.chance(0.3));
  const pool = rng.pick(group.pools);
  let firstName = rng.pick(woman ? pool.women : pool.men);
  let lastName = surnameFor(rng.pick(pool.surnames), woman, groupKey);
  if (groupKey === 'latino' && rng.chance(0.1)) {
    // Both family names, as many people from Mexico and Puerto Rico carry them.
    const second = rng.pick(pool.surnames);
    if (second !== lastName) lastName = `${lastName} ${second}`;
  }
  const nickname = group.nicknames?.[firstName];
  const preferredName = nickname && rng.chance(0.45) ? nickname : null;
  // Records typed without accents are common: search must find "Jose" and "José" alike.
  if ((groupKey === 'latino' || groupKey === 'polish') && rng.chance(0.3)) {
    firstName = withoutAccents(firstName);
    lastName = withoutAccents(lastName);
  }
  const [low, high] = rng.weighted(AGES);
  const ethnicity: Ethnicity | null = group.hispanic
    ? rng.weighted<Ethnicity>([['hispanic_or_latino', 98], ['declined', 2]])
    : rng.weighted<Ethnicity | null>([['not_hispanic_or_latino', 93], ['declined', 3], [null, 4]]);
  const other = group.otherLanguage;
  const preferredLanguage = other && rng.chance(other[1]) ? other[0] : rng.chance(0.03) ? null : 'en';
  return {
    firstName,
    lastName,
    preferredName,
    dateOfBirth: cal.birthDate(rng.int(low, high), rng),
    gender,
    race: rng.weighted(group.races),
    ethnicity,
    preferredLanguage,
    phone: null,
    email: rng.chance(0.18) ? emailFor(rng, firstName, lastName) : null,
  };
}

/** 555-0100 to 555-0199 are reserved for fiction in every North American area code. */
export function fictionalPhone(rng: Random, site: DemoSiteKey): string {
  return `(${rng.pick(DEMO_SITES[site].areaCodes)}) 555-01${String(rng.int(0, 99)).padStart(2, '0')}`;
}

function emailFor(rng: Random, first: string, last: string): string {
  const ascii = (s: string) => withoutAccents(s).toLowerCase().replace(/[^a-z]/g, '');
  const local = rng.chance(0.5) ? `${ascii(first)}.${ascii(last)}` : `${ascii(first)}${ascii(last).slice(0, 1)}${rng.int(70, 99)}`;
  return `${local}@${rng.pick(['example.com', 'example.net', 'example.org'])}`;
}

function referralFor(rng: Random, site: DemoSiteKey): ReferralSource {
  switch (DEMO_SITES[site].type) {
    case 'jail':
      return rng.weighted<ReferralSource>([['jail_in_reach', 90], ['court', 10]]);
    case 'prison':
      return 'prison_in_reach';
    case 'emergency_department':
      return 'emergency_department';
    case 'police_diversion':
      return 'police_diversion';
    case 'court':
      return 'court';
    case 'hub':
    case 'opioid_treatment_program':
    case 'clinic':
    case 'community':
      return rng.weighted<ReferralSource>([['self', 55], ['family', 30], ['other', 15]]);
  }
}

/** One ordinary participant's history at a spoke. */
function history(rng: Random, cal: Calendar, key: string, site: DemoSiteKey, turn: number): PlannedParticipant {
  const type = DEMO_SITES[site].type;
  const person = identity(rng, cal, site);
  const referralSource = referralFor(rng, site);
  const plan: PlannedParticipant = {
    key,
    site,
    by: { kind: 'staff', turn },
    createdAt: new Date(0),
    input: { ...person, custodyStatus: 'community', referralSource },
    changes: [],
  };
  if (type === 'jail' || type === 'prison') {
    const prison = type === 'prison';
    if (rng.chance(prison ? 0.5 : 0.55)) {
      // Met in custody; release is coming (pretrial detainees often have no date yet).
      plan.createdAt = cal.daysAgo(prison ? rng.int(10, 120) : rng.int(2, 75), rng);
      const knownDate = prison || rng.chance(0.85);
      plan.input = {
        ...plan.input,
        custodyStatus: 'in_custody',
        expectedReleaseDate: knownDate ? cal.isoFromNow(prison ? rng.int(7, 90) : rng.int(3, 56)) : null,
        phone: rng.chance(0.45) ? fictionalPhone(rng, site) : null,
      };
      return plan;
    }
    // Met in custody, released since: the release is recorded when it happens.
    const released = cal.daysAgo(prison ? rng.int(7, 240) : rng.int(3, 200), rng);
    plan.createdAt = new Date(released.getTime() - (prison ? rng.int(30, 120) : rng.int(4, 45)) * 86_400_000);
    const hasPhone = rng.chance(0.45);
    plan.input = {
      ...plan.input,
      custodyStatus: 'in_custody',
      expectedReleaseDate: cal.isoOf(new Date(released.getTime() + rng.int(-5, 7) * 86_400_000)),
      phone: hasPhone ? fictionalPhone(rng, site) : null,
    };
    plan.changes.push({
      at: cal.later(released, rng.int(2, 30)),
      by: { kind: 'staff', turn: turn + 1 },
      changes: {
        custodyStatus: 'community',
        releaseDate: cal.isoOf(released),
        expectedReleaseDate: null,
        // A phone of their own once out, often the first thing the case manager writes down.
        ...(!hasPhone && rng.chance(0.7) ? { phone: fictionalPhone(rng, site) } : {}),
      },
    });
  } else {
    // Met in the community: after an ED visit, or walking into the clinic.
    plan.createdAt = cal.daysAgo(type === 'emergency_department' ? rng.int(1, 240) : rng.int(5, 300), rng);
    const recentlyOut = rng.chance(type === 'emergency_department' ? 0.12 : 0.2);
    plan.input = {
      ...plan.input,
      releaseDate: recentlyOut ? cal.isoOf(new Date(plan.createdAt.getTime() - rng.int(2, 120) * 86_400_000)) : null,
      phone: rng.chance(0.85) ? fictionalPhone(rng, site) : null,
    };
  }
  // Phones change often in early recovery; a later contact records the new number.
  // (Drawn whether used or not, so that the people generated never depend on the day of seeding.)
  const sinceLast = cal.daysBetween(plan.changes.at(-1)?.at ?? plan.createdAt, cal.now);
  const newPhone = rng.chance(0.15);
  const at = cal.daysAgo(1 + Math.floor(rng.next() * Math.max(1, sinceLast - 2)), rng);
  const phone = fictionalPhone(rng, site);
  if (newPhone && sinceLast >= 3) plan.changes.push({ at, by: { kind: 'staff', turn: turn + 2 }, changes: { phone } });
  return plan;
}

/** Every demo participant, ordinary and hand-told, in a stable order (p001…). */
export function planParticipants(now: Date, seed = DEMO_SEED): PlannedParticipant[] {
  const rng = new Random(seed);
  const cal = new Calendar(now);
  const plans: PlannedParticipant[] = storyParticipants(cal);
  let n = plans.length;
  for (const [site, total] of Object.entries(PARTICIPANTS_PER_SITE) as [DemoSiteKey, number][]) {
    const count = total - (STORY_SEATS[site] ?? 0);
    for (let i = 0; i < count; i++) {
      n++;
      plans.push(history(rng, cal, `p${String(n).padStart(3, '0')}`, site, i));
    }
  }
  applyStories(plans, rng, cal);
  applyWorklistScenes(plans, cal);
  return plans;
}
