import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);

/** Debian's Chromium, started the way this machine's closed network needs. */
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

/**
 * Desktop journeys run against one demo server, the 375-px phone journeys against a second one
 * (started after the first), at the same time (one worker each): the two never share data, so a journey's counts cannot be
 * disturbed by the other size's run.
 *
 * E2E_SIZES picks the sizes ("desktop,phone"). By default both run on the embedded PGlite, and the
 * desktop alone on PostgreSQL (TEST_DATABASE_URL): the phone runs check layout and touch, which do not
 * depend on the database. CI's PGlite pass takes the phone only (.ci/run), so every journey runs once
 * per database and once per size.
 */
const sizes = (process.env.E2E_SIZES ?? (process.env.TEST_DATABASE_URL ? 'desktop' : 'desktop,phone')).split(',').map((s) => s.trim());
for (const size of sizes) if (size !== 'desktop' && size !== 'phone') throw new Error(`E2E_SIZES: "${size}" is neither desktop nor phone`);
const desktop = sizes.includes('desktop');
const phone = sizes.includes('phone');
const servers = [
  ...(desktop ? [{ project: 'desktop', port: PORT }] : []),
  ...(phone ? [{ project: 'phone', port: PORT + 1 }] : []),
];
/** `--project NAME` on the command line: start only the servers of the projects asked for. */
const asked = process.argv.flatMap((a, i) => (a === '--project' ? [process.argv[i + 1]] : a.startsWith('--project=') ? [a.slice(10)] : []));
const started = servers.filter((s) => asked.length === 0 || asked.includes(s.project));

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: false,
  workers: servers.length,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  use: {
    launchOptions: chromium,
    trace: 'off',
    // The demo program's sites keep Chicago time, and so do its people's phones and computers. The
    // forms' dates default to the browser's today: in the machine's zone (UTC) that is tomorrow in
    // Chicago from midnight to 6 a.m. UTC, and the server refuses a day in the site's future.
    timezoneId: 'America/Chicago',
  },
  projects: [
    ...(desktop
      ? [{ name: 'desktop', workers: 1, use: { ...devices['Desktop Chrome'], baseURL: `http://127.0.0.1:${String(PORT)}`, launchOptions: chromium } }]
      : []),
    ...(phone
      ? [
          {
            name: 'phone',
            workers: 1,
            use: { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, baseURL: `http://127.0.0.1:${String(PORT + 1)}`, launchOptions: chromium },
          },
        ]
      : []),
  ],
  // A fresh demo program on its own database for each server (see test/e2e/server.ts).
  webServer: started.map((s) => ({
    command: `node --import tsx test/e2e/server.ts`,
    url: `http://127.0.0.1:${String(s.port)}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'ignore' as const,
    stderr: 'pipe' as const,
    env: { E2E_PORT: String(s.port), E2E_BUILD: s === started[0] ? '1' : '0' },
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 10_000 },
  })),
});
