import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: '.',
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Builds dist/ (the compiled CLI that the CLI tests run) once, before any test file.
    globalSetup: ['test/helpers/build-cli.ts'],
  },
});
