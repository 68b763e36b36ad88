/**
 * Checks the resource directory's HSDS import and export, and the SAMHSA adapter,
 * against real third-party files (not shipped with Tandem):
 *
 *   node --import tsx scripts/check-corpora.ts /path/to/corpora
 *
 * where the folder holds hsds/v3.0/{examples,schema/compiled} and
 * treatment-facilities/*.json. In a throwaway in-memory database it imports every
 * HSDS *_full.json example and the SAMHSA records, exports HSDS, validates the export
 * against the official compiled organization schema, imports the export into a second
 * database and exports again (the two exports must be equal), and lists any property
 * of an original example that the export does not give back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import { openPglite } from '../src/server/db/database.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { systemActor } from '../src/server/http/actor.ts';
import { exportHsds, importHsds } from '../src/server/resources/resources.import.ts';
import { timeZoneForState } from '../src/server/resources/resources.hsds.ts';
import { samhsaRows, samhsaToHsds } from '../src/server/resources/resources.samhsa.ts';

type Json = Record<string, unknown>;
const root = process.argv[2];
if (!root) {
  console.error('Usage: node --import tsx scripts/check-corpora.ts CORPORA_FOLDER');
  process.exit(2);
}
const read = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const now = new Date();
let failures = 0;
const fail = (message: string) => {
  failures++;
  console.log(`  FAIL ${message}`);
};

const ajv = new Ajv2020({ strict: false, allErrors: true });
((formats as unknown as { default?: typeof formats }).default ?? formats)(ajv);
const validateOrganization = ajv.compile(read(join(root, 'hsds/v3.0/schema/compiled/organization.json')) as object);

async function freshDb() {
  const database = await openPglite();
  await migrate(database.db);
  return database;
}

/** Every leaf path of a JSON value, with its value ("a.0.b" → 1). */
function leaves(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) value.forEach((v, i) => leaves(v, `${prefix}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  else out.set(prefix, JSON.stringify(value));
  return out;
}
/** Leaf values of the original that appear nowhere in the export (matched by value, paths may differ). */
function lostValues(original: unknown, exported: unknown): string[] {
  const have = new Set(leaves(exported).values());
  return [...leaves(original)].filter(([, v]) => !have.has(v)).map(([p, v]) => `${p} = ${v}`);
}

const db = await freshDb();
const examples = join(root, 'hsds/v3.0/examples');
const fullExamples = readdirSync(examples).filter((f) => f.endsWith('_full.json')).sort();
console.log(`HSDS 3.0 full examples (${fullExamples.length}):`);
const originals: [string, unknown][] = [];
for (const file of fullExamples) {
  const data = read(join(examples, file));
  originals.push([file, data]);
  const report = await importHsds(db.db, systemActor, data, now, { fallbackTimeZone: 'America/Chicago' });
  console.log(`  ${file}: created ${report.created}, updated ${report.updated}, invalid ${report.invalid.length}`);
  for (const bad of report.invalid) console.log(`    invalid ${bad.type} ${bad.id ?? '(no id)'}: ${bad.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
}

const samhsaDir = join(root, 'treatment-facilities');
for (const file of readdirSync(samhsaDir).filter((f) => f.endsWith('.json'))) {
  const rows = samhsaRows(read(join(samhsaDir, file)));
  const hsds = rows.map((r) => samhsaToHsds(r, 'America/New_York', timeZoneForState));
  const started = performance.now();
  const report = await importHsds(db.db, systemActor, hsds, now, { fallbackTimeZone: 'America/New_York', source: 'samhsa' });
  console.log(`SAMHSA ${file}: ${rows.length} facilities → created ${report.created}, updated ${report.updated}, invalid ${report.invalid.length} (${Math.round(performance.now() - started)} ms)`);
  for (const bad of report.invalid) console.log(`    invalid ${bad.type} ${bad.id ?? '(no id)'}: ${bad.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  const again = await importHsds(db.db, systemActor, hsds, now, { fallbackTimeZone: 'America/New_York', source: 'samhsa' });
  if (again.created !== 0) fail(`re-importing ${file} created ${again.created} new resources instead of updating`);
  else console.log(`  re-import: updated ${again.updated}, created 0`);
  const meds = hsds.map((o) => JSON.stringify(o)).filter((s) => s.includes('medication:buprenorphine')).length;
  const medicaid = hsds.map((o) => JSON.stringify(o)).filter((s) => s.includes('insurance:medicaid')).length;
  console.log(`  mapped: ${meds} offer buprenorphine, ${medicaid} take Medicaid`);
}

const exported = (await exportHsds(db.db)) as { contents: Json[] };
console.log(`Export: ${exported.contents.length} organizations`);
let invalidOrgs = 0;
for (const org of exported.contents) {
  const id = String(org.id);
  if (!validateOrganization(org)) {
    invalidOrgs++;
    fail(`exported organization ${id} is not valid HSDS: ${(validateOrganization.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message ?? ''}`).join('; ')}`);
  }
}
console.log(`  against the official compiled organization schema: ${exported.contents.length - invalidOrgs} valid, ${invalidOrgs} invalid`);

for (const [file, original] of originals) {
  const orgId = ((original as Json).organization as Json | undefined)?.id ?? (((original as Json).service as Json | undefined)?.organization as Json | undefined)?.id ?? (original as Json).id;
  const org = exported.contents.find((o) => o.id === orgId);
  const lost = lostValues(original, org ?? {});
  console.log(`  ${file}: ${lost.length === 0 ? 'every value of the example is in the export' : `${lost.length} values not in the export`}`);
  for (const l of lost.slice(0, 20)) console.log(`    lost ${l}`);
}

const second = await freshDb();
const report2 = await importHsds(second.db, systemActor, exported, now, { fallbackTimeZone: 'America/Chicago' });
console.log(`Round trip: export imported into a fresh database: created ${report2.created}, invalid ${report2.invalid.length}`);
const exported2 = await exportHsds(second.db);
const a = leaves(exported);
const b = leaves(exported2);
// Property order may differ; every value at every path must not.
const diff = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
if (diff.length) fail(`the second export differs from the first in ${diff.length} places: ${diff.slice(0, 10).join(', ')}`);
else console.log(`  the second export equals the first (${a.size} values compared)`);

await db.close();
await second.close();
console.log(failures ? `${failures} problem(s)` : 'All checks passed');
process.exit(failures ? 1 : 0);
