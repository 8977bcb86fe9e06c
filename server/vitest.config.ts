import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql ships CJS and ESM builds; type-graphql loads the CJS one. Vite would pick the ESM
    // one for our files, and two copies of graphql reject each other's types ("another realm").
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
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
