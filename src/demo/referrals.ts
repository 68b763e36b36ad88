/**
 * The demo's Part 2 consents and closed-loop referrals, told as these programs
 * live them: most people leaving jail or prison sign a consent for "my treating
 * providers" and are referred to a MOUD provider near their site — often from
 * inside, a day or two before release — which accepts, books an appointment,
 * and the person attends (or misses it and is rebooked); some referrals stall
 * with no answer for a week or more (the worklist shows them), some close
 * without engagement. Some also need housing or food, with a consent naming that
 * organization; a few later revoke a consent, and a few court-referred people
 * sign an irrevocable consent for probation reporting (§2.35). The people
 * released in the last two weeks get at most a referral that is sent and waiting,
 * so the worklist still shows who has no MOUD start or appointment yet.
 * Deterministic (a random stream of its own); referrals go through the bulk
 * import (one insert for all of a team member's), consents through the service.
 */
import { consentCreateInput, type ConsentCreate } from '../core/consents.ts';
import { addDays, daysBetween } from '../core/enrollments.ts';
import { displayName } from '../core/names.ts';
import { referralCreateInput, referralTransitionInput, type ReferralNeed, type ReferralTransitionInput } from '../core/referrals.ts';
import { distanceMiles, type ServiceCategory } from '../core/resources.ts';
import { recordConsent, revokeConsent } from '../server/consents/consents.service.ts';
import type { Tx } from '../server/db/database.ts';
import type { Actor } from '../server/http/actor.ts';
import { importReferrals, type ReferralStory } from '../server/referrals/referrals.import.ts';
import { DEMO_SEED } from './participants.ts';
import { personaSiteIds, staffOf, type Persona } from './personas.ts';
import { Random } from './random.ts';
import { DEMO_SITE_COORDINATES, demoResourceInputs } from './resources.ts';
import { DEMO_SITES, type DemoSiteKey } from './sites.ts';
import { Calendar, type PlannedParticipant } from './timeline.ts';

const actorOf = (p: Persona): Actor => ({ userId: p.id, name: p.name, role: p.role, siteIds: personaSiteIds(p), via: 'session', tokenId: null, clientAddress: null });
const HOUR = 3_600_000;

interface Org {
  id: string;
  name: string;
  categories: ServiceCategory[];
  latitude: number;
  longitude: number;
}

function directory(): Org[] {
  return demoResourceInputs().map(({ id, input }) => ({
    id,
    name: input.name,
    categories: [...new Set(input.services.flatMap((s) => s.categories))],
    latitude: input.locations[0]?.latitude ?? 0,
    longitude: input.locations[0]?.longitude ?? 0,
  }));
}

/** Organizations of a category within 30 miles of the site, nearest first. */
function near(orgs: readonly Org[], site: DemoSiteKey, category: ServiceCategory): Org[] {
  const at = DEMO_SITE_COORDINATES[site];
  return orgs
    .filter((o) => o.categories.includes(category))
    .map((o) => ({ o, miles: distanceMiles(at, o) }))
    .filter((x) => x.miles <= 30)
    .sort((a, b) => a.miles - b.miles)
    .map((x) => x.o);
}

/** The participant's release date and whether they are out, at the end of their story. */
function released(plan: PlannedParticipant): string | null {
  let custody = plan.input.custodyStatus;
  let releaseDate = plan.input.releaseDate ?? null;
  for (const c of plan.changes) {
    if (c.changes.custodyStatus) custody = c.changes.custodyStatus;
    if (c.changes.releaseDate !== undefined) releaseDate = c.changes.releaseDate;
  }
  return custody === 'community' ? releaseDate : null;
}

type Step = { at: Date; transition: ReferralTransitionInput };
/** A transition without its version (the builder numbers the steps). */
type StepInput = ReferralTransitionInput extends infer T ? (T extends unknown ? Omit<T, 'version'> : never) : never;

/** A story's steps up to now: a step whose moment has not come yet ends it. */
class StoryBuilder {
  readonly steps: Step[] = [];
  private open = true;
  constructor(
    private readonly now: Date,
    private readonly rng: Random,
  ) {}
  /** A working-hours moment on a date (about 10:00-16:00 in Chicago). */
  moment(date: string): Date {
    return new Date(Date.parse(`${date}T16:00:00Z`) + this.rng.int(0, 6 * 60) * 60_000);
  }
  add(date: string, transition: StepInput): this {
    if (!this.open) return this;
    const last = this.steps.at(-1)?.at;
    let at = this.moment(date);
    if (last && at <= last) at = new Date(last.getTime() + HOUR);
    if (at.getTime() > this.now.getTime() - HOUR) {
      this.open = false;
      return this;
    }
    this.steps.push({ at, transition: { ...transition, version: this.steps.length + 1 } });
    return this;
  }
}

const MOUD_PATHS = [
  ['completed', 5],
  ['no_show_then_completed', 2],
  ['attended', 1],
  ['stalled', 1],
  ['closed_not_engaged', 1],
  ['declined', 1],
] as const;

function moudStory(rng: Random, now: Date, release: string): { sendOn: string; build: StoryBuilder } {
  const b = new StoryBuilder(now, rng);
  const path = rng.weighted(MOUD_PATHS);
  // Coaches send from inside when they can: a day or two before release, or soon after.
  const sendOn = addDays(release, rng.weighted([[-2, 2], [-1, 3], [0, 2], [1, 2], [3, 1]] as const));
  const appointment = addDays(release, rng.int(1, 4));
  const time = rng.pick(['08:30', '09:00', '10:15', '13:00', '14:30']);
  const place = rng.pick(['Front desk, ask for the bridge clinic', 'Intake, second floor', null]);
  b.add(sendOn, { to: 'sent' });
  if (path === 'stalled') return { sendOn, build: b };
  if (path === 'declined') {
    b.add(addDays(sendOn, 1), { to: 'declined', note: 'Not taking new patients this month' });
    b.add(addDays(sendOn, 2), { to: 'closed', outcome: 'provider_could_not_serve' });
    return { sendOn, build: b };
  }
  b.add(addDays(sendOn, rng.int(0, 1)), { to: 'accepted' });
  b.add(addDays(sendOn, 1), { to: 'appointment_scheduled', appointmentOn: appointment, appointmentTime: time, appointmentPlace: place });
  if (path === 'closed_not_engaged') {
    b.add(appointment, { to: 'no_show' });
    b.add(addDays(appointment, rng.int(8, 15)), { to: 'closed', outcome: 'not_engaged', note: 'Could not be reached after the missed appointment' });
    return { sendOn, build: b };
  }
  let seen = appointment;
  if (path === 'no_show_then_completed') {
    b.add(appointment, { to: 'no_show', note: rng.pick(['Missed the bus', 'Overslept; called the coach in the afternoon', null]) });
    seen = addDays(appointment, rng.int(2, 5));
    b.add(addDays(appointment, 1), { to: 'appointment_scheduled', appointmentOn: seen, appointmentTime: time, appointmentPlace: place });
  }
  b.add(seen, { to: 'attended' });
  if (path !== 'attended') b.add(addDays(seen, rng.int(7, 21)), { to: 'completed' });
  return { sendOn, build: b };
}

function consentInput(plan: PlannedParticipant, siteName: string, signedOn: string, recipient: ConsentCreate['recipient'], over: Partial<ConsentCreate> = {}): ConsentCreate {
  return consentCreateInput.parse({
    discloser: `${siteName} peer recovery program`,
    recipient,
    information: ['referral_information', 'enrollment_and_attendance', 'moud_treatment'],
    purposes: ['treatment_referral', 'care_coordination'],
    expiresOn: addDays(signedOn, 365),
    signature: { kind: 'typed', typedName: displayName({ firstName: plan.input.firstName, lastName: plan.input.lastName, preferredName: null }) },
    signedOn,
    ...over,
  });
}

const OTHER_NEEDS: readonly (readonly [ReferralNeed, ServiceCategory])[] = [
  ['housing', 'housing'],
  ['food', 'food'],
  ['income_employment', 'employment'],
  ['legal', 'legal'],
];

export async function seedDemoReferrals(
  tx: Tx,
  plans: readonly PlannedParticipant[],
  current: ReadonlyMap<string, { id: string; site: DemoSiteKey }>,
  now: Date,
): Promise<{ consents: number; referrals: number }> {
  const rng = new Random(DEMO_SEED + 13);
  const cal = new Calendar(now);
  const today = cal.isoOf(now);
  const orgs = directory();
  const byDoer = new Map<string, { actor: Actor; items: { participantId: string; stories: ReferralStory[] }[] }>();
  const revocations: { actor: Actor; participantId: string; consentId: string; on: string }[] = [];
  let consents = 0;

  for (const plan of plans) {
    const state = current.get(plan.key);
    if (!state) continue;
    const site = DEMO_SITES[state.site];
    if (site.type !== 'jail' && site.type !== 'prison' && site.type !== 'emergency_department') continue;
    const release = released(plan) ?? (site.type === 'emergency_department' ? cal.isoOf(plan.createdAt) : null);
    if (!release || release > today || !rng.chance(0.55)) continue;
    const team = staffOf(state.site);
    const moudOrgs = near(orgs, state.site, 'moud');
    if (team.length === 0 || moudOrgs.length === 0) continue;
    const doer = actorOf(rng.pick(team));
    const recent = daysBetween(release, today) < 14;
    const urgent = site.type === 'emergency_department' || rng.chance(0.3);

    const { sendOn, build } = moudStory(rng, now, release);
    // Released in the last two weeks: at most a referral sent and waiting (the worklist's "no MOUD yet" stays true).
    const steps = recent ? build.steps.slice(0, 1) : build.steps;
    const first = steps[0];
    if (!first) continue;
    const signedOn = cal.isoOf(new Date(first.at.getTime() - 2 * HOUR));
    const consent = await recordConsent(tx, doer, state.id, consentInput(plan, site.name, signedOn, { kind: 'class', recipientClass: 'treating_providers' }), now, {
      at: new Date(first.at.getTime() - 2 * HOUR),
    });
    consents++;
    const org = rng.pick(moudOrgs.slice(0, 3));
    const stories: ReferralStory[] = [
      {
        input: referralCreateInput.parse({
          need: 'moud_treatment',
          resourceId: org.id,
          urgency: urgent ? 'urgent' : 'routine',
          notes: rng.pick([
            'Leaving custody this week; interested in buprenorphine. Please call the coach to book.',
            'Was on buprenorphine inside; needs a community prescriber to continue without a gap.',
            'Overdose last month. Wants to start medication as soon as possible.',
            null,
          ]),
        }),
        createdAt: new Date(first.at.getTime() - HOUR),
        steps: steps.map((s) => ({ at: s.at, transition: referralTransitionInput.parse(s.transition) })),
      },
    ];

    // A practical need too, with a consent naming that organization.
    if (!recent && rng.chance(0.35)) {
      const [need, category] = rng.pick(OTHER_NEEDS);
      const other = near(orgs, state.site, category)[0];
      if (other) {
        const on = addDays(sendOn, rng.int(2, 10));
        if (on < today) {
          const b = new StoryBuilder(now, rng);
          b.add(on, { to: 'sent' });
          if (rng.chance(0.7)) {
            b.add(addDays(on, 2), { to: 'accepted' });
            if (rng.chance(0.6)) b.add(addDays(on, 3), { to: 'appointment_scheduled', appointmentOn: addDays(on, 6), appointmentTime: '11:00', appointmentPlace: null });
          }
          const firstOther = b.steps[0];
          if (firstOther) {
            await recordConsent(
              tx,
              doer,
              state.id,
              consentInput(plan, site.name, cal.isoOf(firstOther.at), { kind: 'resource', resourceId: other.id }, { information: ['referral_information'], purposes: ['care_coordination'] }),
              now,
              { at: new Date(firstOther.at.getTime() - HOUR) },
            );
            consents++;
            stories.push({
              input: referralCreateInput.parse({ need, resourceId: other.id, urgency: 'routine', notes: null }),
              createdAt: new Date(firstOther.at.getTime() - HOUR / 2),
              steps: b.steps.map((s) => ({ at: s.at, transition: referralTransitionInput.parse(s.transition) })),
            });
          }
        }
      }
    }

    // A few revoke their consent some weeks later; a few court-referred people sign for probation reporting, irrevocable for six months.
    const lastStep = stories.flatMap((s) => s.steps).reduce((d, s) => (s.at > d ? s.at : d), first.at);
    const revokeOn = addDays(cal.isoOf(lastStep), rng.int(7, 40));
    if (!recent && rng.chance(0.08) && revokeOn < today) revocations.push({ actor: doer, participantId: state.id, consentId: consent.id, on: revokeOn });
    if (plan.input.referralSource === 'court' && rng.chance(0.5)) {
      await recordConsent(
        tx,
        doer,
        state.id,
        consentInput(plan, site.name, signedOn, { kind: 'class', recipientClass: 'treating_providers' }, {
          information: ['enrollment_and_attendance', 'moud_treatment'],
          purposes: ['court_or_probation_reporting'],
          expiresOn: null,
          expiryEvent: 'Completion of probation',
          irrevocableUntil: addDays(signedOn, 182),
        }),
        now,
        { at: new Date(first.at.getTime() - HOUR) },
      );
      consents++;
    }

    const group = byDoer.get(doer.userId) ?? { actor: doer, items: [] };
    group.items.push({ participantId: state.id, stories });
    byDoer.set(doer.userId, group);
  }

  let referrals = 0;
  for (const { actor, items } of byDoer.values()) referrals += await importReferrals(tx, actor, items, now);
  for (const r of revocations) {
    await revokeConsent(tx, r.actor, r.participantId, r.consentId, { revokedOn: r.on, note: 'Told the coach they no longer want their information shared' }, now, {
      at: new Date(Date.parse(`${r.on}T17:00:00Z`)),
    });
  }
  return { consents, referrals };
}
