// Vitest global setup for the db-supabase project: the same suites as `db`, on a Supabase-shaped
// PostgreSQL 17 (tests/helpers/supabase-faithful.ts) with the migrations pushed as
// `supabase db push` pushes them. adminUrl is `postgres` — what a project owner holds on
// Supabase (not a superuser) — and appUrl is the app's own login, crystal_app, as in production.
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { dbPush } from '../../lib/db/db-push.ts';
import { APP_LOGIN_ROLE } from '../../lib/db/migrate.ts';
import { assertLocalDatabase } from './local-only.ts';
import { buildSupabaseFaithful } from './supabase-faithful.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set only on the faithful database: supabase_admin, the platform's superuser. */
    superUrl?: string;
    profile?: 'local' | 'supabase';
  }
}

export default async function setup(project: TestProject) {
  const db = await buildSupabaseFaithful({ password: 'test-admin' });
  assertLocalDatabase(db.postgresUrl);
  const sql = postgres(db.postgresUrl, { onnotice: () => {}, max: 1 });
  try {
    await dbPush(sql);
    // README "Deploy to Supabase": the owner gives the app's role its password.
    await sql.unsafe(`alter role ${APP_LOGIN_ROLE} with password 'test-app'`);
  } catch (err) {
    await sql.end();
    await db.stop();
    throw err;
  }
  await sql.end();
  const app = new URL(db.postgresUrl);
  app.username = APP_LOGIN_ROLE;
  app.password = 'test-app';
  project.provide('adminUrl', db.postgresUrl);
  project.provide('appUrl', app.toString());
  project.provide('pgDataDir', db.dataDir);
  project.provide('superUrl', db.superUrl);
  project.provide('profile', 'supabase');
  return () => db.stop();
}
