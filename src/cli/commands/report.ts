/**
 * `tandem report --from YYYY-MM-DD --to YYYY-MM-DD --format csv|xlsx|json
 * [--site ID]... [--compare previous_period|previous_year] [--out FILE]`: the
 * program report, computed as the server computes it, at the program level (all
 * sites unless --site narrows it; nothing suppressed), recorded in the audit
 * trail as the system. Written to stdout, or to FILE.
 */
import { writeFileSync } from 'node:fs';
import { programReportQuery } from '../../core/reports.ts';
import { systemActor } from '../../server/http/actor.ts';
import { ValidationError } from '../../server/http/errors.ts';
import { extraConnectionsOf } from '../../server/reports/query-lanes.ts';
import { getProgramReport, toReportCsv } from '../../server/reports/reports.tables.ts';
import { toXlsx } from '../../server/reports/xlsx.ts';
import { CliUsageError, parse } from '../args.ts';
import { inAdminTransaction } from './with-database.ts';

export const REPORT_USAGE =
  'Usage: tandem report --from YYYY-MM-DD --to YYYY-MM-DD [--format csv|xlsx|json] [--site SITE_ID]... [--compare previous_period|previous_year] [--out FILE]';

/** The flag each query field comes from, for messages. */
const FLAG: Record<string, string> = { from: '--from', to: '--to', format: '--format', siteId: '--site', compare: '--compare' };

export async function reportCommand(args: string[]): Promise<void> {
  const { values, positionals } = parse(args, {
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    site: { type: 'string', multiple: true },
    compare: { type: 'string' },
    out: { type: 'string' },
  });
  if (positionals.length > 0) throw new CliUsageError(`Unexpected argument "${positionals[0] ?? ''}". ${REPORT_USAGE}`);
  const missing = (['from', 'to'] as const).filter((f) => values[f] === undefined).map((f) => `  --${f}: Required`);
  if (missing.length) throw new CliUsageError(`The report cannot be made:\n${missing.join('\n')}\n${REPORT_USAGE}`);
  const parsed = programReportQuery.safeParse({
    from: values.from,
    to: values.to,
    format: values.format ?? 'csv',
    ...(values.site?.length ? { siteId: values.site } : {}),
    ...(values.compare ? { compare: values.compare } : {}),
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => {
      const field = String(i.path[0] ?? '');
      return `  ${FLAG[field] ?? field}: ${i.message}`;
    });
    throw new CliUsageError(`The report cannot be made:\n${[...new Set(lines)].join('\n')}\n${REPORT_USAGE}`);
  }
  const query = parsed.data;
  if (query.format === 'xlsx' && !values.out && process.stdout.isTTY) {
    throw new CliUsageError('A workbook is not for the terminal: give --out FILE.xlsx (or redirect stdout to a file).');
  }
  let result: Awaited<ReturnType<typeof getProgramReport>>;
  try {
    result = await inAdminTransaction((tx, now, { database, config }) =>
      getProgramReport(tx, systemActor, query, now, { connections: extraConnectionsOf(database, config.reportConnections) }),
    );
  } catch (err) {
    if (err instanceof ValidationError) throw new CliUsageError(`--site: ${err.details?.[0]?.message ?? err.message}`);
    throw err;
  }
  const body: string | Uint8Array =
    query.format === 'json' ? `${JSON.stringify(result.tables, null, 2)}\n` : query.format === 'csv' ? toReportCsv(result.tables) : toXlsx(result.tables);
  if (values.out) {
    writeFileSync(values.out, body);
    console.error(`Wrote ${values.out} (${result.tables.length} tables, ${query.from} to ${query.to}).`);
    return;
  }
  await new Promise<void>((resolve, reject) => process.stdout.write(body, (err) => (err ? reject(err) : resolve())));
}
