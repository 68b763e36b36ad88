/**
 * Reads a folder of FHIR R4 JSON (such as the Gravity Project SDOH Clinical Care
 * examples, not shipped with Tandem) and says what Tandem's FHIR import would do
 * with each resource, without a database:
 *
 *   node --import tsx scripts/check-fhir-corpus.ts /path/to/examples
 *
 * - Patient: the participant it would create (or the paths Tandem cannot read);
 * - Task: for a referral-management Task, the Tandem referral step its status
 *   stands for (its focus is another system's ServiceRequest, so the import itself
 *   reports it as not a Tandem referral); patient tasks are not referral updates;
 * - Consent and the rest: not applied.
 * Fails (exit 1) when a Patient cannot be read or a referral Task's status has no
 * Tandem step.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { participantInputFromPatient } from '../src/core/fhir/patient-import.ts';
import { readTaskUpdate, statusFromTask } from '../src/core/fhir/referrals.ts';
import { participantCreateInput } from '../src/core/schemas.ts';

const root = process.argv[2];
if (!root) {
  console.error('Usage: node --import tsx scripts/check-fhir-corpus.ts FHIR_JSON_FOLDER');
  process.exit(2);
}

function* jsonFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* jsonFiles(path);
    else if (name.endsWith('.json')) yield path;
  }
}

function* resourcesIn(doc: Resource): Generator<Resource> {
  if (doc.resourceType !== 'Bundle') {
    yield doc;
    return;
  }
  for (const e of doc.entry ?? []) if (e.resource) yield* resourcesIn(e.resource);
}

const SITE = '00000000-0000-4000-8000-000000000000';
const REFERRAL_PROFILE = 'SDOHCC-TaskForReferralManagement';
let failures = 0;
const counts: Record<string, number> = {};
for (const file of jsonFiles(root)) {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Resource;
  for (const r of resourcesIn(doc)) {
    const where = `${relative(root, file)} ${r.resourceType}/${r.id ?? '?'}`;
    counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
    if (r.resourceType === 'Patient') {
      const read = participantInputFromPatient(r, SITE);
      if (Array.isArray(read)) {
        failures++;
        console.log(`FAIL ${where}: ${JSON.stringify(read)}`);
        continue;
      }
      const parsed = participantCreateInput.safeParse(read);
      if (!parsed.success) {
        failures++;
        console.log(`FAIL ${where}: ${JSON.stringify(parsed.error.issues)}`);
      } else console.log(`ok   ${where}: would create ${parsed.data.firstName} ${parsed.data.lastName}, born ${parsed.data.dateOfBirth}`);
    } else if (r.resourceType === 'Task') {
      const task = r;
      const referral = task.meta?.profile?.some((p) => p.endsWith(REFERRAL_PROFILE)) ?? false;
      if (!referral) {
        console.log(`--   ${where}: a patient task, not a referral update (reported as not a Tandem referral)`);
        continue;
      }
      const step = statusFromTask(task);
      if ('path' in step) {
        failures++;
        console.log(`FAIL ${where}: ${step.path}: ${step.message}`);
        continue;
      }
      const asTandem = readTaskUpdate({ ...task, focus: { reference: `ServiceRequest/${SITE}` } });
      console.log(`ok   ${where}: status ${task.status} → referral step "${step.to}"${Array.isArray(asTandem) ? ` (${asTandem.map((i) => i.message).join('; ')})` : ''}`);
    } else {
      console.log(`--   ${where}: not applied by the import`);
    }
  }
}
console.log(`\n${Object.entries(counts).map(([t, n]) => `${t} ${String(n)}`).join(', ')}`);
if (failures > 0) {
  console.log(`${String(failures)} resource(s) Tandem cannot take.`);
  process.exit(1);
}
