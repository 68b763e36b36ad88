import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/database.ts';
import { enrollments } from '../enrollments/enrollments.table.ts';
import { criticalEvents } from '../events/events.table.ts';
import { users } from '../users/users.table.ts';
import { moudEpisodes } from './moud.table.ts';

export type MoudEpisodeRow = typeof moudEpisodes.$inferSelect;
export type MoudEpisodeValues = Omit<typeof moudEpisodes.$inferInsert, 'id'>;

const creator = alias(users, 'creator');
const updater = alias(users, 'updater');

export interface MoudEpisodeBundle {
  row: MoudEpisodeRow;
  createdByName: string | null;
  updatedByName: string | null;
}

/** A participant's episodes, earliest start first, with the names of who recorded and last changed them. */
export async function loadEpisodes(q: Queryable, participantId: string, onlyId?: string): Promise<MoudEpisodeBundle[]> {
  return q
    .select({ row: moudEpisodes, createdByName: creator.name, updatedByName: updater.name })
    .from(moudEpisodes)
    .leftJoin(creator, eq(creator.id, moudEpisodes.createdBy))
    .leftJoin(updater, eq(updater.id, moudEpisodes.updatedBy))
    .where(and(eq(moudEpisodes.participantId, participantId), onlyId ? eq(moudEpisodes.id, onlyId) : undefined))
    .orderBy(asc(moudEpisodes.startedOn), asc(moudEpisodes.createdAt));
}

export async function findEpisode(q: Queryable, participantId: string, id: string, options: { forUpdate?: boolean } = {}) {
  const query = q.select().from(moudEpisodes).where(and(eq(moudEpisodes.id, id), eq(moudEpisodes.participantId, participantId)));
  const [row] = await (options.forUpdate ? query.for('update') : query);
  return row;
}

export async function insertEpisodes(q: Queryable, values: readonly MoudEpisodeValues[]): Promise<MoudEpisodeRow[]> {
  if (values.length === 0) return [];
  return q.insert(moudEpisodes).values([...values]).returning();
}

/** Changes the episode only if it is still at `version`; undefined when someone saved first. */
export async function updateEpisodeRow(q: Queryable, id: string, version: number, values: Partial<MoudEpisodeValues>) {
  const [row] = await q
    .update(moudEpisodes)
    .set({ ...values, version: version + 1 })
    .where(and(eq(moudEpisodes.id, id), eq(moudEpisodes.version, version)))
    .returning();
  return row;
}

/**
 * The participant's first enrollment: its date and referral source. Read from the
 * enrollments table (not through its service, whose reads audit as enrollment
 * reads) as part of the MOUD read the caller audits.
 */
export async function firstEnrollment(q: Queryable, participantId: string) {
  const [row] = await q
    .select({ enrolledOn: enrollments.enrolledOn, referralSource: enrollments.referralSource })
    .from(enrollments)
    .where(eq(enrollments.participantId, participantId))
    .orderBy(asc(enrollments.enrolledOn), asc(enrollments.createdAt))
    .limit(1);
  return row;
}

/** The dates of the participant's recorded ED visits (critical events), read as part of the MOUD read the caller audits. */
export async function edVisitDates(q: Queryable, participantId: string): Promise<string[]> {
  const rows = await q
    .select({ on: criticalEvents.occurredOn })
    .from(criticalEvents)
    .where(and(eq(criticalEvents.participantId, participantId), eq(criticalEvents.kind, 'ed_visit')));
  return rows.map((r) => r.on);
}

/**
 * For each participant, the least start date among their episodes not ended
 * before their `since`: an episode ongoing at `since` (which started earlier)
 * wins over one starting on or after it. One statement for any number of
 * participants: the list travels as a single JSON parameter.
 */
export async function firstStartRows(q: Queryable, items: readonly { participantId: string; since: string }[]) {
  if (items.length === 0) return [];
  const result = await q.execute(sql`
    select e.participant_id as "participantId", min(e.started_on)::text as "startedOn"
    from json_to_recordset(${JSON.stringify(items)}::json) as i("participantId" uuid, since date)
    join ${moudEpisodes} e on e.participant_id = i."participantId"
    where e.ended_on is null or e.ended_on >= i.since
    group by e.participant_id`);
  return rowsOf<{ participantId: string; startedOn: string }>(result);
}
