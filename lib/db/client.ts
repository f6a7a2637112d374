// The app's connection pool. It logs in as `crystal_app` on both profiles (owns nothing; may only
// switch to anon/authenticated), so a query outside withRls sees no rows at all.
import postgres, { type Sql } from 'postgres';

const globalForDb = globalThis as unknown as { crystalAppDb?: Sql };

export function appDatabaseUrl(): string {
  const url = process.env.APP_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('APP_DATABASE_URL (or DATABASE_URL) is not set — start the app with `npm start`');
  return url;
}

export function appDb(): Sql {
  // Kept on globalThis so Next's dev reloads don't open a new pool per module reload.
  globalForDb.crystalAppDb ??= postgres(appDatabaseUrl(), {
    max: Number(process.env.DB_POOL_MAX ?? 10),
    idle_timeout: 30,
    onnotice: () => {},
    // Supabase's transaction pooler does not support prepared statements.
    prepare: !/pooler\.supabase\.com/.test(appDatabaseUrl()),
  });
  return globalForDb.crystalAppDb;
}
