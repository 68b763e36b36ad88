/**
 * The benchmark suite itself, kept working: `npm run bench` on PGlite at N = 500, a
 * second per scenario, in a temporary folder. Every scenario must run and answer as it
 * should; nothing is asserted about time (speed is measured by `npm run bench`, and its
 * figures are in docs/performance.md).
 *
 * Always on PGlite: on PostgreSQL the bench uses the database `tandem_bench`, and one
 * holding another N is generated again, which would replace a developer's 50,000. So it
 * runs once, in the PGlite suite.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const N = 500;
const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Figures {
  rps: number;
  non2xx: number;
  errors: number;
}
interface Scenario {
  key: string;
  tandem: (Figures & { statuses: Record<string, number> }) | null;
  baselineA: Figures | null;
  baselineB: Figures | null;
  rssPeakMb: number | null;
  extra: Record<string, number | string | boolean>;
}

describe.skipIf(process.env.TEST_DATABASE_URL)(`npm run bench on PGlite at N = ${String(N)}`, () => {
  it('generates the program, runs every scenario against both baselines and leaves the program as generated', async () => {
    const out = join(dir, 'results.json');
    const args = ['--import', 'tsx', 'bench/run.ts', '--pglite', '--participants', String(N), '--duration', '1', '--connections', '4', '--no-web', '--out', out];
    // The bench's PGlite folders go to the system's temporary directory: here, this test's own.
    await run(process.execPath, args, { env: { ...process.env, TMPDIR: dir }, maxBuffer: 16 * 1024 * 1024 });

    const report = JSON.parse(readFileSync(out, 'utf8')) as { database: string; participants: number; scenarios: Scenario[] };
    expect(report.database).toBe('PGlite');
    expect(report.participants).toBe(N);
    const byKey = new Map(report.scenarios.map((s) => [s.key, s]));
    expect([...byKey.keys()]).toEqual(['caseload', 'search', 'page', 'contact', 'supervisor', 'dashboard', 'export']);

    for (const key of ['caseload', 'search', 'page', 'contact', 'supervisor', 'dashboard']) {
      const s = byKey.get(key);
      // Every answer under load a 2xx, and both baselines measured beside it.
      expect(s?.tandem?.non2xx, key).toBe(0);
      expect(s?.tandem?.errors, key).toBe(0);
      expect(s?.tandem?.rps, key).toBeGreaterThan(0);
      expect(s?.baselineA?.rps, key).toBeGreaterThan(0);
      expect(s?.baselineB?.rps, key).toBeGreaterThan(0);
      expect(s?.rssPeakMb, key).toBeGreaterThan(0);
    }
    expect(byKey.get('contact')?.extra.answered201).toBeGreaterThan(0);
    expect(byKey.get('dashboard')?.extra).toMatchObject({ status: 200, writeStatus: 201, afterWriteStatus: 200, changedAfterWrite: true });
    expect(byKey.get('export')?.extra).toMatchObject({ status: 200 });
    expect(byKey.get('export')?.extra.megabytes).toBeGreaterThan(0);

    // The run measured a copy, dropped when it ended; the generated program stays for the next run.
    expect(existsSync(join(dir, `tandem-bench-pglite-${String(N)}`))).toBe(true);
    expect(existsSync(join(dir, `tandem-bench-pglite-${String(N)}-run`))).toBe(false);
  }, 600_000);
});
