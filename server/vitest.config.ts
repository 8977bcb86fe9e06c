import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite and decorator metadata behave best in separate processes; two cores, two workers.
    pool: 'forks',
    maxWorkers: 2,
  },
});
