// Applies the local Supabase shim (when not on Supabase) and every pending migration in order,
// recording them in supabase_migrations.schema_migrations as the Supabase CLI does.
// One transaction per file: a failing migration leaves the database as it was.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Sql, TransactionSql } from 'postgres';

export class MigrationError extends Error {
  constructor(
    readonly file: string,
    readonly pgMessage: string,
  ) {
    super(`migration ${file} failed: ${pgMessage}`);
  }
}

const sqlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();

function describePgError(err: unknown, text: string): string {
  const e = err as { message?: string; position?: string; detail?: string; hint?: string };
  let msg = e.message ?? String(err);
  if (e.position) {
    const line = text.slice(0, Number(e.position)).split('\n').length;
    msg += ` (line ${line})`;
  }
  if (e.detail) msg += ` — ${e.detail}`;
  if (e.hint) msg += ` — hint: ${e.hint}`;
  return msg;
}

/** The app's database login on both profiles (migration 20261206001000_app_login_role.sql). */
export const APP_LOGIN_ROLE = 'crystal_app';

export async function isSupabase(sql: Sql | TransactionSql): Promise<boolean> {
  const [row] = await sql`select exists (select 1 from pg_roles where rolname = 'supabase_admin') as yes`;
  return Boolean(row?.yes);
}

export async function migrate(
  sql: Sql,
  opts: {
    root?: string;
    log?: (line: string) => void;
    /** Local profile: the password the app logs in with as APP_LOGIN_ROLE. */
    appPassword?: string;
    /** @deprecated the old name of appPassword (the app logged in as `authenticator` before). */
    authenticatorPassword?: string;
  } = {},
): Promise<{ applied: string[]; shim: boolean }> {
  const root = opts.root ?? path.resolve('supabase');
  const log = opts.log ?? (() => {});
  const applied: string[] = [];
  // Each step takes the same transaction-scoped advisory lock, so concurrent launchers/tests
  // on one database apply each file once.
  const lock = (tx: TransactionSql) => tx`select pg_advisory_xact_lock(hashtext('crystal-crm:migrate'))`;

  const shim = !(await isSupabase(sql));
  if (shim) {
    for (const file of sqlFiles(path.join(root, 'local'))) {
      const text = readFileSync(path.join(root, 'local', file), 'utf8');
      try {
        await sql.begin(async (tx) => {
          await lock(tx);
          await tx.unsafe(text);
        });
      } catch (err) {
        throw new MigrationError(`local/${file}`, describePgError(err, text));
      }
    }
  }
  await sql.begin(async (tx) => {
    await lock(tx);
    await tx`create schema if not exists supabase_migrations`;
    await tx`create table if not exists supabase_migrations.schema_migrations (
      version text primary key, statements text[], name text)`;
  });
  for (const file of sqlFiles(path.join(root, 'migrations'))) {
    const m = /^(\d+)_(.+)\.sql$/.exec(file);
    if (!m) throw new MigrationError(file, 'file name must be <timestamp>_<name>.sql');
    const [, version, name] = m as unknown as [string, string, string];
    const text = readFileSync(path.join(root, 'migrations', file), 'utf8');
    let didApply = false;
    try {
      await sql.begin(async (tx) => {
        await lock(tx);
        const [row] = await tx`select 1 as x from supabase_migrations.schema_migrations where version = ${version}`;
        if (row) return;
        await tx.unsafe(text);
        await tx`insert into supabase_migrations.schema_migrations (version, statements, name)
                 values (${version}, ${[text]}, ${name})`;
        didApply = true;
      });
    } catch (err) {
      throw new MigrationError(file, describePgError(err, text));
    }
    if (didApply) {
      applied.push(file);
      log(`applied ${file}`);
    }
  }
  // The role is created by a migration, so its password is set after them. Only locally: on
  // Supabase the owner sets it once (README "Deploy to Supabase").
  const appPassword = opts.appPassword ?? opts.authenticatorPassword;
  if (shim && appPassword) {
    await sql.unsafe(`alter role ${APP_LOGIN_ROLE} with login password '${appPassword.replace(/'/g, "''")}'`);
  }
  return { applied, shim };
}
