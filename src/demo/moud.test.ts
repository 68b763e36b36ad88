import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoTestDatabase, type TestDatabase } from '../../test/support/database.ts';
import { linkageTime, retention } from '../core/moud.ts';
import { rowsOf } from '../server/db/database.ts';

const NOW = new Date('2026-03-02T15:00:00Z');
const TODAY = '2026-03-02';
let testDb: TestDatabase;

// The whole demo is seeded: on a busy machine that can take longer than the default hook timeout.
beforeAll(async () => {
  testDb = await createDemoTestDatabase(NOW);
}, 180_000);
afterAll(async () => testDb.drop());

interface Row {
  participantId: string;
  releaseDate: string | null;
  startedOn: string | null;
  endedOn: string | null;
}

async function episodesByParticipant() {
  const rows = rowsOf<Row>(
    await testDb.database.db.execute(sql`
      SELECT p.id AS "participantId", p.release_date::text AS "releaseDate", e.started_on::text AS "startedOn", e.ended_on::text AS "endedOn"
      FROM participants p LEFT JOIN moud_episodes e ON e.participant_id = p.id`),
  );
  const by = new Map<string, { releaseDate: string | null; episodes: { startedOn: string; endedOn: string | null }[] }>();
  for (const r of rows) {
    const entry = by.get(r.participantId) ?? { releaseDate: r.releaseDate, episodes: [] };
    if (r.startedOn) entry.episodes.push({ startedOn: r.startedOn, endedOn: r.endedOn });
    by.set(r.participantId, entry);
  }
  return [...by.values()];
}

describe('the demo’s MOUD episodes', () => {
  it('links most released people within days, some later, some never; nothing in the future', async () => {
    const people = await episodesByParticipant();
    const released = people.filter((p) => p.releaseDate);
    const linkage = released.map((p) => linkageTime({ releaseDate: p.releaseDate, edDischargeOn: null }, p.episodes, TODAY));
    const withinAWeek = linkage.filter((l) => l.status === 'continued' || (l.status === 'linked' && l.days <= 7)).length;
    const later = linkage.filter((l) => l.status === 'linked' && l.days > 7).length;
    const never = linkage.filter((l) => l.status === 'not_linked').length;
    expect(withinAWeek).toBeGreaterThan(released.length / 2);
    expect(later).toBeGreaterThan(0);
    expect(never).toBeGreaterThan(0);
    expect(people.filter((p) => p.episodes.length > 0).length).toBeGreaterThan(people.length / 2);
    const future = people.flatMap((p) => p.episodes).filter((e) => e.startedOn > TODAY || (e.endedOn !== null && e.endedOn > TODAY));
    expect(future).toEqual([]);
  });

  it('has people who stop and restart, with gaps on both sides of 14 days, and every retention status', async () => {
    const people = await episodesByParticipant();
    const gaps = people.flatMap((p) => {
      const sorted = [...p.episodes].sort((a, b) => a.startedOn.localeCompare(b.startedOn));
      return sorted.slice(1).flatMap((e, i) => {
        const before = sorted[i]?.endedOn;
        return before ? [Math.round((Date.parse(e.startedOn) - Date.parse(before)) / 86_400_000)] : [];
      });
    });
    expect(gaps).toContain(14);
    expect(gaps.some((g) => g > 14)).toBe(true);
    const statuses = new Set(people.flatMap((p) => retention(p.episodes, TODAY)?.marks.map((m) => `${m.days}:${m.status}`) ?? []));
    for (const s of ['30:retained', '30:not_retained', '90:retained', '90:not_retained', '180:not_yet']) expect(statuses).toContain(s);
  });

  it('audits each episode as recorded by a person (and each end)', async () => {
    const [counts] = rowsOf<{ episodes: number; creates: number; ended: number; ends: number; system: number }>(
      await testDb.database.db.execute(sql`
        SELECT (SELECT count(*)::int FROM moud_episodes) AS episodes,
          (SELECT count(*)::int FROM audit_events WHERE action = 'moud_episode.create') AS creates,
          (SELECT count(*)::int FROM moud_episodes WHERE ended_on IS NOT NULL) AS ended,
          (SELECT count(*)::int FROM audit_events WHERE action = 'moud_episode.end') AS ends,
          (SELECT count(*)::int FROM audit_events WHERE action LIKE 'moud_episode.%' AND actor_user_id IS NULL) AS system`),
    );
    expect(counts?.creates).toBe(counts?.episodes);
    expect(counts?.ends).toBe(counts?.ended);
    expect(counts?.system).toBe(0);
  });
});
