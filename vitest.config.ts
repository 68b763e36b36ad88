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
