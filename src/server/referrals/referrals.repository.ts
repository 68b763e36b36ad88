import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { ReferralStatus } from '../../core/referrals.ts';
import type { Queryable } from '../db/database.ts';
import { rowsOf } from '../db/database.ts';
import { idRows } from '../db/id-list.ts';
import { preparedQuery } from '../db/prepared.ts';
import { users } from '../users/users.table.ts';
import { referralEvents, referrals } from './referrals.table.ts';

export type ReferralRow = typeof referrals.$inferSelect;
export type ReferralValues = Omit<typeof referrals.$inferInsert, 'id'> & { id?: string };
export type ReferralEventRow = typeof referralEvents.$inferSelect;
export type ReferralEventValues = Omit<typeof referralEvents.$inferInsert, 'id'>;

const creator = alias(users, 'creator');

const referralsWhere = (q: Queryable, where: SQL | undefined) =>
  q
    .select({ row: referrals, createdByName: creator.name })
    .from(referrals)
    .leftJoin(creator, eq(creator.id, referrals.createdBy))
    .where(where)
    .orderBy(desc(referrals.createdAt), desc(referrals.id));

// Every referral of a person, read for every participant's page: prepared (src/server/db/prepared.ts).
const allReferralsOf = preparedQuery('referrals_of_participant', (q) => referralsWhere(q, eq(referrals.participantId, sql.placeholder('participantId'))));

export async function loadReferrals(q: Queryable, participantId: string, statuses?: readonly ReferralStatus[]) {
  if (!statuses?.length) return allReferralsOf(q, { participantId });
  return referralsWhere(q, and(eq(referrals.participantId, participantId), inArray(referrals.status, [...statuses])));
}

export async function loadReferral(q: Queryable, id: string) {
  const [row] = await q
    .select({ row: referrals, createdByName: creator.name })
    .from(referrals)
    .leftJoin(creator, eq(creator.id, referrals.createdBy))
    .where(eq(referrals.id, id));
  return row;
}

export async function findReferral(q: Queryable, id: string, options: { forUpdate?: boolean } = {}) {
  const query = q.select().from(referrals).where(eq(referrals.id, id));
  const [row] = await (options.forUpdate ? query.for('update') : query);
  return row;
}

export async function loadEvents(q: Queryable, referralId: string) {
  return q
    .select({ row: referralEvents, byName: users.name })
    .from(referralEvents)
    .leftJoin(users, eq(users.id, referralEvents.by))
    .where(eq(referralEvents.referralId, referralId))
    .orderBy(asc(referralEvents.version));
}

export async function insertReferrals(q: Queryable, values: readonly ReferralValues[]): Promise<ReferralRow[]> {
  if (values.length === 0) return [];
  return q.insert(referrals).values([...values]).returning();
}

export async function insertEvents(q: Queryable, values: readonly ReferralEventValues[]): Promise<void> {
  for (let i = 0; i < values.length; i += 1000) await q.insert(referralEvents).values(values.slice(i, i + 1000));
}

/** Changes the referral only if it is still at `version`; undefined when someone saved first. */
export async function updateReferralRow(q: Queryable, id: string, version: number, values: Partial<ReferralValues>) {
  const [row] = await q
    .update(referrals)
    .set({ ...values, version: version + 1 })
    .where(and(eq(referrals.id, id), eq(referrals.version, version)))
    .returning();
  return row;
}

/** Open referrals of these participants (each id once) whose last step was at or before `movedBy` (partial index on open referrals). */
export async function openReferralsMovedBy(q: Queryable, participantIds: readonly string[], movedBy: Date) {
  if (participantIds.length === 0) return [];
  const result = await q.execute(sql`
    select r.id as "referralId", r.participant_id as "participantId", r.resource_name as "resourceName",
           r.status, r.urgency, r.need, r.moved_at as "movedAt"
    from ${idRows(participantIds)} as p(id)
    join ${referrals} r on r.participant_id = p.id
    where r.status not in ('completed', 'closed') and r.moved_at <= ${movedBy.toISOString()}::timestamptz
    order by r.moved_at`);
  return rowsOf<{ referralId: string; participantId: string; resourceName: string; status: ReferralStatus; urgency: string; need: string; movedAt: string | Date }>(
    result,
  );
}

/** The least MOUD-referral appointment date on or after each participant's `since`. */
export async function moudAppointmentRows(q: Queryable, items: readonly { participantId: string; since: string }[]) {
  if (items.length === 0) return [];
  const result = await q.execute(sql`
    select r.participant_id as "participantId", min(r.appointment_on)::text as "appointmentOn"
    from json_to_recordset(${JSON.stringify(items)}::json) as i("participantId" uuid, since date)
    join ${referrals} r on r.participant_id = i."participantId"
    where r.need = 'moud_treatment' and r.status in ('appointment_scheduled', 'attended', 'completed')
      and r.appointment_on >= i.since
    group by r.participant_id`);
  return rowsOf<{ participantId: string; appointmentOn: string }>(result);
}
