/**
 * The whole program as FHIR Bulk Data: two participants at Cook County Jail and
 * one at Lake County, served by the same staff; each resource goes to its type's
 * file once (the shared staff and site too), every one valid R4, with progress
 * per participant.
 */
import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TANDEM_CANONICAL } from '../../src/core/fhir/codes.ts';
import { fhirIssues } from '../../src/core/fhir/validate.testing.ts';
import { exportProgram, type BulkProgress } from '../../src/server/fhir/fhir.bulk.ts';
import { systemActor } from '../../src/server/http/actor.ts';
import { castOfStaff, participantInput, signInEveryone, startHarness, type Cast, type Harness } from '../support/harness.ts';

let h: Harness;
let cast: Cast;
beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  const as = await signInEveryone(cast);
  for (const [by, site, firstName] of [
    [as.ana, cast.sites.cook, 'Samuel'],
    [as.ana, cast.sites.cook, 'Rosa'],
    [as.ben, cast.sites.lake, 'Dee'],
  ] as const) {
    const p = await by.post('/api/participants', participantInput(site, { firstName }));
    const id = p.json<{ id: string }>().id;
    const enrolled = await by.post(`/api/participants/${id}/enrollments`, { enrolledOn: '2026-02-01', referralSource: 'jail_in_reach', coachId: by === as.ana ? cast.people.ana.id : cast.people.ben.id });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    const contact = await by.post(`/api/participants/${id}/contacts`, { occurredAt: '2026-02-21T16:00:00Z', durationMinutes: 30, mode: 'in_custody', locationType: 'jail', reached: true, services: ['recovery_coaching'] });
    expect(contact.statusCode, contact.body).toBe(201);
  }
}, 60_000);
afterAll(async () => h.close());

describe('tandem export fhir', () => {
  it('writes each resource once by type, the shared staff and sites once, every one valid, with progress', async () => {
    const files = new Map<string, Resource[]>();
    const progress: BulkProgress[] = [];
    const result = await exportProgram(h.testDb.database.db, systemActor, h.clock.now(), {
      base: TANDEM_CANONICAL,
      sink: {
        write: async (type, r) => {
          files.set(type, [...(files.get(type) ?? []), r]);
        },
      },
      onProgress: (p) => progress.push({ ...p }),
    });
    expect(result.participants).toBe(3);
    expect(progress.map((p) => p.participants)).toEqual([1, 2, 3]);
    expect(files.get('Patient')?.length).toBe(3);
    expect(files.get('Encounter')?.length).toBe(3);
    expect(files.get('EpisodeOfCare')?.length).toBe(3);
    // Ana (twice) and Ben: two practitioners; two sites.
    expect(files.get('Practitioner')?.map((p) => p.id).sort()).toEqual([cast.people.ana.id, cast.people.ben.id].sort());
    expect(files.get('Organization')?.map((o) => o.id).sort()).toEqual([cast.sites.cook, cast.sites.lake].sort());
    const all = [...files.values()].flat();
    expect(result.resources).toBe(all.length);
    expect(all.flatMap((r) => fhirIssues(r))).toEqual([]);
  }, 60_000);
});
