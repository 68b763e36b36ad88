/**
 * `tandem seed --participants N [--seed S] [--chunk C]`: fills an empty program
 * (DATABASE_URL, or the data folder) with a generated state-wide one of N
 * participants, for load tests and capacity planning. Progress on stderr.
 */
import { systemClock } from '../../server/clock.ts';
import { loadConfig } from '../../server/config.ts';
import { openConfiguredDatabase } from '../../server/db/open.ts';
import { progressReporter, formatDuration } from '../../server/seed/progress.ts';
import { DEFAULT_SEED, SEED_EMAIL_DOMAIN, SEED_PASSWORD, seedScale } from '../../server/seed/scale.ts';
import { CliUsageError, parse, required } from '../args.ts';

function positive(value: string, flag: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) throw new CliUsageError(`--${flag} must be a whole number from 1 to ${max.toLocaleString('en-US')}, not "${value}"`);
  return Number(value);
}

export async function seedCommand(args: string[]): Promise<void> {
  const { values } = parse(args, { participants: { type: 'string' }, seed: { type: 'string' }, chunk: { type: 'string' } });
  const participants = positive(required(values.participants, 'participants'), 'participants', 10_000_000);
  const seed = values.seed === undefined ? DEFAULT_SEED : positive(values.seed, 'seed', 2 ** 32 - 1);
  const chunkSize = values.chunk === undefined ? 500 : positive(values.chunk, 'chunk', 10_000);
  const opened = await openConfiguredDatabase(loadConfig(), 'seed');
  try {
    console.error(`Generating a program of ${participants.toLocaleString('en-US')} participants into ${opened.location} (seed ${String(seed)})…`);
    const r = await seedScale(opened.database.db, { participants, seed, chunkSize, now: systemClock.now(), onProgress: progressReporter() });
    const total = Object.values(r.rows).reduce((a, b) => a + b, 0);
    console.log(`Generated ${String(r.sites)} sites, ${String(r.staff)} staff and ${r.participants.toLocaleString('en-US')} participants: ${total.toLocaleString('en-US')} rows in ${formatDuration(r.milliseconds)}.`);
    for (const [table, n] of Object.entries(r.rows)) console.log(`  ${table.padEnd(28)} ${n.toLocaleString('en-US').padStart(12)}`);
    console.log(`Staff sign in as <role>.<n>@${SEED_EMAIL_DOMAIN} (e.g. admin.0@${SEED_EMAIL_DOMAIN}) with the password "${SEED_PASSWORD}".`);
  } finally {
    await opened.close();
  }
}
