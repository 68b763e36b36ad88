import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DischargeReason, EnrollmentPhase, InterviewKind } from '../../core/enrollments.ts';
import type { CustodyStatus, Role } from '../../core/enums.ts';
import { rowsOf, selectRows, type Queryable } from '../db/database.ts';
import { preparedSql } from '../db/prepared.ts';
import { sites } from '../sites/sites.table.ts';
import { userSites, users } from '../users/users.table.ts';
import { enrollmentInterviews, enrollmentPhases, enrollments } from './enrollments.table.ts';
import { idArray, inIds } from '../db/id-list.ts';

export type EnrollmentRow = typeof enrollments.$inferSelect;
export type EnrollmentValues = Omit<typeof enrollments.$inferInsert, 'id'>;

const coach = alias(users, 'coach');
const caseManager = alias(users, 'case_manager');

export interface EnrollmentBundle {
  row: EnrollmentRow;
  siteName: string;
  coachName: string | null;
  caseManagerName: string | null;
  phases: { phase: EnrollmentRow['phase']; startedOn: string }[];
  interviews: { kind: (typeof enrollmentInterviews.$inferSelect)['kind']; conductedOn: string }[];
}

/** A participant's episodes, newest first, with names, phase history and interviews. */
export async function loadEnrollments(q: Queryable, participantId: string, onlyId?: string): Promise<EnrollmentBundle[]> {
  const rows = await q
    .select({ row: enrollments, siteName: sites.name, coachName: coach.name, caseManagerName: caseManager.name })
    .from(enrollments)
    .innerJoin(sites, eq(sites.id, enrollments.siteId))
    .leftJoin(coach, eq(coach.id, enrollments.coachId))
    .leftJoin(caseManager, eq(caseManager.id, enrollments.caseManagerId))
    .where(and(eq(enrollments.participantId, participantId), onlyId ? eq(enrollments.id, onlyId) : undefined))
    .orderBy(desc(enrollments.enrolledOn), desc(enrollments.createdAt));
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.row.id);
  const phases = await q
    .select({ enrollmentId: enrollmentPhases.enrollmentId, phase: enrollmentPhases.phase, startedOn: enrollmentPhases.startedOn })
    .from(enrollmentPhases)
    .where(inIds(enrollmentPhases.enrollmentId, ids))
    .orderBy(asc(enrollmentPhases.startedOn), asc(enrollmentPhases.recordedAt));
  const interviews = await q
    .select({ enrollmentId: enrollmentInterviews.enrollmentId, kind: enrollmentInterviews.kind, conductedOn: enrollmentInterviews.conductedOn })
    .from(enrollmentInterviews)
    .where(inIds(enrollmentInterviews.enrollmentId, ids))
    .orderBy(asc(enrollmentInterviews.conductedOn));
  return rows.map((r) => ({
    ...r,
    phases: phases.filter((p) => p.enrollmentId === r.row.id).map(({ phase, startedOn }) => ({ phase, startedOn })),
    interviews: interviews.filter((i) => i.enrollmentId === r.row.id).map(({ kind, conductedOn }) => ({ kind, conductedOn })),
  }));
}

export async function findEnrollment(q: Queryable, participantId: string, id: string, options: { forUpdate?: boolean } = {}) {
  const query = q.select().from(enrollments).where(and(eq(enrollments.id, id), eq(enrollments.participantId, participantId)));
  const [row] = await (options.forUpdate ? query.for('update') : query);
  return row;
}

export async function findOpenEnrollment(q: Queryable, participantId: string) {
  const [row] = await q
    .select({ id: enrollments.id })
    .from(enrollments)
    .where(and(eq(enrollments.participantId, participantId), isNull(enrollments.dischargedOn)));
  return row;
}

/** The open episode's row, locked: a transfer releases its team. */
export async function openEpisodeRow(q: Queryable, participantId: string) {
  const [row] = await q
    .select()
    .from(enrollments)
    .where(and(eq(enrollments.participantId, participantId), isNull(enrollments.dischargedOn)))
    .for('update');
  return row;
}

export async function insertEnrollment(q: Queryable, values: EnrollmentValues): Promise<EnrollmentRow> {
  const [row] = await q.insert(enrollments).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

/** Changes the episode only if it is still at `version`; undefined when someone saved first. */
export async function updateEnrollmentRow(q: Queryable, id: string, version: number, values: Partial<EnrollmentValues>) {
  const [row] = await q
    .update(enrollments)
    .set({ ...values, version: version + 1 })
    .where(and(eq(enrollments.id, id), eq(enrollments.version, version)))
    .returning();
  return row;
}

export async function insertPhase(q: Queryable, values: typeof enrollmentPhases.$inferInsert): Promise<void> {
  await q.insert(enrollmentPhases).values(values);
}

export async function insertInterview(q: Queryable, values: typeof enrollmentInterviews.$inferInsert): Promise<void> {
  await q.insert(enrollmentInterviews).values(values);
}

/** The user if active, in that role and assigned to the site. */
export async function findTeamMember(q: Queryable, userId: string, role: Role, siteId: string) {
  const [row] = await q
    .select({ id: users.id })
    .from(users)
    .innerJoin(userSites, and(eq(userSites.userId, users.id), eq(userSites.siteId, siteId)))
    .where(and(eq(users.id, userId), eq(users.role, role), eq(users.active, true)));
  return row;
}

/** Active coaches and case managers assigned to a site, by name. */
export async function listTeamCandidates(q: Queryable, siteId: string) {
  return q
    .select({ id: users.id, name: users.name, role: users.role })
    .from(users)
    .innerJoin(userSites, and(eq(userSites.userId, users.id), eq(userSites.siteId, siteId)))
    .where(and(eq(users.active, true), inArray(users.role, ['coach', 'case_manager'])))
    .orderBy(asc(users.name));
}

/** An episode as the worklist reads it: dates as YYYY-MM-DD text, the two interviews its follow-up window depends on. */
interface EpisodeRow {
  id: string;
  participantId: string;
  /** 1 for the participant's latest episode in the lookback, then 2, 3… going back. */
  rank: number;
  enrolledOn: string;
  dischargedOn: string | null;
  dischargeReason: DischargeReason | null;
  phase: EnrollmentPhase;
  phaseStartedOn: string;
  firstName: string;
  lastName: string;
  preferredName: string | null;
  custodyStatus: CustodyStatus;
  releaseDate: string | null;
  expectedReleaseDate: string | null;
  siteId: string;
  intakeOn: string | null;
  followUpOn: string | null;
  /** The date at the site of the latest successful contact (any episode). */
  lastReachedOn: string | null;
}

type Interviews = { kind: InterviewKind; conductedOn: string }[];

export type WorklistEpisodeRow = EpisodeRow & {
  siteName: string;
  timeZone: string;
  interviews: Interviews;
  earlierEpisodes: { enrolledOn: string; dischargedOn: string | null; dischargeReason: DischargeReason | null; interviews: Interviews }[];
};

/**
 * The interviews the worklist's follow-up rule reads: the intake (the window counts from
 * it) and the 6-month follow-up itself. The discharge interview does not move that window.
 */
function followUpInterviews(r: EpisodeRow): Interviews {
  const out: Interviews = [];
  if (r.intakeOn !== null) out.push({ kind: 'intake', conductedOn: r.intakeOn });
  if (r.followUpOn !== null) out.push({ kind: 'follow_up_6m', conductedOn: r.followUpOn });
  return out;
}

const since = sql.placeholder('since');
const sitesParam = sql.placeholder('sites');
const assignedParam = sql.placeholder('assignedTo');

/**
 * The worklist's episodes, prepared (db/prepared.ts): planning the statement took 1.6
 * of its 7 ms for a coach's caseload. One statement for each shape: with or without a
 * site filter, with or without a team member.
 */
function episodesSql(bySites: boolean, byMember: boolean) {
  return sql`WITH scoped AS (
      SELECT e.id, e.participant_id, e.enrolled_on, e.discharged_on, e.discharge_reason, e.phase, e.phase_started_on,
        e.coach_id, e.case_manager_id, p.first_name, p.last_name, p.preferred_name, p.custody_status,
        p.release_date, p.expected_release_date, p.site_id,
        row_number() OVER (PARTITION BY e.participant_id ORDER BY e.enrolled_on DESC, e.created_at DESC)::int AS rank
      FROM enrollments e JOIN participants p ON p.id = e.participant_id
      WHERE (e.discharged_on IS NULL OR e.discharged_on >= ${since}::date)
        ${bySites ? sql`AND p.site_id = any(${sitesParam}::uuid[])` : sql``}
        ${
          // A caseload: only people who have had an episode with this person can have their latest one
          // with them, so the episodes are looked for among those few, not across every person of the sites.
          byMember
            ? sql`AND e.participant_id IN (SELECT a.participant_id FROM enrollments a WHERE a.coach_id = ${assignedParam}::uuid OR a.case_manager_id = ${assignedParam}::uuid)`
            : sql``
        }
    )
    SELECT sc.id, sc.participant_id AS "participantId", sc.rank, sc.enrolled_on::text AS "enrolledOn",
      sc.discharged_on::text AS "dischargedOn", sc.discharge_reason AS "dischargeReason", sc.phase,
      sc.phase_started_on::text AS "phaseStartedOn", sc.first_name AS "firstName",
      sc.last_name AS "lastName", sc.preferred_name AS "preferredName", sc.custody_status AS "custodyStatus",
      sc.release_date::text AS "releaseDate", sc.expected_release_date::text AS "expectedReleaseDate",
      sc.site_id AS "siteId", intake.conducted_on::text AS "intakeOn", follow_up.conducted_on::text AS "followUpOn",
      (lr.reached_at AT TIME ZONE s.time_zone)::date::text AS "lastReachedOn"
    FROM scoped sc
    JOIN sites s ON s.id = sc.site_id
    LEFT JOIN enrollment_interviews intake ON intake.enrollment_id = sc.id AND intake.kind = 'intake'
    LEFT JOIN enrollment_interviews follow_up ON follow_up.enrollment_id = sc.id AND follow_up.kind = 'follow_up_6m'
    LEFT JOIN participant_last_reached lr ON lr.participant_id = sc.participant_id
    WHERE ${byMember ? sql`sc.rank = 1 AND (sc.coach_id = ${assignedParam}::uuid OR sc.case_manager_id = ${assignedParam}::uuid)` : sql`sc.rank = 1`}
      OR (sc.rank > 1 AND sc.discharged_on IS NOT NULL)`;
}

type EpisodesValues = { since: string; sites: string | null; assignedTo: string | null };
const episodeStatements = [false, true].flatMap((bySites) =>
  [false, true].map((byMember) => preparedSql<EpisodesValues>(`worklist_episodes_${bySites ? 'sites' : 'all'}_${byMember ? 'member' : 'any'}`, episodesSql(bySites, byMember))),
);
const latestEpisodesStatement = (bySites: boolean, byMember: boolean) => episodeStatements[(bySites ? 2 : 0) + (byMember ? 1 : 0)] as (typeof episodeStatements)[number];

/**
 * Each participant's latest episode at these sites (null: every site), open or
 * discharged on or after `dischargedSince`, with what the worklist rules read,
 * and their earlier episodes discharged since then (the follow-up interview is
 * owed per enrollment). Scoped by the participant's current site, as every
 * participant query is. `assignedTo` filters on the latest episode's team, so a
 * former coach does not see someone through an old episode.
 *
 * One statement, read as plain rows: a supervisor of ten sites at a state's size
 * has 16,000 episodes here, and four statements (the latest episodes, the earlier
 * ones, their interviews, the last contacts) mapped by the query builder were most
 * of the request. Only what the rules and the ranking read comes for every episode;
 * the team and the last contact's instant are read for those shown (`episodeTeamRows`).
 */
export async function latestEpisodeRows(
  q: Queryable,
  siteIds: readonly string[] | null,
  options: { assignedTo?: string | undefined; dischargedSince: string },
): Promise<WorklistEpisodeRow[]> {
  if (siteIds?.length === 0) return [];
  const assignedTo = options.assignedTo;
  const statement = latestEpisodesStatement(siteIds !== null, assignedTo !== undefined);
  const rows = rowsOf<EpisodeRow>(
    await statement(q, { since: options.dischargedSince, sites: siteIds ? `{${siteIds.join(',')}}` : null, assignedTo: assignedTo ?? null }),
  );
  // The sites' names and zones shared by reference, not read once per episode.
  const siteRows = await selectRows<{ id: string; name: string; timeZone: string }>(
    q,
    sql`SELECT id, name, time_zone AS "timeZone" FROM sites ${siteIds ? sql`WHERE id = any(${idArray(siteIds)})` : sql``}`,
  );
  const siteById = new Map(siteRows.map((site) => [site.id, site]));
  // Appended in place: a supervisor's worklist groups tens of thousands of rows here.
  const earlierBy = new Map<string, EpisodeRow[]>();
  for (const r of rows) {
    if (r.rank === 1) continue;
    const list = earlierBy.get(r.participantId);
    if (list) list.push(r);
    else earlierBy.set(r.participantId, [r]);
  }
  // The rows are completed in place rather than copied: at 16,000 episodes the copies were a tenth of the request.
  const latest: WorklistEpisodeRow[] = [];
  for (const r of rows) {
    if (r.rank !== 1) continue;
    const earlier = earlierBy.get(r.participantId) ?? [];
    // Latest first, as the episodes were numbered.
    if (earlier.length > 1) earlier.sort((a, b) => a.rank - b.rank);
    const episode = r as WorklistEpisodeRow;
    const site = siteById.get(r.siteId);
    episode.siteName = site?.name ?? '';
    episode.timeZone = site?.timeZone ?? 'UTC';
    episode.interviews = followUpInterviews(r);
    episode.earlierEpisodes = earlier.map((e) => ({ enrolledOn: e.enrolledOn, dischargedOn: e.dischargedOn, dischargeReason: e.dischargeReason, interviews: followUpInterviews(e) }));
    latest.push(episode);
  }
  return latest;
}

/**
 * The team and the last successful contact of the episodes a worklist shows (at most
 * a page of them). The last contact is looked up per episode: joined, PostgreSQL read
 * all 50,000 people's rows to keep 200 (10–13 ms against about 1).
 */
export async function episodeTeamRows(q: Queryable, enrollmentIds: readonly string[]) {
  if (enrollmentIds.length === 0) return new Map<string, EpisodeTeam>();
  const rows = await selectRows<EpisodeTeam & { id: string }>(
    q,
    sql`SELECT e.id, e.coach_id AS "coachId", coach.name AS "coachName", e.case_manager_id AS "caseManagerId", cm.name AS "caseManagerName",
        (SELECT to_char(lr.reached_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') FROM participant_last_reached lr
          WHERE lr.participant_id = e.participant_id) AS "lastReachedAt"
      FROM enrollments e
      LEFT JOIN users coach ON coach.id = e.coach_id
      LEFT JOIN users cm ON cm.id = e.case_manager_id
      WHERE e.id = any(${idArray(enrollmentIds)})`,
  );
  return new Map(rows.map(({ id, ...team }) => [id, team]));
}

export interface EpisodeTeam {
  coachId: string | null;
  coachName: string | null;
  caseManagerId: string | null;
  caseManagerName: string | null;
  /** The latest successful contact (any episode), as an ISO instant. */
  lastReachedAt: string | null;
}
