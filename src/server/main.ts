/** config → database → listen; graceful shutdown on SIGTERM and SIGINT. */
import { count } from 'drizzle-orm';
import { buildApp, logSerializers } from './app.ts';
import { systemClock } from './clock.ts';
import type { Config } from './config.ts';
import { openConfiguredDatabase } from './db/open.ts';
import { sealAuditTrail } from './audit/audit.chain.ts';
import { sweepExpiredCredentials } from './auth/housekeeping.ts';
import { foldFigureChanges } from './reports/figure-changes.ts';
import { sweepIdempotencyKeys } from './idempotency/idempotency.ts';
import { users } from './users/users.table.ts';
import { buildWeb, webBuildIsStale } from './web-build.ts';
import { limitHeapGrowth } from './heap.ts';

/** How often new audit rows are linked into the hash chain. */
const AUDIT_SEAL_MS = 5_000;
/** How long requests in flight may take to finish after SIGTERM. */
const SHUTDOWN_GRACE_MS = 20_000;

export interface ServeOptions {
  /** Skip building the web app (the Vite dev server serves it). */
  skipWebBuild?: boolean;
  /** Printed once the server listens (the demo lists its personas). */
  banner?: string;
}

export async function serve(config: Config, options: ServeOptions = {}): Promise<void> {
  limitHeapGrowth();
  // The data folder is locked before the build: the build empties dist/web, and a second server
  // refused on a folder in use must not pull the running server's files from under it.
  const opened = await openConfiguredDatabase(config, 'server');
  const { database } = opened;
  if (!options.skipWebBuild && webBuildIsStale()) {
    console.log('Building the web app (first start, or its sources changed)…');
    try {
      await buildWeb();
    } catch (err) {
      await opened.close();
      throw err;
    }
  }
  const app = await buildApp({
    database,
    clock: systemClock,
    config,
    serveWeb: true,
    logger: { level: config.logLevel, serializers: logSerializers },
  });

  // Old sessions, lockout counters, invitation links and idempotency keys are cleared at start and hourly,
  // and the report figures' change rows of closed connections folded.
  const sweep = () =>
    Promise.all([
      sweepExpiredCredentials(database.db, systemClock.now()),
      sweepIdempotencyKeys(database.db, systemClock.now()),
      foldFigureChanges(database.db),
    ]).then(
      ([removed, idempotencyKeys, figureChanges]) => app.log.info({ removed: { ...removed, idempotencyKeys, figureChanges } }, 'expired sign-in records removed'),
      (err: unknown) => app.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'housekeeping failed'),
    );
  const sweepTimer = setInterval(() => void sweep(), 3_600_000);
  sweepTimer.unref();

  // Audit rows go in unsealed (a plain insert); they join the hash chain here, a few seconds later.
  // When another server is sealing, this round is skipped: that server seals these rows too. A
  // round stops between batches once `sealUntil` has passed (a long backlog must not hold up shutdown).
  let sealing: Promise<void> | null = null;
  let sealUntil = Number.POSITIVE_INFINITY;
  const seal = () =>
    (sealing ??= sealAuditTrail(database.db, { shouldStop: () => Date.now() > sealUntil })
      .then(
        () => undefined,
        (err: unknown) => app.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'sealing the audit trail failed'),
      )
      .finally(() => (sealing = null)));
  const sealTimer = setInterval(() => void seal(), AUDIT_SEAL_MS);
  sealTimer.unref();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests in flight');
    clearInterval(sweepTimer);
    clearInterval(sealTimer);
    // Keep-alive connections that fall idle once their request is answered would hold
    // close() open for up to the keep-alive timeout: close them as they go idle, and
    // cut any that still hang on after the grace period.
    const idleCloser = setInterval(() => app.server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    try {
      await app.close();
      clearInterval(idleCloser);
      clearTimeout(deadline);
      // The last requests' audit rows are sealed before the database closes (a backlog, in part: the next start goes on).
      sealUntil = Date.now() + AUDIT_SEAL_MS;
      await sealing;
      await seal();
      await opened.close();
      process.exit(0);
    } catch (err) {
      console.error('Shutdown failed:', err);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await opened.close();
    throw err;
  }
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${(app.server.address() as { port: number }).port}`;
  console.log(`Tandem is running at ${url} (database: ${database.kind}, ${opened.location})`);
  const [row] = await database.db.select({ n: count() }).from(users);
  if (!row || row.n === 0) {
    const stop = database.kind === 'pglite' ? 'Stop Tandem (Ctrl+C), then create' : 'Create';
    console.log(
      `\nNo users yet. ${stop} the first program administrator:\n` +
        `  npx tandem user create --email you@example.org --name "Your Name" --role program_admin\n` +
        (database.kind === 'pglite' ? 'and start Tandem again with npm start.\n' : ''),
    );
  }
  if (options.banner) console.log(options.banner);
  await sweep();
}
