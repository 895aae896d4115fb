import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Vite would pick graphql's ESM build for our sources while type-graphql and Apollo
    // load the CommonJS one: two graphql realms. Node itself resolves to CommonJS too.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Test files own their databases, so they may run side by side.
    fileParallelism: true,
    pool: 'forks',
  },
});
