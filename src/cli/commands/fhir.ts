/**
 * `tandem export fhir --out DIR`: the whole program as FHIR Bulk Data NDJSON, one
 * file per resource type (Patient.ndjson, Encounter.ndjson, …), streamed one
 * participant at a time with progress on stderr. `tandem import fhir FILE
 * [--site SITE_ID]`: a Bundle of Patients (new participants of that site),
 * Consents, ServiceRequests with their Tasks (new referrals) and referral Task
 * updates, applied as POST /api/fhir/import does, one line per resource.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { TANDEM_CANONICAL } from '../../core/fhir/codes.ts';
import { fhirImportInput, fhirImportQuery, type FhirImportReport } from '../../core/fhir/schemas.ts';
import { systemClock } from '../../server/clock.ts';
import { loadConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/db/open.ts';
import { exportProgram } from '../../server/fhir/fhir.bulk.ts';
import { importBundle } from '../../server/fhir/fhir.import.ts';
import { systemActor } from '../../server/http/actor.ts';
import { AppError, ValidationError } from '../../server/http/errors.ts';
import { CliUsageError, parse } from '../args.ts';

const EXPORT_USAGE = 'Usage: tandem export fhir --out DIR';
const IMPORT_USAGE = 'Usage: tandem import fhir FILE [--site SITE_ID]';

/** One NDJSON file per resource type, opened on its first resource; writes wait when a file's buffer is full. */
class NdjsonFiles {
  private readonly files = new Map<string, WriteStream>();
  constructor(private readonly dir: string) {}

  async write(type: string, resource: Resource): Promise<void> {
    let file = this.files.get(type);
    if (!file) {
      file = createWriteStream(join(this.dir, `${type}.ndjson`), { flags: 'w' });
      this.files.set(type, file);
    }
    if (!file.write(`${JSON.stringify(resource)}\n`)) await once(file, 'drain');
  }

  async close(): Promise<void> {
    await Promise.all([...this.files.values()].map((f) => new Promise<void>((resolve, reject) => f.end((err?: Error | null) => (err ? reject(err) : resolve())))));
  }
}

export async function fhirExportCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { out: { type: 'string' } });
  if (positionals.length > 0 || !values.out) throw new CliUsageError(EXPORT_USAGE);
  const dir = values.out;
  mkdirSync(dir, { recursive: true });
  const config = loadConfig();
  const opened = await openConfiguredDatabase(config, 'command line');
  const files = new NdjsonFiles(dir);
  const started = Date.now();
  try {
    const result = await exportProgram(opened.database.db, systemActor, systemClock.now(), {
      base: config.publicUrl ? `${config.publicUrl}/fhir` : TANDEM_CANONICAL,
      sink: files,
      onProgress: (p) => {
        if (p.participants % 25 === 0) console.error(`${String(p.participants)} participants, ${String(p.resources)} resources`);
      },
    });
    await files.close();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.error(`Exported ${String(result.participants)} participants as ${String(result.resources)} resources in ${seconds} s to ${dir}:`);
    for (const [type, n] of Object.entries(result.byType).sort()) console.error(`  ${type}.ndjson  ${String(n)}`);
  } finally {
    await files.close().catch(() => undefined);
    await opened.close();
  }
}

export async function fhirImportCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { site: { type: 'string' } });
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new CliUsageError(IMPORT_USAGE);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (err) {
    throw new CliUsageError(`Cannot read ${file} as JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const query = fhirImportQuery.safeParse({ siteId: values.site });
  if (!query.success) throw new CliUsageError(`--site: ${query.error.issues[0]?.message ?? 'not a site id'}`);
  const parsed = fhirImportInput.safeParse(data);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })), `${file} is not a FHIR Bundle`);
  const opened = await openConfiguredDatabase(loadConfig(), 'command line');
  try {
    const report = await opened.database.db.transaction((tx) => importBundle(tx, systemActor, parsed.data, systemClock.now(), query.data));
    for (const a of report.applied) console.log(`applied  ${a.id}: ${describeApplied(a)}`);
    for (const r of report.rejected) console.log(`rejected ${r.id} at ${r.path}: ${r.message}`);
    if (report.rejected.length > 0) throw new AppError(422, 'import_incomplete', `${String(report.rejected.length)} resource(s) were not applied (listed above).`);
  } finally {
    await opened.close();
  }
}

/** One line of the report for what was applied. */
export function describeApplied(a: FhirImportReport['applied'][number]): string {
  const with_ = (parts: string[]) => (parts.length ? ` (with ${parts.join(', ')})` : '');
  switch (a.kind) {
    case 'participant_created':
      return `participant ${a.participantId} created`;
    case 'participant_matched':
      return `already in Tandem as participant ${a.participantId} (unchanged)`;
    case 'organization_created':
      return `added to the resource directory as ${a.resourceId}${with_(a.parts)}`;
    case 'organization_matched':
      return `already in the resource directory as ${a.resourceId} (unchanged)${with_(a.parts)}`;
    case 'consent_recorded':
      return `consent ${a.consentId} recorded${a.revoked ? ' and revoked today (inactive)' : ''}`;
    case 'consent_matched':
      return `already recorded as consent ${a.consentId} (unchanged)`;
    case 'referral_created':
      return `referral ${a.referralId} created: ${a.steps.join(' → ')}${a.tasks.length ? ` (from ${a.tasks.join(', ')})` : ''}`;
    case 'referral_matched':
      return `already in Tandem as referral ${a.referralId} (unchanged; its Task moves it)`;
    case 'referral_status':
      return `referral ${a.referralId} ${a.from} → ${a.to}${a.changed ? '' : ' (unchanged)'}`;
  }
}
