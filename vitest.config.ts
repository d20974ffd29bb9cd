import { defineConfig } from 'vitest/config';

// Unit tests live beside the code; integration, e2e and bench under test/.
export default defineConfig({
  test: {
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['src-*/**/*.test.{ts,tsx}', 'test/unit/**/*.test.ts', 'test/bench/**/*.test.ts', 'test/support/**/*.test.ts'] } },
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false } },
    ],
  },
});
