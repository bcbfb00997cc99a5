import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    // wtr runs the mocha-style widget tests; e2e has its own config because it needs the built widget.
    include: ['test/server/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 10_000,
  },
});
