import { defineConfig } from 'vitest/config';

// End-to-end tests: a real server (child process) on a temporary SQLite file,
// driven by Chromium through playwright-core. Run with `npm run test:e2e`,
// which builds the web app first (the server serves dist/web).
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    sequence: { concurrent: false },
  },
});
