// Applies supabase/migrations the way `supabase db push` does (supabase/cli pkg/migration), so
// the faithful-database tests and `npm run supabase:rehearse` prove what a real push will do:
// connected as `postgres` (not a superuser on Supabase), `RESET ALL` first, each file split
// into statements by the CLI's rules and run inside ONE transaction per file, and the version
// recorded in supabase_migrations.schema_migrations. Unlike lib/db/migrate.ts it never applies
// the local shim: on Supabase those objects already exist.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Sql } from 'postgres';
import { MigrationError } from './migrate.ts';
import { splitStatements } from './split-statements.ts';

export async function dbPush(
  sql: Sql,
  opts: { root?: string; log?: (line: string) => void } = {},
): Promise<{ applied: string[] }> {
  const dir = path.join(opts.root ?? path.resolve('supabase'), 'migrations');
  const log = opts.log ?? (() => {});
  await sql.unsafe('RESET ALL');
  // The CLI's CreateMigrationTable: same schema, same columns.
  await sql.unsafe(`create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
    alter table supabase_migrations.schema_migrations add column if not exists statements text[];
    alter table supabase_migrations.schema_migrations add column if not exists name text;`);
  const done = new Set(
    (await sql<{ version: string }[]>`select version from supabase_migrations.schema_migrations`).map((r) => r.version),
  );
  const applied: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.sql')).sort()) {
    const m = /^(\d+)_(.+)\.sql$/.exec(file);
    if (!m) throw new MigrationError(file, 'file name must be <timestamp>_<name>.sql');
    const [, version, name] = m as unknown as [string, string, string];
    if (done.has(version)) continue;
    const statements = splitStatements(readFileSync(path.join(dir, file), 'utf8'));
    let current = 0;
    try {
      await sql.begin(async (tx) => {
        for (current = 0; current < statements.length; current++) await tx.unsafe(statements[current]!);
        await tx`insert into supabase_migrations.schema_migrations (version, name, statements)
                 values (${version}, ${name}, ${statements})`;
      });
    } catch (err) {
      const e = err as { message?: string };
      throw new MigrationError(file, `${e.message ?? String(err)} — statement ${current + 1}: ${statements[current]?.slice(0, 200)}`);
    }
    applied.push(file);
    log(`applied ${file}`);
  }
  return { applied };
}
