import { defineConfig } from 'vitest/config';

// Projects: `server` (fast, nock or in-process), `emulator` (the demo Instagram emulator on its own),
// `e2e` (real processes and headless Chromium, run after the build) and `soak` (minutes of load,
// faults and crashes). wtr runs the mocha-style widget tests.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          environment: 'node',
          include: ['test/server/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'emulator',
          environment: 'node',
          include: ['test/emulator/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'soak',
          environment: 'node',
          include: ['test/soak/**/*.test.ts'],
          pool: 'forks',
          fileParallelism: false,
          testTimeout: 900_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
