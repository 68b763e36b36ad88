/**
 * The demo's supervision: a year of sessions. Marcus Bell, the hub's clinical
 * supervisor, meets one of his five county-jail staff each week and holds a
 * group consultation about once a month; Denise Washington, the program
 * director, supervises the prison and emergency-department staff every other
 * week, with a group every two months — about 100 sessions, mostly individual.
 * Each supervisor codes their own sessions within a few days; about a third are
 * coded a second time by the other (who mostly agrees), and the older ones of
 * those reconciled. Themes follow the seasons a little: housing in winter,
 * burnout in late summer, grief and loss after a spring with several deaths.
 * Deterministic (a seeded generator), written in batches through the service's import.
 */
import type { SessionKind } from '../core/supervision.ts';
import type { Tx } from '../server/db/database.ts';
import type { Actor } from '../server/http/actor.ts';
import { importSupervisionSessions, type ImportedSession } from '../server/supervision/supervision.service.ts';
import { PERSONAS, personaSiteIds, type Persona } from './personas.ts';
import { Random } from './random.ts';

/** The starting codebook's fixed ids (drizzle/0015_supervision_codebook.sql). */
const T = {
  selfCare: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30001',
  emotional: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30002',
  boundaries: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30003',
  crisis: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30004',
  grief: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30005',
  navigation: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30006',
  housing: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30007',
  moud: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30008',
  justice: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30009',
  stigma: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30010',
  training: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30011',
  documentation: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30012',
  team: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30013',
  safety: '5e7b1c20-6d3f-4a8e-9b21-c0d1e2f30014',
} as const;
type ThemeKey = keyof typeof T;

const NOTES: Record<SessionKind, readonly string[]> = {
  individual: [
    'Reviewed the caseload and the week ahead; talked through a hard conversation with a family member.',
    'Check-in on workload and self-care; planned time off after a difficult stretch.',
    'Talked about keeping boundaries when a participant asks for personal help.',
    'Went over documentation backlog and how to write contact notes faster.',
    'Debriefed an overdose response; what went well, what to do differently.',
    'Worked through a release-day plan when the MOUD clinic had no same-day intake.',
  ],
  group_consultation: [
    'Case consultation: two teams compared how they hand people over at release.',
    'Group reflected on stigma at a partner agency and how to respond.',
    'Skills practice: motivational interviewing role plays.',
    'Team talked about the deaths this season and how each is coping.',
    'Reviewed safety on home visits and what to do when a visit feels unsafe.',
  ],
};

const FOLLOW_UPS = [
  'Call the MOUD clinic about same-day intake',
  'Share the home-visit safety checklist',
  'Book the naloxone refresher training',
  'Catch up on contact notes from last week',
  'Ask the housing navigator about the shelter waitlist',
  'Take the afternoon off that was planned',
] as const;

const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** How likely each theme is this month (1–12) in this kind of session. */
function weights(month: number, kind: SessionKind): [ThemeKey, number][] {
  const winter = month === 12 || month <= 2;
  return [
    ['selfCare', month >= 7 && month <= 9 ? 5 : 2.5],
    ['emotional', 2.5],
    ['boundaries', 2],
    ['crisis', 2],
    ['grief', month >= 3 && month <= 5 ? 4 : 1],
    ['navigation', 2],
    ['housing', winter ? 5 : 2],
    ['moud', 3],
    ['justice', 2],
    ['stigma', 1.5],
    ['training', kind === 'group_consultation' ? 3.5 : 1],
    ['documentation', 1.5],
    ['team', kind === 'group_consultation' ? 4 : 1],
    ['safety', 1],
  ];
}

function themesFor(rng: Random, month: number, kind: SessionKind): ThemeKey[] {
  const n = rng.weighted([
    [1, 2],
    [2, 4],
    [3, 3],
    [4, 1],
  ] as const);
  const chosen = new Set<ThemeKey>();
  const w = weights(month, kind);
  while (chosen.size < n) chosen.add(rng.weighted(w));
  return [...chosen];
}

interface Plan {
  kind: SessionKind;
  on: Date;
  supervisor: Persona;
  attendees: Persona[];
}

function planYear(now: Date, rng: Random): Plan[] {
  const marcusTeam = [PERSONAS.cookCoach, PERSONAS.cookCaseManager, PERSONAS.lakeCoach, PERSONAS.lakeCaseManager, PERSONAS.countyCoach];
  const deniseTeam = [PERSONAS.prisonCoach, PERSONAS.prisonCaseManager, PERSONAS.edCoach, PERSONAS.edCaseManager];
  const plans: Plan[] = [];
  // Week 0 starts 52 weeks before today.
  const start = addDays(now, -364);
  for (let w = 0; w < 52; w++) {
    const monday = addDays(start, w * 7);
    plans.push({ kind: 'individual', on: addDays(monday, 1), supervisor: PERSONAS.supervisor, attendees: [marcusTeam[w % marcusTeam.length] as Persona] });
    if (w % 2 === 0) plans.push({ kind: 'individual', on: addDays(monday, 3), supervisor: PERSONAS.admin, attendees: [deniseTeam[(w / 2) % deniseTeam.length] as Persona] });
    if (w % 4 === 1) {
      const size = rng.int(3, marcusTeam.length);
      plans.push({ kind: 'group_consultation', on: addDays(monday, 2), supervisor: PERSONAS.supervisor, attendees: marcusTeam.slice(0, size) });
    }
    if (w % 8 === 3) {
      // The prison and ED staff, joined by the coach who covers two county jails.
      plans.push({ kind: 'group_consultation', on: addDays(monday, 4), supervisor: PERSONAS.admin, attendees: [...deniseTeam, PERSONAS.countyCoach] });
    }
  }
  return plans.filter((p) => p.on < now);
}

const at = (d: Date, hourUtc: number) => new Date(`${day(d)}T${String(hourUtc).padStart(2, '0')}:00:00Z`);
const notAfter = (d: Date, now: Date) => (d > now ? now : d);

export async function seedDemoSupervision(tx: Tx, now: Date): Promise<number> {
  const rng = new Random(20_261_124);
  const admin = PERSONAS.admin;
  const actor: Actor = { userId: admin.id, name: admin.name, role: admin.role, siteIds: personaSiteIds(admin), via: 'session', tokenId: null, clientAddress: null };
  const items: ImportedSession[] = planYear(now, rng).map((p) => {
    const month = p.on.getUTCMonth() + 1;
    const themes = themesFor(rng, month, p.kind);
    const other = p.supervisor.id === PERSONAS.supervisor.id ? PERSONAS.admin : PERSONAS.supervisor;
    const codedAt = notAfter(at(addDays(p.on, rng.int(0, 3)), 22), now);
    const codings: ImportedSession['codings'][number][] = [{ coderId: p.supervisor.id, themeIds: themes.map((k) => T[k]), at: codedAt }];
    let final: ImportedSession['final'] = null;
    const ageDays = (now.getTime() - p.on.getTime()) / 86_400_000;
    if (ageDays > 7 && rng.chance(0.33)) {
      // The second coder mostly agrees, sometimes misses a theme or adds one.
      const second = new Set(themes.filter(() => rng.chance(0.85)));
      if (rng.chance(0.3)) second.add(rng.weighted(weights(month, p.kind)));
      if (second.size === 0) second.add(themes[0] as ThemeKey);
      const secondAt = notAfter(at(addDays(p.on, rng.int(4, 7)), 21), now);
      codings.push({ coderId: other.id, themeIds: [...second].map((k) => T[k]), at: secondAt });
      if (ageDays > 21 && rng.chance(0.85)) {
        const settled = new Set([...themes, ...[...second].filter(() => rng.chance(0.5))]);
        final = { coderId: p.supervisor.id, themeIds: [...settled].map((k) => T[k]), at: notAfter(addDays(secondAt, rng.int(1, 6)), now) };
      }
    }
    const attendee = p.attendees[0] as Persona;
    const due = addDays(p.on, 14);
    return {
      input: {
        kind: p.kind,
        heldOn: day(p.on),
        durationMinutes: p.kind === 'individual' ? rng.pick([30, 45, 45, 50, 60]) : rng.pick([60, 75, 90, 90]),
        supervisorId: p.supervisor.id,
        attendeeIds: p.attendees.map((a) => a.id),
        participantIds: [],
        notes: rng.pick(NOTES[p.kind]),
        followUps: rng.chance(0.4) ? [{ description: rng.pick(FOLLOW_UPS), ownerId: attendee.id, dueOn: day(due), done: due < now && rng.chance(0.85) }] : [],
      },
      at: notAfter(at(p.on, 21), now),
      codings,
      final,
    };
  });
  return importSupervisionSessions(tx, actor, items, now);
}
