import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castOfStaff, participantInput, startHarness, type Cast, type Harness } from '../support/harness.ts';

let h: Harness;
let cast: Cast;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
});
afterAll(async () => h.close());

describe('Ana, a coach at Cook County Jail, enrolls Samuel', () => {
  it('creates him and finds him again by a misspelled name', async () => {
    const ana = await cast.as('ana');
    const created = await ana.post('/api/participants', participantInput(cast.sites.cook, { phone: '(312) 555-0142' }));
    expect(created.statusCode).toBe(201);
    const body = created.json<{ id: string; version: number }>();
    expect(body.version).toBe(1);

    const found = await ana.get('/api/participants?q=Samule%20Jonson');
    expect(found.statusCode).toBe(200);
    expect(found.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toContain(body.id);
  });
});
