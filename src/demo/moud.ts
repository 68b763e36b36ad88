/**
 * The demo's MOUD episodes, told as these programs see them: most people released
 * from jail or prison start medication within days (some kept the methadone or
 * buprenorphine they had inside), some only weeks later, some never; people met in
 * an emergency department often start the next day; the methadone clinic's
 * participants are on methadone. Some stop and restart, with gaps around the
 * 14 days that decide whether retention continues. Recorded through the service's
 * bulk import: the same rules as the API, one insert per participant.
 */
import { addDays, daysBetween } from '../core/enrollments.ts';
import type { MoudEndReason, MoudEpisodeCreateInput, MoudMedication } from '../core/moud.ts';
import type { Tx } from '../server/db/database.ts';
import type { Actor } from '../server/http/actor.ts';
import { importMoudEpisodes } from '../server/moud/moud.service.ts';
import { DEMO_SEED } from './participants.ts';
import { personaSiteIds, staffOf, type Persona } from './personas.ts';
import { Random } from './random.ts';
import { DEMO_SITES, type DemoSiteKey } from './sites.ts';
import { Calendar, type PlannedParticipant } from './timeline.ts';

const actorOf = (p: Persona): Actor => ({ userId: p.id, name: p.name, role: p.role, siteIds: personaSiteIds(p), via: 'session', tokenId: null, clientAddress: null });

/** Fictional providers (no real clinic is named in the demo). */
const OTP_PROVIDERS = ['Westside Methadone Clinic', 'Lakeshore Opioid Treatment Program', 'Prairie Medication Treatment Center'] as const;
const OFFICE_PROVIDERS = ['Northside Community Health', 'Riverbend Family Health Center', 'Harbor Light Medical Group', 'Southwest Recovery Clinic', 'Midway Primary Care'] as const;

const MEDICATION_WEIGHTS: readonly (readonly [MoudMedication, number])[] = [
  ['buprenorphine', 45],
  ['methadone', 28],
  ['extended_release_buprenorphine', 12],
  ['extended_release_naltrexone', 10],
  ['naltrexone', 5],
];

const END_WEIGHTS: readonly (readonly [MoudEndReason, number])[] = [
  ['stopped_by_participant', 8],
  ['discharged_by_provider', 2],
  ['incarcerated', 2],
  ['completed_taper', 1],
  ['other', 1],
];

/** Days between stopping and starting again: many close to the 14-day line, on both sides. */
const RESTART_GAPS = [3, 6, 9, 12, 13, 14, 14, 14, 15, 15, 16, 20, 30, 45] as const;

function providerFor(medication: MoudMedication, rng: Random): string {
  return medication === 'methadone' ? rng.pick(OTP_PROVIDERS) : rng.pick(OFFICE_PROVIDERS);
}

/** The participant at the end of their story: custody, release date, and the day they reached their site. */
function endState(plan: PlannedParticipant, cal: Calendar) {
  let custody = plan.input.custodyStatus;
  let releaseDate = plan.input.releaseDate ?? null;
  let arrived = plan.createdAt;
  for (const c of plan.changes) {
    if (c.changes.custodyStatus) custody = c.changes.custodyStatus;
    if (c.changes.releaseDate !== undefined) releaseDate = c.changes.releaseDate;
    if (c.site) arrived = c.at;
  }
  return { inCustody: custody === 'in_custody', releaseDate, metOn: cal.isoOf(arrived) };
}

/**
 * One participant's episodes from a first start: some continue to today, some
 * end and some of those restart after a gap (or switch medication the next day).
 */
function course(rng: Random, firstStart: string, firstMedication: MoudMedication, today: string): MoudEpisodeCreateInput[] {
  const yesterday = addDays(today, -1);
  const out: MoudEpisodeCreateInput[] = [];
  let start = firstStart;
  let medication = firstMedication;
  for (let i = 0; i < 4 && start <= today; i++) {
    const providerName = providerFor(medication, rng);
    // Many stop in the first weeks; those who pass the first months tend to stay.
    const length = rng.weighted([[rng.int(5, 28), 3], [rng.int(29, 90), 3], [rng.int(91, 240), 2]] as const);
    const end = addDays(start, length);
    if (rng.chance(0.35) || end > yesterday) {
      out.push({ medication, providerName, startedOn: start });
      break;
    }
    const switching = medication === 'buprenorphine' && rng.chance(0.2);
    const reason: MoudEndReason = switching ? 'switched_medication' : rng.weighted(END_WEIGHTS);
    out.push({ medication, providerName, startedOn: start, endedOn: end, endReason: reason });
    if (reason === 'completed_taper' || reason === 'incarcerated' || (!switching && !rng.chance(0.6))) break;
    start = switching ? addDays(end, 1) : addDays(end, rng.pick(RESTART_GAPS));
    medication = switching ? 'extended_release_buprenorphine' : rng.chance(0.8) ? medication : rng.weighted(MEDICATION_WEIGHTS);
  }
  return out;
}

/** The episodes a participant's story gives them, or none. */
function episodesOf(rng: Random, plan: PlannedParticipant, site: DemoSiteKey, cal: Calendar, today: string): MoudEpisodeCreateInput[] {
  const s = endState(plan, cal);
  const type = DEMO_SITES[site].type;
  const custodyProvider = `${DEMO_SITES[site].name} health services`;
  const metOn = s.metOn > today ? today : s.metOn;

  if (type === 'opioid_treatment_program') {
    // Most were already dosing at the clinic when the coach met them.
    return rng.chance(0.9) ? course(rng, addDays(metOn, -rng.int(0, 30)), 'methadone', today) : [];
  }
  if (type === 'emergency_department' && !s.releaseDate) {
    if (!rng.chance(0.6)) return [];
    const start = addDays(metOn, rng.weighted([[0, 3], [1, 4], [2, 2], [rng.int(3, 20), 2]] as const));
    return start > today ? [] : course(rng, start, rng.weighted(MEDICATION_WEIGHTS.filter(([m]) => m !== 'methadone')), today);
  }
  if (s.inCustody) {
    // Some are on medication inside (the jail's own program), ongoing.
    if (!rng.chance(0.3)) return [];
    const medication = rng.chance(0.6) ? 'methadone' : 'buprenorphine';
    const start = addDays(metOn, rng.int(0, Math.max(0, Math.min(20, daysBetween(metOn, today)))));
    return [{ medication, providerName: custodyProvider, startedOn: start > today ? today : start }];
  }
  const notAfterToday = (d: string) => (d > today ? today : d);
  if (!s.releaseDate) return rng.chance(0.4) ? course(rng, notAfterToday(addDays(metOn, rng.int(0, 10))), rng.weighted(MEDICATION_WEIGHTS), today) : [];

  const release = s.releaseDate;
  const roll = rng.next();
  // Kept their medication from inside: a custody episode transferred on the day of release.
  if (roll < 0.18) {
    const medication = rng.chance(0.6) ? 'methadone' : 'buprenorphine';
    const inside = addDays(release, -rng.int(20, 90));
    const community = course(rng, notAfterToday(addDays(release, rng.int(0, 2))), medication, today);
    return [{ medication, providerName: custodyProvider, startedOn: inside, endedOn: release, endReason: 'transferred_care' }, ...community];
  }
  // Linked within days of release.
  if (roll < 0.7) {
    const start = addDays(release, rng.weighted([[0, 1], [1, 3], [2, 3], [3, 2], [rng.int(4, 7), 3]] as const));
    return start > today ? [] : course(rng, start, rng.weighted(MEDICATION_WEIGHTS), today);
  }
  // Linked only weeks later.
  if (roll < 0.82) {
    const start = addDays(release, rng.int(10, 45));
    return start > today ? [] : course(rng, start, rng.weighted(MEDICATION_WEIGHTS), today);
  }
  // Never linked.
  return [];
}

export async function seedDemoMoud(
  tx: Tx,
  plans: readonly PlannedParticipant[],
  current: ReadonlyMap<string, { id: string; site: DemoSiteKey }>,
  now: Date,
): Promise<{ participants: number; episodes: number }> {
  const rng = new Random(DEMO_SEED + 9);
  const cal = new Calendar(now);
  const today = cal.isoOf(now);
  let participants = 0;
  let episodes = 0;
  for (const plan of plans) {
    const state = current.get(plan.key);
    if (!state || DEMO_SITES[state.site].type === 'hub') continue;
    const inputs = episodesOf(rng, plan, state.site, cal, today);
    const team = staffOf(state.site);
    if (inputs.length === 0 || team.length === 0) continue;
    const doer = rng.pick(team);
    participants++;
    episodes += await importMoudEpisodes(tx, actorOf(doer), state.id, inputs, now);
  }
  return { participants, episodes };
}
