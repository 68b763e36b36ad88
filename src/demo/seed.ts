/**
 * seedDemo(db, now): fills an empty database with the demonstration program —
 * sites, staff personas and ~200 participants — through the real services, so
 * that every record passes the same validation as one typed into the web page and
 * leaves the same audit trail. One transaction: all of it, or nothing.
 */
import { count, eq } from 'drizzle-orm';
import { participantCreateInput, participantUpdateInput, siteCreateInput, userCreateInput } from '../core/schemas.ts';
import type { Db, Queryable } from '../server/db/database.ts';
import { systemActor, type Actor } from '../server/http/actor.ts';
import { createParticipant, updateParticipant } from '../server/participants/participants.service.ts';
import { createSite } from '../server/sites/sites.service.ts';
import { createUser } from '../server/users/users.service.ts';
import { beginEnrollment, confirmEnrollment } from '../server/auth/mfa.service.ts';
import { totpCode } from '../server/auth/totp.ts';
import { users } from '../server/users/users.table.ts';
import { seedDemoAssessments } from './assessments.ts';
import { seedDemoContacts } from './contacts.ts';
import { seedDemoPlans } from './plans.ts';
import { seedDemoResources } from './resources.ts';
import { seedDemoEnrollments } from './enrollments.ts';
import { seedDemoMoud } from './moud.ts';
import { seedDemoNaloxone } from './naloxone.ts';
import { seedDemoReferrals } from './referrals.ts';
import { seedDemoSupervision } from './supervision.ts';
import { seedDemoStudies } from './studies.ts';
import { planParticipants, type PlannedChange, type PlannedParticipant } from './participants.ts';
import { DEMO_MFA_SECRET, DEMO_PASSWORD, PERSONA_LIST, PERSONAS, personaSiteIds, staffOf, type Persona } from './personas.ts';
import { DEMO_SITE_LIST, DEMO_SITES, type DemoSiteKey } from './sites.ts';
import type { Doer } from './timeline.ts';

export interface DemoSeedResult {
  sites: number;
  users: number;
  participants: number;
  /** Updates after enrollment: releases, new phone numbers, transfers. */
  changes: number;
  transfers: number;
  milliseconds: number;
}

/** The program began a little over a year before the demo is seeded. */
const PROGRAM_AGE_DAYS = 400;

/** True when the database has no users at all: the only state the demo seeds. */
export async function demoNeedsSeed(db: Queryable): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/** True when the demo's program administrator is there (the database holds the demo, not someone's real data). */
export async function holdsDemo(db: Queryable): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.id, PERSONAS.admin.id));
  return row !== undefined;
}

/**
 * The story is told as the staff lived it: a participant is enrolled by a coach or
 * case manager of their site, so the access history shows a person, not "system".
 * No session existed, so nothing in the trail claims a client address.
 */
function actorOf(p: Persona): Actor {
  return { userId: p.id, name: p.name, role: p.role, siteIds: personaSiteIds(p), via: 'session', tokenId: null, clientAddress: null };
}

function doerAt(by: Doer, site: DemoSiteKey): Actor {
  if (by.kind === 'hub') return actorOf(PERSONAS.admin);
  const team = staffOf(site);
  const persona = team[by.turn % team.length];
  if (!persona) throw new Error(`No coach or case manager at demo site ${site}`);
  return actorOf(persona);
}

type Step = { at: Date; order: number; plan: PlannedParticipant; change: PlannedChange | null };

export async function seedDemo(db: Db, now: Date): Promise<DemoSeedResult> {
  const started = performance.now();
  const programStart = new Date(now.getTime() - PROGRAM_AGE_DAYS * 86_400_000);
  const plans = planParticipants(now);
  // Every enrollment and every later change, in the order they happened.
  const steps: Step[] = plans.flatMap((plan, i) => [
    { at: plan.createdAt, order: i, plan, change: null },
    ...plan.changes.map((change) => ({ at: change.at, order: i, plan, change })),
  ]);
  steps.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);

  let changes = 0;
  let transfers = 0;
  await db.transaction(async (tx) => {
    if (!(await demoNeedsSeed(tx))) throw new Error('The demo seeds only an empty database, and this one already has users.');
    for (const s of DEMO_SITE_LIST) {
      const input = siteCreateInput.parse({ name: s.name, type: s.type, county: s.county, timeZone: s.timeZone });
      await createSite(tx, systemActor, input, programStart, { id: s.id });
    }
    const ctx = { now: programStart, invitationDays: 7, baseUrl: 'http://127.0.0.1:3000' };
    for (const p of PERSONA_LIST) {
      const input = userCreateInput.parse({
        email: p.email,
        name: p.name,
        role: p.role,
        siteIds: personaSiteIds(p),
        setup: { method: 'password', password: DEMO_PASSWORD },
      });
      await createUser(tx, systemActor, input, ctx, { id: p.id, mustChangePassword: false });
      // Program administrators must sign in with a second factor: theirs holds the published demo secret.
      if (p.role === 'program_admin') {
        await beginEnrollment(tx, actorOf(p), programStart, DEMO_MFA_SECRET);
        await confirmEnrollment(tx, actorOf(p), totpCode(DEMO_MFA_SECRET, programStart), programStart);
      }
    }
    // The directory exists before anyone is referred anywhere; the program director keeps it.
    await seedDemoResources(tx, actorOf(PERSONAS.admin), programStart);

    const current = new Map<string, { id: string; version: number; site: DemoSiteKey }>();
    for (const { plan, change, at } of steps) {
      if (!change) {
        const input = participantCreateInput.parse({ ...plan.input, siteId: DEMO_SITES[plan.site].id });
        const created = await createParticipant(tx, doerAt(plan.by, plan.site), input, at);
        current.set(plan.key, { id: created.id, version: created.version, site: plan.site });
        continue;
      }
      const state = current.get(plan.key);
      if (!state) throw new Error(`demo participant ${plan.key} changed before it was created`);
      const input = participantUpdateInput.parse({
        ...change.changes,
        ...(change.site ? { siteId: DEMO_SITES[change.site].id } : {}),
        version: state.version,
      });
      const updated = await updateParticipant(tx, doerAt(change.by, state.site), state.id, input, at);
      state.version = updated.version;
      changes++;
      if (change.site) {
        state.site = change.site;
        transfers++;
      }
    }
    await seedDemoContacts(tx, plans, current, now);
    await seedDemoPlans(tx, plans, current, now);
    await seedDemoEnrollments(tx, plans, current, now);
    await seedDemoAssessments(tx, plans, current, now);
    await seedDemoMoud(tx, plans, current, now);
    await seedDemoReferrals(tx, plans, current, now);
    await seedDemoNaloxone(tx, plans, current, now);
    await seedDemoStudies(tx, plans, current, now);
    await seedDemoSupervision(tx, now);
  });
  return {
    sites: DEMO_SITE_LIST.length,
    users: PERSONA_LIST.length,
    participants: plans.length,
    changes,
    transfers,
    milliseconds: Math.round(performance.now() - started),
  };
}
