/**
 * `tandem report`: Pat makes the program report for 2026 from the command line,
 * as CSV on stdout, as JSON and as an XLSX workbook in files, and is told clearly
 * what is wrong with bad flags. A real process on a fresh data folder (the
 * embedded database), like the other command-line tests.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportTable } from '../../src/core/reports.ts';
import { buildApp } from '../../src/server/app.ts';
import { FakeClock } from '../../src/server/clock.ts';
import { testConfig } from '../../src/server/config.ts';
import { openConfiguredDatabase } from '../../src/server/db/open.ts';
import { systemActor } from '../../src/server/http/actor.ts';
import { createSite } from '../../src/server/sites/sites.service.ts';
import { createUser } from '../../src/server/users/users.service.ts';
import { tandem } from '../support/cli.ts';
import { preparedDataFolder } from '../support/database.ts';
import { defined, participantInput, PASSWORD, signedIn } from '../support/harness.ts';

let dir: string;
let cook: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tandem-report-cli-'));
  // The stories below run on the embedded database only.
  if (process.env.TEST_DATABASE_URL) return;
  await preparedDataFolder(dir);
  const opened = await openConfiguredDatabase(testConfig({ dataDir: dir }), 'test');
  try {
    const now = new Date();
    await opened.database.db.transaction(async (tx) => {
      cook = (await createSite(tx, systemActor, { name: 'Cook County Jail', type: 'jail', county: 'Cook', timeZone: 'America/Chicago' }, now)).id;
      await createUser(
        tx,
        systemActor,
        { email: 'pat@tandem.test', name: 'Pat Okafor', role: 'program_admin', siteIds: [], setup: { method: 'password', password: PASSWORD } },
        { now, invitationDays: 7, baseUrl: 'http://tandem.test' },
        { mustChangePassword: false },
      );
    });
    const app = await buildApp({ database: opened.database, clock: new FakeClock(now), config: testConfig() });
    await app.ready();
    const pat = await signedIn(app, 'pat@tandem.test');
    // One person enrolled on 2 January 2026 (the in-custody default: no release yet).
    const p = await pat.post('/api/participants', participantInput(cook, { expectedReleaseDate: null }));
    expect(p.statusCode, p.body).toBe(201);
    const e = await pat.post(`/api/participants/${p.json<{ id: string }>().id}/enrollments`, { enrolledOn: '2026-01-02', referralSource: 'jail_in_reach' });
    expect(e.statusCode, e.body).toBe(201);
    await app.close();
  } finally {
    await opened.close();
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The embedded database only (see above): the PostgreSQL run of the suite skips them rather than repeat them.
describe.skipIf(process.env.TEST_DATABASE_URL)('Pat makes the program report from the command line', () => {
  it('writes CSV to stdout: each table under its title', async () => {
    const run = await tandem(dir, ['report', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'csv']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.split('\r\n');
    expect(lines[0]).toBe('Program report');
    const at = lines.indexOf('Enrollment');
    expect(lines.slice(at, at + 3)).toEqual(['Enrollment', 'Measure,People', 'Enrolled in the period,1']);
    expect(run.stdout).not.toContain('Samuel');
  });

  it('writes JSON and an XLSX workbook to files, narrowed to a site', async () => {
    const jsonFile = join(dir, 'report.json');
    const json = await tandem(dir, ['report', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'json', '--site', cook, '--out', jsonFile]);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stderr).toContain(`Wrote ${jsonFile}`);
    const tables = JSON.parse(readFileSync(jsonFile, 'utf8')) as ReportTable[];
    expect(tables.find((t) => t.id === 'report')?.rows).toContainEqual({ item: 'Sites', value: 'Cook County Jail' });

    const xlsxFile = join(dir, 'report.xlsx');
    const xlsx = await tandem(dir, ['report', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'xlsx', '--out', xlsxFile]);
    expect(xlsx.code, xlsx.stderr).toBe(0);
    const files = unzipSync(new Uint8Array(readFileSync(xlsxFile)));
    expect(strFromU8(defined(files['xl/workbook.xml']))).toContain('<sheet name="Program report" sheetId="1" r:id="rId1"/>');
  });

  it('says what is wrong with bad flags, with exit code 2', async () => {
    const missing = await tandem(dir, ['report', '--to', '2026-12-31']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--from: Required');
    const bad = await tandem(dir, ['report', '--from', '2026-13-01', '--to', '2026-12-31', '--format', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--from: Not a real date');
    expect(bad.stderr).toContain('--format: ');
    const site = await tandem(dir, ['report', '--from', '2026-01-01', '--to', '2026-12-31', '--site', '00000000-0000-4000-8000-000000000001']);
    expect(site.code).toBe(2);
    expect(site.stderr).toContain('--site: No such site');
    const unknownFlag = await tandem(dir, ['report', '--from', '2026-01-01', '--to', '2026-12-31', '--sites', cook]);
    expect(unknownFlag.code).toBe(2);
  });
});
