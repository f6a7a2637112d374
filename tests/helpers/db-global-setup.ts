// Vitest global setup for the db project: one fresh embedded PostgreSQL per run, migrated from
// empty. Test files create their own orgs, so they can share it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { startLocalPostgres } from '../../lib/db/local-postgres.ts';
import { APP_LOGIN_ROLE, migrate } from '../../lib/db/migrate.ts';
import { assertLocalDatabase } from './local-only.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    appUrl: string;
    pgDataDir: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'crystal-test-pg-'));
  const pg = await startLocalPostgres({ dataDir, password: 'test-admin' });
  assertLocalDatabase(pg.url);
  const sql = postgres(pg.url, { onnotice: () => {}, max: 2 });
  await migrate(sql, { appPassword: 'test-app' });
  await sql.end();
  const app = new URL(pg.url);
  app.username = APP_LOGIN_ROLE;
  app.password = 'test-app';
  project.provide('adminUrl', pg.url);
  project.provide('appUrl', app.toString());
  project.provide('pgDataDir', dataDir);
  project.provide('profile', 'local');
  return async () => {
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
