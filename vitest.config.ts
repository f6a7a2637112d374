import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'db',
          include: ['tests/db/**/*.test.ts', 'tests/functions/**/*.test.ts'],
          globalSetup: ['tests/helpers/db-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // Real launcher, real signals (tests/faults/helpers.ts): one stack, tests in order.
        extends: true,
        test: {
          name: 'faults',
          include: ['tests/faults/**/*.test.ts'],
          fileParallelism: false,
          sequence: { concurrent: false },
          testTimeout: 600_000,
          // The first start builds Next when the build is stale.
          hookTimeout: 1_200_000,
        },
      },
    ],
  },
});
