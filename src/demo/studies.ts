/**
 * The demo's study: "Critical Time Intervention vs naloxone only", 1:1, blocks of
 * 2, 4 or 6, stratified by site. Started five months before the demo day; every
 * participant enrolled since then whose episode is still open was randomized by
 * their site's coach or case manager the day after enrollment. Through the
 * service, with the demo's seeded random numbers instead of crypto randomness, so
 * the demo is the same every time.
 */
import { addDays } from '../core/enrollments.ts';
import { and, gte, isNull } from 'drizzle-orm';
import type { Tx } from '../server/db/database.ts';
import { enrollments } from '../server/enrollments/enrollments.table.ts';
import type { Actor } from '../server/http/actor.ts';
import { createStudy, randomize, updateStudy } from '../server/studies/studies.service.ts';
import { DEMO_SEED } from './participants.ts';
import { PERSONAS, personaSiteIds, staffOf, type Persona } from './personas.ts';
import { Random } from './random.ts';
import { DEMO_SITES, type DemoSiteKey } from './sites.ts';
import type { PlannedParticipant } from './timeline.ts';

const actorOf = (p: Persona): Actor => ({ userId: p.id, name: p.name, role: p.role, siteIds: personaSiteIds(p), via: 'session', tokenId: null, clientAddress: null });

export const DEMO_STUDY_NAME = 'Critical Time Intervention vs naloxone only';
const STUDY_AGE_DAYS = 150;

export async function seedDemoStudies(
  tx: Tx,
  plans: readonly PlannedParticipant[],
  current: ReadonlyMap<string, { id: string; site: DemoSiteKey }>,
  now: Date,
): Promise<{ assigned: number }> {
  const rng = new Random(DEMO_SEED + 11);
  const startedAt = new Date(now.getTime() - STUDY_AGE_DAYS * 86_400_000);
  const since = startedAt.toISOString().slice(0, 10);
  const admin = actorOf(PERSONAS.admin);
  const draft = await createStudy(
    tx,
    admin,
    {
      name: DEMO_STUDY_NAME,
      description: 'Coach + case manager pairs using Critical Time Intervention after release, compared with naloxone and a resource list only. Outcome: retention in MOUD at 180 days.',
      arms: [
        { key: 'cti', label: 'Coach + case manager with CTI', ratio: 1 },
        { key: 'naloxone_only', label: 'Naloxone only', ratio: 1 },
      ],
      strataFactors: ['site'],
      blockSizes: [2, 4, 6],
    },
    startedAt,
  );
  const study = await updateStudy(tx, admin, draft.id, { version: draft.version, status: 'active' }, startedAt);

  // The open episodes begun since the study started, in the demo's own (fixed) order.
  const open = await tx
    .select({ participantId: enrollments.participantId, enrolledOn: enrollments.enrolledOn })
    .from(enrollments)
    .where(and(isNull(enrollments.dischargedOn), gte(enrollments.enrolledOn, since)));
  const enrolledOn = new Map(open.map((e) => [e.participantId, e.enrolledOn]));
  const people = plans
    .map((plan) => current.get(plan.key))
    .filter((s): s is { id: string; site: DemoSiteKey } => s !== undefined && enrolledOn.has(s.id) && DEMO_SITES[s.site].type !== 'hub')
    .map((s) => ({ ...s, on: enrolledOn.get(s.id) ?? since }))
    .sort((a, b) => a.on.localeCompare(b.on));

  let assigned = 0;
  for (const p of people) {
    const doer = staffOf(p.site)[0];
    if (!doer) continue;
    const at = new Date(Math.min(new Date(`${addDays(p.on, 1)}T16:00:00Z`).getTime(), now.getTime()));
    await randomize(tx, actorOf(doer), study.id, { participantId: p.id }, at, () => rng.next());
    assigned++;
  }
  return { assigned };
}
