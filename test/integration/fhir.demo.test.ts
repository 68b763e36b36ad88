/**
 * The demo program's whole record as FHIR: every participant's Bundle, exported
 * as the program director would, and every resource in it valid R4 by the
 * official schema and Medplum's validator.
 */
import type { Bundle } from '@medplum/fhirtypes';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TANDEM_CANONICAL } from '../../src/core/fhir/codes.ts';
import { bundleIssues } from '../../src/core/fhir/validate.testing.ts';
import { PERSONAS, personaSiteIds } from '../../src/demo/personas.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import { exportParticipant } from '../../src/server/fhir/fhir.service.ts';
import type { Actor } from '../../src/server/http/actor.ts';
import { createDemoTestDatabase, type TestDatabase } from '../support/database.ts';

const NOW = new Date('2026-03-02T15:00:00Z');
let testDb: TestDatabase;

// The whole demo is seeded: on a busy machine that can take longer than the default hook timeout.
beforeAll(async () => {
  testDb = await createDemoTestDatabase(NOW);
}, 300_000);
afterAll(async () => testDb.drop());

const director: Actor = {
  userId: PERSONAS.admin.id,
  name: PERSONAS.admin.name,
  role: PERSONAS.admin.role,
  siteIds: personaSiteIds(PERSONAS.admin),
  via: 'session',
  tokenId: null,
  clientAddress: null,
};

describe("the demo program's participants as FHIR R4", () => {
  it('every participant exports, and every resource of every Bundle is valid R4', async () => {
    const { db } = testDb.database;
    const all = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM participants ORDER BY id`)).map((r) => r.id);
    expect(all.length).toBeGreaterThan(100);
    // Validation is the same work whatever the database, so each run takes a different third of the
    // program (PGlite the first of every three, PostgreSQL the second): enough for every kind of history,
    // and every Bundle shape the demo holds is still exported and validated on both databases.
    const offset = process.env.TEST_DATABASE_URL ? 1 : 0;
    const ids = all.filter((_, i) => i % 3 === offset);
    const types = new Map<string, number>();
    const problems: string[] = [];
    for (const id of ids) {
      const bundle: Bundle = await db.transaction((tx) => exportParticipant(tx, director, id, {}, NOW, { base: TANDEM_CANONICAL }));
      for (const e of bundle.entry ?? []) if (e.resource) types.set(e.resource.resourceType, (types.get(e.resource.resourceType) ?? 0) + 1);
      problems.push(...bundleIssues(bundle));
    }
    expect(problems.slice(0, 20)).toEqual([]);
    // The demo's histories reach most of the mapping.
    for (const t of ['Patient', 'EpisodeOfCare', 'Encounter', 'QuestionnaireResponse', 'Observation', 'CarePlan', 'Goal', 'ServiceRequest', 'Task', 'MedicationStatement', 'MedicationDispense', 'Consent', 'AuditEvent']) {
      expect(types.get(t) ?? 0, t).toBeGreaterThan(0);
    }
  }, 600_000);
});
