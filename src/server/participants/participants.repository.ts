import { and, asc, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { ParticipantCreateInput, ParticipantDetail, ParticipantSummary } from '../../core/schemas.ts';
import type { Queryable } from '../db/database.ts';
import { preparedQuery } from '../db/prepared.ts';
import { sites } from '../sites/sites.table.ts';
import { participants, participantSiteHistory } from './participants.table.ts';
import type { SearchTerm } from './participants.search.ts';

export type ParticipantRow = typeof participants.$inferSelect;
export type ParticipantValues = Omit<typeof participants.$inferInsert, 'id'>;

const summaryColumns = {
  id: participants.id,
  siteId: participants.siteId,
  siteName: sites.name,
  firstName: participants.firstName,
  lastName: participants.lastName,
  preferredName: participants.preferredName,
  dateOfBirth: participants.dateOfBirth,
  phone: participants.phone,
  custodyStatus: participants.custodyStatus,
  expectedReleaseDate: participants.expectedReleaseDate,
  releaseDate: participants.releaseDate,
};

function siteScope(siteFilter: string[] | null): SQL | undefined {
  return siteFilter === null ? undefined : inArray(participants.siteId, siteFilter);
}

// Read before nearly every request about a person: prepared (src/server/db/prepared.ts).
const participantById = preparedQuery<{ id: string }, ParticipantRow[]>('participant_by_id', (q) =>
  q.select().from(participants).where(eq(participants.id, sql.placeholder('id'))),
);
const participantByIdAtSites = preparedQuery<{ id: string; sites: string[] }, ParticipantRow[]>('participant_by_id_at_sites', (q) =>
  q
    .select()
    .from(participants)
    .where(and(eq(participants.id, sql.placeholder('id')), sql`${participants.siteId} = any(${sql.placeholder('sites')}::uuid[])`)),
);

export async function findVisibleParticipant(
  q: Queryable,
  id: string,
  siteFilter: string[] | null,
  options: { forUpdate?: boolean } = {},
): Promise<ParticipantRow | undefined> {
  if (options.forUpdate) {
    const [locked] = await q.select().from(participants).where(and(eq(participants.id, id), siteScope(siteFilter))).for('update');
    return locked;
  }
  const [row] = await (siteFilter === null ? participantById(q, { id }) : participantByIdAtSites(q, { id, sites: siteFilter }));
  return row;
}

/** Of these participants, the ones at the given sites (null: any), with their names and site. */
export async function findVisibleParticipantRefs(q: Queryable, ids: readonly string[], siteFilter: string[] | null) {
  if (ids.length === 0) return [];
  return q
    .select({ id: participants.id, firstName: participants.firstName, lastName: participants.lastName, preferredName: participants.preferredName, siteId: participants.siteId })
    .from(participants)
    .where(and(inArray(participants.id, [...ids]), siteScope(siteFilter)));
}

// Read for every participant's page: prepared (src/server/db/prepared.ts).
const siteHistoryOf = preparedQuery('participant_site_history', (q) =>
  q
    .select({
      siteId: participantSiteHistory.siteId,
      siteName: sites.name,
      startedAt: participantSiteHistory.startedAt,
      endedAt: participantSiteHistory.endedAt,
    })
    .from(participantSiteHistory)
    .innerJoin(sites, eq(sites.id, participantSiteHistory.siteId))
    .where(eq(participantSiteHistory.participantId, sql.placeholder('participantId')))
    .orderBy(asc(participantSiteHistory.startedAt)),
);

export async function loadDetail(q: Queryable, row: ParticipantRow): Promise<ParticipantDetail> {
  const history = await siteHistoryOf(q, { participantId: row.id });
  const current = history.find((h) => h.siteId === row.siteId && h.endedAt === null);
  const [site] = current ? [{ name: current.siteName }] : await q.select({ name: sites.name }).from(sites).where(eq(sites.id, row.siteId));
  return {
    id: row.id,
    siteId: row.siteId,
    siteName: site?.name ?? '',
    firstName: row.firstName,
    lastName: row.lastName,
    preferredName: row.preferredName,
    dateOfBirth: row.dateOfBirth,
    gender: row.gender,
    race: row.race,
    ethnicity: row.ethnicity,
    preferredLanguage: row.preferredLanguage,
    phone: row.phone,
    email: row.email,
    custodyStatus: row.custodyStatus,
    expectedReleaseDate: row.expectedReleaseDate,
    releaseDate: row.releaseDate,
    referralSource: row.referralSource,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    siteHistory: history.map((h) => ({
      siteId: h.siteId,
      siteName: h.siteName,
      startedAt: h.startedAt.toISOString(),
      endedAt: h.endedAt?.toISOString() ?? null,
    })),
  };
}

export async function insertParticipant(q: Queryable, values: ParticipantValues): Promise<ParticipantRow> {
  const [row] = await q.insert(participants).values(values).returning();
  if (!row) throw new Error('insert returned no row');
  return row;
}

export async function updateParticipantRow(
  q: Queryable,
  id: string,
  expectedVersion: number,
  values: Partial<ParticipantValues>,
): Promise<ParticipantRow | undefined> {
  const [row] = await q
    .update(participants)
    .set({ ...values, version: expectedVersion + 1 })
    .where(and(eq(participants.id, id), eq(participants.version, expectedVersion)))
    .returning();
  return row;
}

export async function openSiteHistory(q: Queryable, participantId: string, siteId: string, at: Date, by: string | null) {
  await q
    .update(participantSiteHistory)
    .set({ endedAt: at })
    .where(and(eq(participantSiteHistory.participantId, participantId), isNull(participantSiteHistory.endedAt)));
  await q.insert(participantSiteHistory).values({ participantId, siteId, startedAt: at, changedBy: by });
}

/** Keyset position in the alphabetical list. */
export async function listAlphabetical(
  q: Queryable,
  siteFilter: string[] | null,
  limit: number,
  afterId: string | null,
): Promise<ParticipantSummary[]> {
  const lastKey = sql<string>`lower(${participants.lastName})`;
  const firstKey = sql<string>`lower(${participants.firstName})`;
  // The cursor holds only the last id shown (no names in URLs or proxy logs); its sort keys
  // are read back here, within the same site scope, so another site's id finds nothing.
  const afterKeys = afterId
    ? sql`(${lastKey}, ${firstKey}, ${participants.id}) > (
        SELECT lower(p.last_name), lower(p.first_name), p.id FROM participants p
        WHERE p.id = ${afterId}${siteFilter === null ? sql`` : sql` AND ${inArray(sql`p.site_id`, siteFilter)}`})`
    : undefined;
  return q
    .select(summaryColumns)
    .from(participants)
    .innerJoin(sites, eq(sites.id, participants.siteId))
    .where(and(siteScope(siteFilter), afterKeys))
    .orderBy(lastKey, firstKey, participants.id)
    .limit(limit);
}

/**
 * Search results, best match first; paged by offset since relevance is not a stable key.
 * A search by name turns sequential scans off for the rest of the caller's transaction
 * (its only caller, listParticipants, ends it after its audit rows, which scan no table):
 * turning them back on was one more round trip for every search.
 */
export async function search(
  q: Queryable,
  siteFilter: string[] | null,
  term: SearchTerm,
  limit: number,
  offset: number,
): Promise<ParticipantSummary[]> {
  let match: SQL;
  let score: SQL;
  switch (term.kind) {
    case 'date':
      match = eq(participants.dateOfBirth, term.date);
      score = sql`1`;
      break;
    case 'digits': {
      const like = `%${term.digits}%`;
      match =
        term.digits.length === 4
          ? (or(sql`${participants.phoneDigits} LIKE ${like}`, sql`extract(year from ${participants.dateOfBirth}) = ${Number(term.digits)}`) as SQL)
          : sql`${participants.phoneDigits} LIKE ${like}`;
      score = sql`CASE WHEN ${participants.phoneDigits} LIKE ${`%${term.digits}`} THEN 2 ELSE 1 END`;
      break;
    }
    case 'name': {
      // Every word typed must match a word of the name: as a substring, by trigram
      // word similarity (misspellings), or by its Soundex code (sounds alike).
      const escapeLike = (v: string) => v.replace(/[%_\\]/g, '\\$&');
      match = and(
        ...term.words.map(({ word, sound }) =>
          or(
            sql`${participants.searchName} LIKE ${`%${escapeLike(word)}%`}`,
            word.length >= 3 ? sql`${word} <% ${participants.searchName}` : undefined,
            sound ? sql`${participants.nameSounds} LIKE ${`%${sound}%`}` : undefined,
          ),
        ),
      ) as SQL;
      const whole = `%${escapeLike(term.text)}%`;
      score = sql`(CASE WHEN ${participants.searchName} LIKE ${whole} THEN 1 ELSE 0 END)
        + greatest(similarity(${participants.searchName}, ${term.text}), word_similarity(${term.text}, ${participants.searchName}))`;
      // The planner cannot estimate trigram selectivity and picks a sequential scan that
      // computes similarity for every row; the trigram indexes answer 10× faster at 50,000 people.
      await q.execute(sql`SELECT set_config('enable_seqscan', 'off', true)`);
      break;
    }
  }
  return q
    .select(summaryColumns)
    .from(participants)
    .innerJoin(sites, eq(sites.id, participants.siteId))
    .where(and(siteScope(siteFilter), match))
    .orderBy(sql`${score} DESC`, sql`lower(${participants.lastName})`, participants.id)
    .limit(limit)
    .offset(offset);
}

export async function sameBirthDate(q: Queryable, siteFilter: string[] | null, dateOfBirth: string) {
  return q
    .select({ ...summaryColumns, searchName: participants.searchName, nameSounds: participants.nameSounds })
    .from(participants)
    .innerJoin(sites, eq(sites.id, participants.siteId))
    .where(and(siteScope(siteFilter), eq(participants.dateOfBirth, dateOfBirth)))
    .limit(200);
}

/**
 * Every site's participants born that day whose normalized name contains these
 * words (the caller checks the last name exactly): the date of birth index does
 * the work, the name narrows it.
 */
export async function sameBirthDateAndNameWord(q: Queryable, dateOfBirth: string, normalizedWords: string) {
  const escaped = normalizedWords.replace(/[%_\\]/g, '\\$&');
  return q
    .select(summaryColumns)
    .from(participants)
    .innerJoin(sites, eq(sites.id, participants.siteId))
    .where(and(eq(participants.dateOfBirth, dateOfBirth), sql`${participants.searchName} LIKE ${`%${escaped}%`}`))
    .orderBy(participants.id)
    .limit(200);
}

export type { ParticipantCreateInput };
