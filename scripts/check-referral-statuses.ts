/**
 * Checks that Tandem's map from referral statuses to FHIR Task states
 * (FHIR_TASK_STATUS in src/core/referrals.ts) covers every Task.status used in a
 * folder of FHIR JSON, such as the Gravity Project SDOH Clinical Care examples
 * (not shipped with Tandem):
 *
 *   node --import tsx scripts/check-referral-statuses.ts /path/to/sdoh-clinicalcare
 *
 * It reads every *.json under the folder (recursively), collects Task.status from
 * each Task resource (and from Tasks inside Bundles), and from a ValueSet for
 * referral task statuses lists the codes it excludes. It fails (exit 1) when a Task
 * in the folder has a status no Tandem referral status maps to (or when it finds no
 * Task at all). A value set that excludes a code Tandem uses is reported, not
 * failed: the 2.0 value set excluded `requested`; 2.3 (the examples' version) and
 * later exclude `ready` and `received` instead.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FHIR_TASK_STATUS, FHIR_TASK_STATUSES_USED, REFERRAL_STATUSES } from '../src/core/referrals.ts';

type Json = Record<string, unknown>;
const root = process.argv[2];
if (!root) {
  console.error('Usage: node --import tsx scripts/check-referral-statuses.ts FHIR_JSON_FOLDER');
  process.exit(2);
}

function* jsonFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* jsonFiles(path);
    else if (name.endsWith('.json')) yield path;
  }
}

function* resourcesIn(doc: unknown): Generator<Json> {
  if (!doc || typeof doc !== 'object') return;
  const r = doc as Json;
  yield r;
  if (r.resourceType === 'Bundle' && Array.isArray(r.entry)) {
    for (const e of r.entry as Json[]) yield* resourcesIn(e.resource);
  }
}

const found = new Map<string, string[]>(); // Task.status → files
const excludedBy: { file: string; version: string; codes: string[] }[] = [];
for (const file of jsonFiles(root)) {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    continue;
  }
  for (const r of resourcesIn(doc)) {
    if (r.resourceType === 'Task' && typeof r.status === 'string') {
      found.set(r.status, [...(found.get(r.status) ?? []), relative(root, file)]);
    }
    if (r.resourceType === 'ValueSet' && typeof r.id === 'string' && /ReferralTaskStatus/i.test(r.id)) {
      const compose = (r.compose ?? {}) as { exclude?: { concept?: { code: string }[] }[] };
      const codes = (compose.exclude ?? []).flatMap((x) => (x.concept ?? []).map((c) => c.code));
      excludedBy.push({ file: relative(root, file), version: typeof r.version === 'string' ? r.version : '?', codes });
    }
  }
}

let failed = false;
console.log(`Tandem maps ${String(REFERRAL_STATUSES.length)} referral statuses to FHIR Task.status: ${FHIR_TASK_STATUSES_USED.join(', ')}`);
for (const s of REFERRAL_STATUSES) {
  const m = FHIR_TASK_STATUS[s];
  console.log(`  ${s.padEnd(22)} → ${m.status}${m.businessStatus ? ` (businessStatus ${m.businessStatus})` : ''}`);
}
if (found.size === 0) {
  console.error(`No Task resources with a status under ${root}`);
  process.exit(1);
}
console.log(`\nTask.status values found under ${root}:`);
for (const [status, files] of [...found].sort()) {
  const covered = FHIR_TASK_STATUSES_USED.includes(status);
  if (!covered) failed = true;
  console.log(`  ${covered ? 'ok     ' : 'MISSING'} ${status} (${String(files.length)} Task${files.length === 1 ? '' : 's'}: ${files.join(', ')})`);
}
for (const vs of excludedBy) {
  const clash = FHIR_TASK_STATUSES_USED.filter((c) => vs.codes.includes(c));
  console.log(`\nReferral task status value set ${vs.file} (version ${vs.version}) excludes: ${vs.codes.join(', ') || 'nothing'}`);
  if (clash.length) {
    console.log(
      `  note: Tandem uses ${clash.join(', ')}, excluded by this version; STU 2.3 (the version of the examples) and later exclude ready and received instead and allow them.`,
    );
  }
}
if (failed) {
  console.error('\nSome Task.status values are not covered by FHIR_TASK_STATUS in src/core/referrals.ts.');
  process.exit(1);
}
console.log('\nEvery Task.status found is covered.');
