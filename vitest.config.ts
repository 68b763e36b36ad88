import { defineConfig } from 'vitest/config';

// Two workers at most: each embedded PGlite takes several hundred MB.
export default defineConfig({
  test: {
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          environment: 'node',
          // The server's files share a worker's loaded modules instead of importing the app
          // afresh per file (about 1 s each, a quarter of the suite's time on 2 cores). Each
          // file opens and closes its own database; no module of the server keeps state
          // between them. The web files stay isolated: they share one DOM otherwise.
          isolate: false,
          include: ['src/server/**/*.test.ts', 'src/demo/**/*.test.ts', 'src/core/**/*.test.ts', 'src/cli/**/*.test.ts', 'test/integration/**/*.test.ts'],
        },
      },
      {
        // Long hostile and failure runs: `npm run test:resilience` (CI runs it on both databases).
        extends: true,
        test: {
          name: 'resilience',
          environment: 'node',
          include: ['test/resilience/**/*.test.ts'],
          testTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'web',
          environment: 'happy-dom',
          include: ['src/web/**/*.test.{ts,tsx}'],
        },
      },
    ],
  },
});
