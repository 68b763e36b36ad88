/**
 * Participant search at the size of a whole state's programs (50,000 people).
 * Prints the median time of each kind of search and its ratio to a baseline
 * measured in the same run (fetching one participant by id), on PGlite or, with
 * DATABASE_URL, on PostgreSQL.
 *
 *   npx tsx bench/participants-search.ts [--participants 50000] [--runs 30]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { nameSounds, normalizeForSearch } from '../src/core/names.ts';
import type { Database } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { openBenchDatabase, printRatios } from './support.ts';
import { findVisibleParticipant, listAlphabetical, search } from '../src/server/participants/participants.repository.ts';
import { parseSearch } from '../src/server/participants/participants.search.ts';
import { participants } from '../src/server/participants/participants.table.ts';
import { sites } from '../src/server/sites/sites.table.ts';

const { values } = parseArgs({ options: { participants: { type: 'string', default: '50000' }, runs: { type: 'string', default: '30' } } });
const COUNT = Number(values.participants);
const RUNS = Number(values.runs);

const REAL_FIRST = ['James', 'Maria', 'Robert', 'Latoya', 'José', 'Agnieszka', 'Mohammed', 'Linh', 'DeShawn', 'Emily', 'Tomasz', 'Aaliyah', 'Carlos', 'Grace', 'Tyrone', 'Fatima'];
const REAL_LAST = ['Johnson', 'García', 'Kowalski', 'Williams', 'Nguyen', 'Hassan', 'Brown', 'Rodríguez', 'Washington', 'Nowak', 'Lee', 'Jackson', 'Martinez', 'Thompson', 'Wiśniewski', 'Davis'];

// A state's worth of names is diverse: real ones plus invented ones from syllables (about 150 × 1,600).
const SYL_A = ['Ab', 'Bel', 'Cor', 'Dan', 'El', 'Fer', 'Gal', 'Har', 'Is', 'Jan', 'Kel', 'Lor', 'Mar', 'Nor', 'Os', 'Pel', 'Quin', 'Ros', 'Sal', 'Tor', 'Ul', 'Val', 'Wil', 'Yor', 'Zan', 'Bran', 'Cas', 'Dor', 'Est', 'Fal', 'Gor', 'Hal', 'Ing', 'Jor', 'Kas', 'Lin', 'Mon', 'Nev', 'Ort', 'Pry'];
const SYL_B = ['a', 'ez', 'son', 'ski', 'berg', 'ley', 'ton', 'ov', 'ini', 'ard', 'wick', 'man', 'ell', 'io', 'ek', 'ham', 'er', 'ia', 'ow', 'ud', 'ane', 'is', 'or', 'ic', 'ent', 'ai', 'uk', 'et', 'ina', 'us', 'ey', 'ima', 'an', 'off', 'ola', 'ert', 'ito', 'on', 'sky', 'ard'];
const FIRST = [...REAL_FIRST, ...SYL_A.flatMap((a) => ['a', 'o', 'ie'].map((b) => a + b))];
const LAST = [...REAL_LAST, ...SYL_A.flatMap((a) => SYL_B.map((b) => a + b))];

// Deterministic pseudo-random numbers, so every run searches the same data.
let seed = 42;
const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)] as T;

async function fill(database: Database): Promise<string[]> {
  const { db } = database;
  const now = new Date();
  const siteIds = (
    await db
      .insert(sites)
      .values(Array.from({ length: 20 }, (_, i) => ({ name: `Bench site ${i} ${Date.now()}`, type: 'jail' as const, timeZone: 'America/Chicago', createdAt: now, updatedAt: now })))
      .returning({ id: sites.id })
  ).map((s) => s.id);
  const batch = 2000;
  for (let start = 0; start < COUNT; start += batch) {
    const rows = Array.from({ length: Math.min(batch, COUNT - start) }, (_, i) => {
      const firstName = pick(FIRST);
      // One in ten has a two-part surname.
      const lastName = (start + i) % 10 === 0 ? `${pick(LAST)}-${pick(LAST)}` : pick(LAST);
      const phone = `(312) 555-${String(Math.floor(rand() * 10_000)).padStart(4, '0')}`;
      return {
        siteId: pick(siteIds),
        firstName,
        lastName,
        dateOfBirth: `19${60 + Math.floor(rand() * 40)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
        custodyStatus: 'community' as const,
        phone,
        phoneDigits: phone.replace(/\D/g, ''),
        searchName: normalizeForSearch(`${firstName} ${lastName}`),
        nameSounds: nameSounds(firstName, lastName),
        createdAt: now,
        updatedAt: now,
      };
    });
    await db.insert(participants).values(rows);
  }
  await db.execute(sql`ANALYZE participants`);
  return siteIds;
}

const database = await openBenchDatabase();
await migrate(database.db);
const t0 = performance.now();
const siteIds = await fill(database);
console.log(`${database.kind}: ${COUNT} participants inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const [anyRow] = await database.db.select({ id: participants.id }).from(participants).limit(1);
const someSites = siteIds.slice(0, 3);

function term(q: string) {
  const parsed = parseSearch(q);
  if (!parsed) throw new Error(`not a search: ${q}`);
  return parsed;
}

const cases: [string, () => Promise<unknown>][] = [
  ['by id (baseline)', () => findVisibleParticipant(database.db, anyRow?.id ?? '', someSites)],
  ['first page, alphabetical, 3 sites', () => listAlphabetical(database.db, someSites, 26, null)],
  ['first page, alphabetical, all sites', () => listAlphabetical(database.db, null, 26, null)],
  ['name, exact "maria kowalski"', () => database.db.transaction((tx) => search(tx, null, term('maria kowalski'), 26, 0))],
  ['name, misspelled "agneszka nowk"', () => database.db.transaction((tx) => search(tx, null, term('agneszka nowk'), 26, 0))],
  ['name, misspelled, 3 sites', () => database.db.transaction((tx) => search(tx, someSites, term('jonson'), 26, 0))],
  ['phone fragment "555-01"', () => database.db.transaction((tx) => search(tx, null, term('555-01'), 26, 0))],
  ['date of birth', () => database.db.transaction((tx) => search(tx, null, term('1975-03-12'), 26, 0))],
];

await printRatios(cases, RUNS, 40);
await database.close();
