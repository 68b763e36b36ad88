/**
 * The demo's contacts: for each participant, visits in custody before release, then
 * a few contacts a month once out (phone, text, in person) with unsuccessful
 * attempts among them; some people drift away and only attempts remain. Logged
 * through the contacts service in bulk, with a few corrections by addendum.
 */
import { CONTACT_SERVICES, contactCreateInput, type AttemptOutcome, type ContactCreateInput, type ContactLocation, type ContactMode, type ContactService } from '../core/contacts.ts';
import type { Tx } from '../server/db/database.ts';
import { addAddendum, logContacts } from '../server/contacts/contacts.service.ts';
import { systemActor, type Actor } from '../server/http/actor.ts';
import { attemptNote, DEMO_ADDENDA, reachedNote } from './contactNotes.ts';
import { personaSiteIds, staffOf, type Persona } from './personas.ts';
import { Random } from './random.ts';
import { DEMO_SITES, type DemoSiteKey } from './sites.ts';
import type { PlannedParticipant } from './timeline.ts';
import { Calendar } from './timeline.ts';

/** Only the most recent months of a long history are told, to keep the demo quick to seed. */
const HISTORY_DAYS = 150;

type Engagement = 'engaged' | 'drifting' | 'lost';

interface Planned {
  at: Date;
  by: Persona;
  input: ContactCreateInput;
}

const actorOf = (p: Persona): Actor => ({ userId: p.id, name: p.name, role: p.role, siteIds: personaSiteIds(p), via: 'session', tokenId: null, clientAddress: null });

function services(rng: Random, phase: 'custody' | 'out', mode: ContactMode): ContactService[] {
  const picked = new Set<ContactService>(['recovery_coaching']);
  if (rng.chance(0.4)) picked.add('case_management');
  if (phase === 'custody' && rng.chance(0.35)) picked.add('naloxone_training');
  if (phase === 'out' && mode === 'in_person') {
    for (const [s, p] of [['transportation', 0.2], ['benefits_insurance_help', 0.15], ['housing_help', 0.15], ['harm_reduction_supplies', 0.25], ['accompaniment_to_appointment', 0.15], ['employment_help', 0.08]] as const) {
      if (rng.chance(p)) picked.add(s);
    }
  }
  if (rng.chance(0.05)) picked.add('family_support');
  if (phase === 'out' && rng.chance(0.03)) picked.add('crisis_support');
  return CONTACT_SERVICES.filter((s) => picked.has(s));
}

function reached(rng: Random, at: Date, mode: ContactMode, locationType: ContactLocation, phase: 'custody' | 'out'): ContactCreateInput {
  const s = services(rng, phase, mode);
  const duration = mode === 'text' ? rng.int(2, 10) : mode === 'phone' ? rng.int(5, 30) : rng.int(20, 90);
  return contactCreateInput.parse({ occurredAt: at.toISOString(), durationMinutes: duration, mode, locationType, reached: true, services: s, note: reachedNote(rng, mode, s) });
}

function attempt(rng: Random, at: Date, lost: boolean): ContactCreateInput {
  const outcome = rng.weighted<AttemptOutcome>(lost ? [['no_answer', 4], ['left_message', 3], ['wrong_number', 2], ['not_at_location', 2]] : [['no_answer', 5], ['left_message', 4], ['wrong_number', 1], ['refused', 1]]);
  const visit = outcome === 'not_at_location';
  return contactCreateInput.parse({
    occurredAt: at.toISOString(),
    durationMinutes: visit ? rng.int(15, 40) : null,
    mode: visit ? 'in_person' : 'phone',
    locationType: visit ? rng.pick(['participant_home', 'community'] as const) : 'phone_or_virtual',
    reached: false,
    attemptOutcome: outcome,
    note: attemptNote(rng, outcome),
  });
}

function releasedOn(plan: PlannedParticipant): Date | null {
  const releaseDate = plan.changes.find((c) => c.changes.releaseDate)?.changes.releaseDate;
  return releaseDate ? new Date(`${releaseDate}T18:00:00Z`) : null;
}

/** One participant's contacts, oldest first. */
function planContacts(rng: Random, cal: Calendar, plan: PlannedParticipant, site: DemoSiteKey): Planned[] {
  if (plan.awaitingFirstVisit) return [];
  const team = staffOf(site);
  const type = DEMO_SITES[site].type;
  const out: Planned[] = [];
  const by = () => rng.pick(team);
  const daysAgo = (at: Date) => cal.daysBetween(at, cal.now);
  const start = Math.min(daysAgo(plan.createdAt), HISTORY_DAYS);
  const custody = plan.input.custodyStatus === 'in_custody';
  const release = custody ? releasedOn(plan) : null;
  const releaseDaysAgo = custody ? (release ? daysAgo(release) : 0) : start;
  const engagement = rng.weighted<Engagement>([['engaged', 62], ['drifting', 24], ['lost', 14]]);

  // The first meeting, the day they were enrolled (if within the history told).
  if (start === daysAgo(plan.createdAt) && start >= 1) {
    const at = plan.createdAt;
    const mode: ContactMode = custody ? 'in_custody' : 'in_person';
    const where: ContactLocation = custody ? (type === 'prison' ? 'prison' : 'jail') : type === 'emergency_department' ? 'emergency_department' : 'clinic';
    out.push({ at, by: by(), input: reached(rng, at, mode, where, custody ? 'custody' : 'out') });
  }
  let day = start - rng.int(3, 9);
  // In custody: a visit every week or two until release.
  while (custody && day > releaseDaysAgo && day >= 1) {
    const at = cal.daysAgo(day, rng);
    out.push({ at, by: by(), input: reached(rng, at, 'in_custody', type === 'prison' ? 'prison' : 'jail', 'custody') });
    day -= rng.int(6, 14);
  }
  // Out: several contacts a month; a drifting person stops answering after a while, a lost one soon.
  const outSince = Math.min(day, releaseDaysAgo);
  const quietAfter = engagement === 'engaged' ? -1 : engagement === 'drifting' ? outSince - rng.int(20, 60) : outSince - rng.int(3, 12);
  if (custody && release && releaseDaysAgo >= 1) day = Math.max(1, releaseDaysAgo - rng.int(0, 2));
  while (day >= 1 && (custody ? release !== null : true)) {
    const at = cal.daysAgo(day, rng);
    const quiet = quietAfter >= 0 && day < quietAfter;
    if (quiet || rng.chance(0.2)) {
      out.push({ at, by: by(), input: attempt(rng, at, quiet) });
      if (quiet && rng.chance(0.3)) break;
    } else {
      const mode = rng.weighted<ContactMode>([['in_person', 45], ['phone', 35], ['text', 12], ['video', 8]]);
      const where: ContactLocation = mode === 'in_person' ? rng.weighted<ContactLocation>([['community', 35], ['office', 25], ['participant_home', 20], ['clinic', 20]]) : 'phone_or_virtual';
      out.push({ at, by: by(), input: reached(rng, at, mode, where, 'out') });
    }
    day -= quiet ? rng.int(7, 14) : rng.int(4, 10);
  }
  // Someone engaged and out has usually been reached this week: the worklist should show the exceptions, not everyone.
  const lastReached = out.findLast((c) => c.input.reached);
  if (engagement === 'engaged' && (!custody || release) && lastReached && daysAgo(lastReached.at) >= 6 && rng.chance(0.85)) {
    const at = cal.daysAgo(rng.int(1, 5), rng);
    const inPerson = rng.chance(0.5);
    out.push({ at, by: by(), input: reached(rng, at, inPerson ? 'in_person' : 'phone', inPerson ? 'community' : 'phone_or_virtual', 'out') });
  }
  return out.filter((c) => c.at.getTime() >= plan.createdAt.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Logs every demo participant's contacts; returns how many. `current`: each plan's participant id and site now. */
export async function seedDemoContacts(
  tx: Tx,
  plans: readonly PlannedParticipant[],
  current: ReadonlyMap<string, { id: string; site: DemoSiteKey }>,
  now: Date,
): Promise<{ contacts: number; addenda: number }> {
  const rng = new Random(20_260_303);
  const cal = new Calendar(now);
  let contacts = 0;
  const corrected: { participantId: string; contactId: string; by: Persona; at: Date }[] = [];
  for (const plan of plans) {
    const state = current.get(plan.key);
    if (!state || staffOf(state.site).length === 0) continue;
    const planned = planContacts(rng, cal, plan, state.site);
    const ids = await logContacts(tx, systemActor, state.id, planned.map((p) => ({ input: p.input, by: actorOf(p.by), at: p.at })));
    contacts += ids.length;
    const noted = planned.findIndex((p) => p.input.reached && p.input.note);
    const contactId = ids[noted];
    const first = planned[noted];
    if (corrected.length < DEMO_ADDENDA.length && contactId && first && rng.chance(0.08)) {
      corrected.push({ participantId: state.id, contactId, by: first.by, at: new Date(first.at.getTime() + rng.int(2, 48) * 3_600_000) });
    }
  }
  for (const [i, c] of corrected.entries()) {
    const addendum = DEMO_ADDENDA[i];
    if (!addendum) continue;
    await addAddendum(tx, actorOf(c.by), c.participantId, c.contactId, addendum, new Date(Math.min(c.at.getTime(), now.getTime())));
  }
  return { contacts, addenda: corrected.length };
}
