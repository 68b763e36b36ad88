/**
 * `tandem import hsds|samhsa FILE` and `tandem export hsds [FILE]`: the resource
 * directory in and out as Open Referral HSDS 3.0 JSON (and SAMHSA treatment-locator
 * records in). Each organization is imported in its own transaction, so a large file
 * shows its progress and an interrupted import can simply be run again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { ianaTimeZone, type HsdsImportReport } from '../../core/resources.ts';
import { loadConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/db/open.ts';
import { systemActor } from '../../server/http/actor.ts';
import { AppError } from '../../server/http/errors.ts';
import { timeZoneForState } from '../../server/resources/resources.hsds.ts';
import { exportHsds, importHsds } from '../../server/resources/resources.import.ts';
import { samhsaRows, samhsaToHsds } from '../../server/resources/resources.samhsa.ts';
import { CliUsageError, parse } from '../args.ts';

const IMPORT_USAGE = 'Usage: tandem import hsds|samhsa FILE [--time-zone ZONE]';
const EXPORT_USAGE = 'Usage: tandem export hsds [FILE]';

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliUsageError(`Cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CliUsageError(`${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** On a terminal one line that counts up; in a log a line every tenth of the way. */
function progress(label: string): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${label}: ${done}/${total} organizations`);
      if (done === total) process.stderr.write('\n');
      return;
    }
    const tenth = Math.floor((done / Math.max(total, 1)) * 10);
    if (tenth !== lastTenth || done === total) {
      lastTenth = tenth;
      console.error(`${label}: ${done}/${total} organizations`);
    }
  };
}

function printReport(report: HsdsImportReport): void {
  console.log(`Created ${report.created}, updated ${report.updated} resource(s); ${report.invalid.length} record(s) left out.`);
  for (const bad of report.invalid) {
    console.log(`  ${bad.type} ${bad.id ?? '(no id)'}`);
    for (const issue of bad.issues) console.log(`    ${issue.path}: ${issue.message}`);
  }
}

export async function importCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, { 'time-zone': { type: 'string' } });
  const [format, file] = positionals;
  if ((format !== 'hsds' && format !== 'samhsa') || !file) throw new CliUsageError(IMPORT_USAGE);
  const zone = ianaTimeZone.safeParse(values['time-zone'] ?? 'America/Chicago');
  if (!zone.success) throw new CliUsageError(`--time-zone: ${zone.error.issues[0]?.message ?? 'not a time zone'}`);
  const data = readJson(file);
  const input = format === 'samhsa' ? samhsaRows(data).map((row) => samhsaToHsds(row, zone.data, timeZoneForState)) : data;
  const opened = await openConfiguredDatabase(loadConfig(), 'command line');
  try {
    const report = await importHsds(opened.database.db, systemActor, input, new Date(), {
      fallbackTimeZone: zone.data,
      source: format === 'samhsa' ? 'samhsa' : 'hsds',
      onProgress: progress(`Importing ${file}`),
    });
    printReport(report);
    if (report.invalid.length > 0) throw new AppError(422, 'import_incomplete', `${report.invalid.length} record(s) were left out (listed above); the others were imported.`);
  } finally {
    await opened.close();
  }
}

export async function exportCommand(args: string[]): Promise<void> {
  const { positionals } = parse(args, {});
  const [format, file] = positionals;
  if (format !== 'hsds') throw new CliUsageError(EXPORT_USAGE);
  const opened = await openConfiguredDatabase(loadConfig(), 'command line');
  try {
    const data = await exportHsds(opened.database.db);
    const text = `${JSON.stringify(data, null, 2)}\n`;
    if (file) {
      writeFileSync(file, text);
      console.error(`Wrote ${String(data.total_items)} organization(s) to ${file}`);
    } else process.stdout.write(text);
  } finally {
    await opened.close();
  }
}
