import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // One real PostgreSQL server for the run: the store, quiz and leaderboard suites run on both engines.
    globalSetup: ['test/support/postgres-server.ts'],
    // The machines are shared and noisy: tests assert behaviour, never wall time.
  },
});
