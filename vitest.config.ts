import { defineConfig } from 'vitest/config';

// Unit tests live beside the code; integration, interop, e2e and bench under test/.
export default defineConfig({
  test: {
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'src-*/**/*.test.{ts,tsx}',
            'test/unit/**/*.test.ts',
            'test/lint/**/*.test.ts',
            'test/fixtures/**/*.test.ts',
            'test/bench/**/*.test.ts',
            'test/support/**/*.test.ts',
          ],
        },
      },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      // Real files from other tools, when they are beside the checkout (test/interop/third-party.ts);
      // otherwise skipped, with one line saying so.
      {
        extends: true,
        test: { name: 'interop', include: ['test/interop/**/*.test.ts'], globalSetup: ['test/interop/setup.ts'] },
      },
      // e2e waits are for a real browser and studio on a machine that may be busy: a UI round trip
      // can take seconds there, so expect.poll waits up to 10 s (its default, 1 s, was a source of
      // flakes) and a test may take 2 minutes. The assertions are the same; only the wait is longer.
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
