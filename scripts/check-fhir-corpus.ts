/**
 * Reads a folder of FHIR R4 JSON (such as the Gravity Project SDOH Clinical Care
 * examples, not shipped with Tandem), taken together as one Bundle, and says what
 * Tandem's FHIR import would do with each resource, without a database:
 *
 *   node --import tsx scripts/check-fhir-corpus.ts /path/to/examples
 *
 * - Patient: the participant it would create (or the paths Tandem cannot read);
 * - Consent: the Part 2 consent it would record, or why not (by path);
 * - ServiceRequest: the referral it would create with the Tasks whose focus it is,
 *   and the lifecycle steps to where they say it stands, or why not (by path);
 * - Task: one read with its ServiceRequest, or for a referral-management Task of a
 *   ServiceRequest elsewhere, the referral step its status stands for; patient
 *   tasks are not referral updates;
 * - Organization: the directory entry it would become when a Consent or
 *   ServiceRequest names it (and the importer may manage the directory);
 * - the rest: not applied.
 * Fails (exit 1) when a Patient cannot be read or a referral Task's status has no
 * Tandem step. Consents and ServiceRequests Tandem cannot take are reported, not
 * failures: the import reports them the same way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Resource, Task } from '@medplum/fhirtypes';
import { readConsent } from '../src/core/fhir/consent-import.ts';
import { directoryInputFromOrganization, isTandemSite } from '../src/core/fhir/directory-import.ts';
import { parseReference } from '../src/core/fhir/import-references.ts';
import { participantInputFromPatient } from '../src/core/fhir/patient-import.ts';
import { readReferral } from '../src/core/fhir/referral-import.ts';
import { readTaskUpdate, statusFromTask } from '../src/core/fhir/referrals.ts';
import { resourceCreateInput } from '../src/core/resources.ts';
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
const TODAY = new Date().toISOString().slice(0, 10);
let failures = 0;
const counts: Record<string, number> = {};
const outcome: Record<'applies' | 'not taken' | 'not applied', number> = { applies: 0, 'not taken': 0, 'not applied': 0 };

const all: { file: string; r: Resource }[] = [];
for (const file of jsonFiles(root)) {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Resource;
  for (const r of resourcesIn(doc)) all.push({ file: relative(root, file), r });
}
const key = (ref: string | undefined) => {
  const p = parseReference(ref);
  return p ? `${p.type}/${p.id}` : '';
};
const byKey = new Map(all.map(({ r }) => [`${r.resourceType}/${r.id ?? ''}`, r]));
const tasksOf = (srKey: string) => all.flatMap(({ r }) => (r.resourceType === 'Task' && key(r.focus?.reference) === srKey ? [r] : []));
const issuesText = (issues: readonly { path: string; message: string }[]) => issues.map((i) => `${i.path}: ${i.message}`).join('; ');

for (const { file, r } of all) {
  const where = `${file} ${r.resourceType}/${r.id ?? '?'}`;
  counts[r.resourceType] = (counts[r.resourceType] ?? 0) + 1;
  const say = (kind: keyof typeof outcome, text: string) => {
    outcome[kind]++;
    console.log(`${kind === 'applies' ? 'ok  ' : kind === 'not taken' ? 'no  ' : '--  '} ${where}: ${text}`);
  };
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
    } else say('applies', `would create ${parsed.data.firstName} ${parsed.data.lastName}, born ${parsed.data.dateOfBirth}`);
  } else if (r.resourceType === 'Consent') {
    const read = readConsent(r, TODAY);
    if (Array.isArray(read)) say('not taken', `not recorded: ${issuesText(read)}`);
    else say('applies', `would record a Part 2 consent of ${read.patient.reference ?? '?'} (${read.information.join(', ')} for ${read.purposes.join(', ')})`);
  } else if (r.resourceType === 'ServiceRequest') {
    const tasks = tasksOf(`ServiceRequest/${r.id ?? ''}`);
    const read = readReferral(r, tasks);
    if (Array.isArray(read)) say('not taken', `no referral: ${issuesText(read)}`);
    else {
      const to = key(read.performer.reference);
      say(
        'applies',
        `would create a ${read.need} referral to ${to || '?'}${byKey.has(to) ? '' : ' (not in this folder: must be in the directory)'}, ${['draft', ...read.steps].join(' → ')}` +
          (read.steps.includes('sent') ? ' (sending needs an active consent covering the organization)' : ''),
      );
    }
  } else if (r.resourceType === 'Task') {
    const task: Task = r;
    const focus = key(task.focus?.reference);
    const sr = byKey.get(focus);
    if (sr?.resourceType === 'ServiceRequest') {
      if (Array.isArray(readReferral(sr, tasksOf(focus)))) say('not taken', `read with ${focus}, which is not taken (see its line)`);
      else say('applies', `read with ${focus}`);
      continue;
    }
    const referral = task.meta?.profile?.some((p) => p.endsWith(REFERRAL_PROFILE)) ?? false;
    if (!referral) {
      say('not applied', 'a patient task, not a referral update (reported as not a Tandem referral)');
      continue;
    }
    const step = statusFromTask(task);
    if ('path' in step) {
      failures++;
      console.log(`FAIL ${where}: ${step.path}: ${step.message}`);
      continue;
    }
    const asTandem = readTaskUpdate({ ...task, focus: { reference: `ServiceRequest/${SITE}` } });
    say('not taken', `status ${task.status} → referral step "${step.to}" of a referral Tandem would need to have${Array.isArray(asTandem) ? ` (${asTandem.map((i) => i.message).join('; ')})` : ''}`);
  } else if (r.resourceType === 'Organization' && !isTandemSite(r)) {
    const own = (ref: string | undefined) => key(ref) === `Organization/${r.id ?? ''}`;
    const locations = all.flatMap(({ r: l }) => (l.resourceType === 'Location' && own(l.managingOrganization?.reference) ? [{ key: `Location/${l.id ?? ''}`, location: l }] : []));
    const services = all.flatMap(({ r: s }) => (s.resourceType === 'HealthcareService' && own(s.providedBy?.reference) ? [s] : []));
    const parsed = resourceCreateInput.safeParse(directoryInputFromOrganization({ organization: r, locations, services }, 'America/Chicago'));
    if (parsed.success) say('applies', `would be matched in or added to the directory when a Consent or ServiceRequest names it (${String(parsed.data.locations.length)} location(s), ${String(parsed.data.services.length)} service(s))`);
    else say('not taken', `not a valid directory entry: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  } else {
    say('not applied', 'not applied by the import');
  }
}
console.log(`\n${Object.entries(counts).map(([t, n]) => `${t} ${String(n)}`).join(', ')}`);
console.log(`${String(outcome.applies)} would apply, ${String(outcome['not taken'])} would be reported as not taken (by path), ${String(outcome['not applied'])} are kinds Tandem does not import.`);
if (failures > 0) {
  console.log(`${String(failures)} resource(s) Tandem cannot take.`);
  process.exit(1);
}
