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
          // supabase-*: need GoTrue's auth schema, only in db-supabase.
          exclude: ['tests/db/supabase-*.test.ts'],
          globalSetup: ['tests/helpers/db-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The DB suites again, on a Supabase-shaped PostgreSQL 17 (Supabase's init scripts, role
        // migrations and GoTrue's auth migrations; migrations pushed as `supabase db push` does).
        extends: true,
        test: {
          name: 'db-supabase',
          include: [
            'tests/db/rls-matrix.test.ts',
            'tests/db/migrations.test.ts',
            'tests/db/auth.test.ts',
            'tests/db/import.test.ts',
            'tests/db/import-app.test.ts',
            'tests/db/features.test.ts',
            'tests/db/api-surface.test.ts',
            'tests/db/supabase-*.test.ts',
          ],
          globalSetup: ['tests/helpers/db-supabase-global-setup.ts'],
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
      {
        // Attacks on a real stack (tests/security/global-setup.ts starts the launcher). One file at
        // a time: they share the stack, and sign-in throttling keys on the client address.
        extends: true,
        test: {
          name: 'security',
          include: ['tests/security/**/*.test.ts'],
          globalSetup: ['tests/security/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
