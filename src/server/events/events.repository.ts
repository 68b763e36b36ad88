import { and, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { CriticalEventKind } from '../../core/events.ts';
import { selectRows, type Queryable } from '../db/database.ts';
import { users } from '../users/users.table.ts';
import { criticalEvents } from './events.table.ts';
import { idRows } from '../db/id-list.ts';

export type CriticalEventValues = Omit<typeof criticalEvents.$inferInsert, 'id'>;

export async function insertEvent(q: Queryable, values: CriticalEventValues) {
  const [row] = await q.insert(criticalEvents).values(values).returning({ id: criticalEvents.id });
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function insertEvents(q: Queryable, values: readonly CriticalEventValues[]) {
  if (values.length === 0) return [];
  return q.insert(criticalEvents).values([...values]).returning({ id: criticalEvents.id });
}

/** A participant's events, latest first, with who recorded them. */
export async function loadEvents(q: Queryable, participantId: string, onlyId?: string) {
  return q
    .select({ row: criticalEvents, createdByName: users.name })
    .from(criticalEvents)
    .leftJoin(users, eq(users.id, criticalEvents.createdBy))
    .where(and(eq(criticalEvents.participantId, participantId), onlyId ? eq(criticalEvents.id, onlyId) : undefined))
    .orderBy(desc(criticalEvents.occurredOn), desc(criticalEvents.createdAt));
}

/** Events at these sites within [from, to] (reports), without names. */
export async function eventRows(q: Queryable, siteIds: readonly string[], from: string, to: string) {
  if (siteIds.length === 0) return [];
  return q
    .select({
      participantId: criticalEvents.participantId,
      siteId: criticalEvents.siteId,
      kind: criticalEvents.kind,
      occurredOn: criticalEvents.occurredOn,
      daysSinceRelease: criticalEvents.daysSinceRelease,
    })
    .from(criticalEvents)
    .where(and(inArray(criticalEvents.siteId, [...siteIds]), gte(criticalEvents.occurredOn, from), lte(criticalEvents.occurredOn, to)));
}

/** Each participant's latest event of these kinds on or after `since` (YYYY-MM-DD). Each id once. */
export async function latestEventRows(q: Queryable, participantIds: readonly string[], kinds: readonly CriticalEventKind[], since: string) {
  if (participantIds.length === 0 || kinds.length === 0) return [];
  return selectRows<{ participantId: string; occurredOn: string }>(
    q,
    sql`select ${criticalEvents.participantId} as "participantId", max(${criticalEvents.occurredOn})::text as "occurredOn"
      from ${idRows(participantIds)} as p(id)
      join ${criticalEvents} on ${criticalEvents.participantId} = p.id
      where ${and(inArray(criticalEvents.kind, [...kinds]), gte(criticalEvents.occurredOn, since))}
      group by ${criticalEvents.participantId}`,
  );
}
