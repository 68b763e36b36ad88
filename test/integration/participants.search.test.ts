/**
 * Finding people the way staff type: any part of a name, a preferred name,
 * misspellings, accents, a date of birth in either format, part of a phone
 * number. Paging returns everyone exactly once; duplicates are flagged before
 * a second record is made.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  castOfStaff,
  fieldPaths,
  participantInput,
  startHarness,
  type Browser,
  type Cast,
  type Harness,
} from '../support/harness.ts';

interface Summary {
  id: string;
  firstName: string;
  lastName: string;
  siteId: string;
}
interface Page {
  items: Summary[];
  nextCursor: string | null;
}

let h: Harness;
let cast: Cast;
let pat: Browser;
let ana: Browser;
let ben: Browser;
const people: Record<'samuel' | 'jose' | 'maryKate' | 'latoya' | 'lakeSamuel', string> = {} as never;

async function enroll(by: Browser, siteId: string, overrides: Parameters<typeof participantInput>[1]): Promise<string> {
  const res = await by.post('/api/participants', participantInput(siteId, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  [pat, ana, ben] = [await cast.as('pat'), await cast.as('ana'), await cast.as('ben')];
  const cook = cast.sites.cook;
  people.samuel = await enroll(ana, cook, { firstName: 'Samuel', preferredName: 'Sonny', lastName: 'Johnson', phone: '(312) 555-0142' });
  people.jose = await enroll(ana, cook, { firstName: 'José', lastName: 'Martínez', dateOfBirth: '1975-11-30', phone: '773-555-0199' });
  people.maryKate = await enroll(ana, cook, { firstName: 'Mary-Kate', preferredName: 'Katie', lastName: "O'Brien", dateOfBirth: '1992-06-15' });
  people.latoya = await enroll(ana, cook, { firstName: 'Latoya', lastName: 'Washington', dateOfBirth: '1988-03-07' });
  // Ben's Samuel Johnson at Lake County has the same name and birthday: a different man Ana must never see.
  people.lakeSamuel = await enroll(ben, cast.sites.lake, { firstName: 'Samuel', lastName: 'Johnson', phone: '(312) 555-0142' });
});
afterAll(async () => h.close());

const search = async (by: Browser, q: string): Promise<string[]> => {
  const res = await by.get(`/api/participants?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
  return res.json<Page>().items.map((p) => p.id);
};

describe('Ana searches her caseload', () => {
  it.each([
    ['Samuel', 'samuel'],
    ['Sonny', 'samuel'],
    ['ohnso', 'samuel'],
    ['Samuel Johnson', 'samuel'],
    ['Jonson', 'samuel'],
    ['Samule', 'samuel'],
    ['Samule Jonson', 'samuel'],
    ['jose', 'jose'],
    ['JOSÉ', 'jose'],
    ['martinez', 'jose'],
    ['Katie', 'maryKate'],
    ['mary kate', 'maryKate'],
    ['obrien', 'maryKate'],
    ["O'Brien", 'maryKate'],
    ['Washingtin', 'latoya'],
  ] as const)('“%s” finds %s', async (q, who) => {
    const found = await search(ana, q);
    expect(found).toContain(people[who]);
    expect(found).not.toContain(people.lakeSamuel);
  });

  it('puts the best match first and leaves unrelated people out', async () => {
    expect((await search(ana, 'Samuel Johnson'))[0]).toBe(people.samuel);
    expect(await search(ana, 'jose')).not.toContain(people.samuel);
    expect(await search(ana, 'Samuel')).not.toContain(people.jose);
    expect(await search(ana, 'Katie')).not.toContain(people.latoya);
    expect(await search(ana, 'Zyxwvut')).toEqual([]);
  });

  it.each(['1988-03-07', '3/7/1988', '03/07/1988', '03-07-1988'])('finds both people born on 7 March 1988 by “%s”', async (q) => {
    const found = await search(ana, q);
    expect([...found].sort()).toEqual([people.samuel, people.latoya].sort());
  });

  it('finds people born in a year by the four digits of the year', async () => {
    const found = await search(ana, '1988');
    expect(found).toEqual(expect.arrayContaining([people.samuel, people.latoya]));
    expect(found).not.toContain(people.jose);
    expect(found).not.toContain(people.maryKate);
  });

  it.each(['555-0142', '0142', '(312) 555', '3125550142'])('finds Samuel by part of his phone number “%s”', async (q) => {
    const found = await search(ana, q);
    expect(found).toContain(people.samuel);
    expect(found).not.toContain(people.jose);
    expect(found).not.toContain(people.lakeSamuel);
  });

  it('treats punctuation alone as no search at all: the plain list, not an error or a pattern', async () => {
    const plain = (await ana.get('/api/participants')).json<Page>().items.map((p) => p.id);
    expect(plain.length).toBeGreaterThan(0);
    for (const q of ['%', '_', '  ', '"\\']) expect(await search(ana, q), q).toEqual(plain);
  });

  it('Pat, who sees every site, finds both Samuels; Ben only his own', async () => {
    const patFound = await search(pat, 'Samuel Johnson');
    expect(patFound).toEqual(expect.arrayContaining([people.samuel, people.lakeSamuel]));
    const benFound = await search(ben, 'Samuel Johnson');
    expect(benFound).toEqual([people.lakeSamuel]);
  });
});

describe('paging', () => {
  const created: string[] = [];
  let site: string;

  beforeAll(async () => {
    site = (await pat.post('/api/sites', { name: 'Paging House', type: 'community', timeZone: 'America/Chicago' })).json<{ id: string }>().id;
    // Ten people share one name, so the order must fall back on the id; others differ only in case.
    const names: [string, string][] = [
      ...Array.from({ length: 10 }, () => ['Alex', 'Smith'] as [string, string]),
      ['adele', 'abbott'], ['Bea', 'Abbott'], ['Carl', 'ABBOTT'], ['Dan', 'de la Cruz'], ['Eli', 'DeLuca'],
      ['Fay', 'Zhang'], ['Gus', 'Young'], ['Hal', 'Xu'], ['Ida', 'Walker'], ['Jon', 'Vance'],
      ['Kai', 'Underwood'], ['Lea', 'Torres'], ['Max', 'Singh'], ['Ned', 'Rossi'], ['Ola', 'Quinn'],
      ['Pia', 'Perez'], ['Rex', 'Olsen'], ['Sol', 'Nguyen'], ['Tia', 'Murphy'], ['Uma', 'Lopez'],
    ];
    for (const [firstName, lastName] of names) created.push(await enroll(pat, site, { firstName, lastName, dateOfBirth: '1970-01-01', expectedReleaseDate: null }));
  });

  async function walk(url: string, limit: number): Promise<{ ids: string[]; pages: number; items: Summary[] }> {
    const items: Summary[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: LightMyRequestResponse = await pat.get(`${url}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json<Page>();
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
      pages++;
      expect(pages).toBeLessThan(50);
    } while (cursor);
    return { ids: items.map((p) => p.id), pages, items };
  }

  it('returns each of 30 participants exactly once, 7 at a time, in alphabetical order', async () => {
    const { ids, pages, items } = await walk(`/api/participants?siteId=${site}`, 7);
    expect(pages).toBe(5);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect([...ids].sort()).toEqual([...created].sort());
    const keys = items.map((p) => `${p.lastName.toLowerCase()} ${p.firstName.toLowerCase()}`);
    expect(keys.slice(0, 3)).toEqual(['abbott adele', 'abbott bea', 'abbott carl']);
    expect(keys.at(-1)).toBe('zhang fay');
  });

  it('never skips or repeats anyone whose name lower-cases differently in the database and in JavaScript', async () => {
    const other = (await pat.post('/api/sites', { name: 'Paging Annex', type: 'community', timeZone: 'America/Chicago' })).json<{ id: string }>().id;
    const tricky = ['İBRAHİM', 'Ibrahim', 'ΟΔΥΣΣΕΥΣ', 'Οδυσσευς', 'Ǆemal', 'ǅemal', 'Straße', 'STRASSE'];
    const ids: string[] = [];
    for (const lastName of tricky) ids.push(await enroll(pat, other, { firstName: 'Ali', lastName, dateOfBirth: '1970-01-01', expectedReleaseDate: null }));
    for (const limit of [1, 3]) {
      const walked = await walk(`/api/participants?siteId=${other}`, limit);
      expect(walked.ids.length, `limit ${limit}`).toBe(tricky.length);
      expect([...walked.ids].sort()).toEqual([...ids].sort());
    }
  });

  it('pages through search results too, with no one lost or repeated', async () => {
    const { ids } = await walk(`/api/participants?siteId=${site}&q=Smith`, 3);
    const smiths = created.slice(0, 10);
    expect(ids.filter((id) => smiths.includes(id)).sort()).toEqual([...smiths].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps names out of the next-page cursor, and finds nothing after another site’s participant', async () => {
    const first = (await pat.get('/api/participants?limit=2')).json<{ items: { id: string; lastName: string }[]; nextCursor: string }>();
    const decoded = Buffer.from(first.nextCursor, 'base64url').toString('utf8');
    for (const p of first.items) expect(decoded.toLowerCase()).not.toContain(p.lastName.toLowerCase());

    // Ben (Lake County) replays a cursor pointing at a Cook participant: an empty page, as for an unknown id.
    const cookId = (await pat.get(`/api/participants?siteId=${cast.sites.cook}&limit=1`)).json<{ items: { id: string }[] }>().items[0]?.id;
    const replay = Buffer.from(JSON.stringify({ after: cookId })).toString('base64url');
    const unknown = Buffer.from(JSON.stringify({ after: '00000000-0000-4000-8000-00000000ffff' })).toString('base64url');
    const a = await ben.get(`/api/participants?cursor=${replay}`);
    const b = await ben.get(`/api/participants?cursor=${unknown}`);
    expect(a.statusCode).toBe(200);
    expect(a.json()).toEqual(b.json());
    expect(a.json<{ items: unknown[] }>().items).toEqual([]);
  });

  it('says which parameter is wrong for a cursor it did not make, or a bad limit', async () => {
    const bad = (obj: unknown) => Buffer.from(JSON.stringify(obj)).toString('base64url');
    for (const url of [
      '/api/participants?cursor=garbage!!',
      `/api/participants?cursor=${bad({ last: 'a', first: 'b', id: "1' OR '1'='1" })}`,
      `/api/participants?cursor=${bad({ offset: 7 })}`,
      `/api/participants?q=Smith&cursor=${bad({ offset: -7 })}`,
      `/api/participants?q=Smith&cursor=${bad({ last: 'smith', first: 'alex', id: created[0] })}`,
    ]) {
      const res = await pat.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(fieldPaths(res), url).toEqual(['cursor']);
    }
    for (const limit of ['0', '101', 'ten']) {
      const res = await pat.get(`/api/participants?limit=${limit}`);
      expect(res.statusCode, limit).toBe(400);
      expect(fieldPaths(res)[0], limit).toMatch(/limit$/);
    }
  });
});

describe('likely duplicates', () => {
  const check = (by: Browser, q: Record<string, string>) =>
    by.get(`/api/participants/duplicates?${new URLSearchParams(q).toString()}`);
  const idsOf = (res: LightMyRequestResponse) => res.json<{ items: Summary[] }>().items.map((p) => p.id);

  it('shows Ana the Samuel she already has when she starts to enroll “Samual Jonson”, and only him', async () => {
    const res = await check(ana, { firstName: 'Samual', lastName: 'Jonson', dateOfBirth: '1988-03-07' });
    expect(res.statusCode).toBe(200);
    // Latoya shares the birthday but not the name; Lake's Samuel is not Ana's to see.
    expect(idsOf(res)).toEqual([people.samuel]);
  });

  it('catches first and last name swapped, and an exact repeat', async () => {
    expect(idsOf(await check(ana, { firstName: 'Johnson', lastName: 'Samuel', dateOfBirth: '1988-03-07' }))).toEqual([people.samuel]);
    expect(idsOf(await check(ana, { firstName: 'Latoya', lastName: 'Washington', dateOfBirth: '1988-03-07' }))).toEqual([people.latoya]);
  });

  it('ignores a similar name born on another day, and the record being edited', async () => {
    expect(idsOf(await check(ana, { firstName: 'Samuel', lastName: 'Johnson', dateOfBirth: '1988-03-08' }))).toEqual([]);
    expect(
      idsOf(await check(ana, { firstName: 'Samuel', lastName: 'Johnson', dateOfBirth: '1988-03-07', excludeId: people.samuel })),
    ).toEqual([]);
  });

  it('shows Ben only his own Samuel, and Pat both', async () => {
    const q = { firstName: 'Samuel', lastName: 'Johnson', dateOfBirth: '1988-03-07' };
    expect(idsOf(await check(ben, q))).toEqual([people.lakeSamuel]);
    expect(idsOf(await check(pat, q)).sort()).toEqual([people.samuel, people.lakeSamuel].sort());
  });

  it('names each bad parameter', async () => {
    const res = await check(ana, { firstName: 'Samuel', dateOfBirth: '1988-02-30' });
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res).map((p) => p.replace(/^querystring\./, '')).sort()).toEqual(['dateOfBirth', 'lastName']);
  });
});
