/**
 * `tandem demo [--data-dir DIR] [--port N] [--reset] [--seed-only]`: Tandem on a
 * data folder of its own (default ./data-demo; DATABASE_URL overrides), seeded with
 * the demonstration program when the database has no users yet, then served
 * exactly as `tandem serve` would.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoBanner } from '../../demo/banner.ts';
import { demoNeedsSeed, holdsDemo, seedDemo } from '../../demo/seed.ts';
import { systemClock } from '../../server/clock.ts';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { lockDataFolder } from '../../server/db/data-folder-lock.ts';
import { openConfiguredDatabase } from '../../server/db/open.ts';
import { serve } from '../../server/main.ts';
import { CliUsageError, parse } from '../args.ts';

export const DEFAULT_DEMO_DIR = './data-demo';
/** Written into a data folder the demo seeded; --reset deletes only folders that carry it. */
const MARKER = 'tandem-demo.json';

function parsePort(value: string): string {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new CliUsageError(`--port must be a number from 0 to 65535, not "${value}"`);
  return value;
}

/** Deletes the demo folder, but only one the demo made (or an empty one) and only when no Tandem process holds it. */
function resetFolder(dir: string): void {
  if (!existsSync(dir)) return;
  const lock = lockDataFolder(dir, 'demo reset');
  const entries = readdirSync(dir).filter((f) => f !== 'tandem.lock');
  if (entries.length > 0 && !entries.includes(MARKER)) {
    lock.release();
    throw new ConfigError(`--reset deletes only a folder the demo created, and ${dir} has no ${MARKER}: it may hold real data. Choose another --data-dir.`);
  }
  lock.release();
  rmSync(dir, { recursive: true, force: true });
  console.log(`Deleted the demo data in ${dir}.`);
}

export async function demoCommand(args: string[]): Promise<void> {
  const { values } = parse(args, {
    'data-dir': { type: 'string' },
    port: { type: 'string' },
    reset: { type: 'boolean' },
    'seed-only': { type: 'boolean' },
    dev: { type: 'boolean' },
  });
  const config = loadConfig({
    ...process.env,
    // The demo never touches the real data folder, whatever TANDEM_DATA_DIR says.
    TANDEM_DATA_DIR: values['data-dir'] ?? DEFAULT_DEMO_DIR,
    ...(values.port === undefined ? {} : { PORT: parsePort(values.port) }),
  });
  if (values.reset) {
    if (config.databaseUrl) {
      throw new ConfigError(
        '--reset works on the demo data folder only. With DATABASE_URL, drop and re-create that database yourself, then run the demo again.',
      );
    }
    resetFolder(config.dataDir);
  }

  const opened = await openConfiguredDatabase(config, 'demo seed');
  let isDemo: boolean;
  try {
    const db = opened.database.db;
    if (await demoNeedsSeed(db)) {
      console.log(`Seeding the demonstration program into ${opened.location}…`);
      const r = await seedDemo(db, systemClock.now());
      if (!config.databaseUrl) writeFileSync(join(config.dataDir, MARKER), `${JSON.stringify({ seededAt: new Date().toISOString() })}\n`);
      console.log(
        `Seeded ${r.sites} sites, ${r.users} staff, ${r.participants} participants (${r.changes} later changes, ${r.transfers} transfers) in ${(r.milliseconds / 1000).toFixed(1)} s.`,
      );
    }
    isDemo = await holdsDemo(db);
  } finally {
    await opened.close();
  }

  if (!isDemo) {
    console.warn(
      `This database already has users who are not the demo's (${opened.location}); the demo leaves it as it is and adds nothing.` +
        (config.databaseUrl ? ' Point DATABASE_URL at an empty database for the demo.' : ' Use another --data-dir for the demo.'),
    );
  }
  if (values['seed-only']) {
    if (isDemo) console.log(demoBanner(null));
    return;
  }
  const url = config.port === 0 ? null : `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
  // --dev, as for serve: the web app is served as last built, never rebuilt at start.
  await serve(config, { skipWebBuild: values.dev === true, ...(isDemo ? { banner: demoBanner(url) } : {}) });
}
