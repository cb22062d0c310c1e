import { defineConfig } from 'vitest/config';

// Unit and API tests. The same suite runs on SQLite (default) and on PostgreSQL
// when DATABASE_URL=postgres://… is set. End-to-end tests have their own config.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
