// The pieces of the local profile, started and stopped in order: PostgreSQL (embedded, or
// DATABASE_URL), migrations, edge functions under Deno, Next.js. Used by the launcher, the
// e2e web server and the CLI scripts. Children the launcher supervises are started `detached`
// (their own process group), so stopping one stops everything it spawned too.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import postgres, { type Sql } from 'postgres';
import { freePort, spawnPostmaster, startLocalPostgres, stopPostmaster } from '../../lib/db/local-postgres.ts';
import { APP_LOGIN_ROLE, migrate } from '../../lib/db/migrate.ts';
import { alive, stopGroup } from './processes.ts';
import { ensureSecrets, writeSecretFile } from './secrets.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const dataDir = () => path.resolve(ROOT, process.env.CRYSTAL_DATA_DIR ?? '.data');
const runtimeFile = () => path.join(dataDir(), 'runtime.json');

/** A child the launcher started, recorded so the next start can find it if the launcher dies. */
export type RuntimeChild = { name: 'postgres' | 'functions' | 'web'; pid: number };
export type Runtime = {
  pid: number;
  adminUrl: string;
  appUrl: string;
  functionsUrl?: string;
  webUrl?: string;
  children?: RuntimeChild[];
};
export type Database = {
  adminUrl: string;
  appUrl: string;
  embedded: boolean;
  stop: () => Promise<void>;
  /** Embedded only: the postmaster, and how to start it again on the same port and data dir. */
  child?: ChildProcess;
  restart?: () => Promise<ChildProcess>;
};
export const pgDataDir = () => path.join(dataDir(), 'pg');

const log = (line: string) => console.log(line);
/** Children started `detached`: each leads its own process group. */
const groupLeaders = new WeakSet<ChildProcess>();
const liveLeaders = new Set<ChildProcess>();
function leadsGroup(child: ChildProcess) {
  groupLeaders.add(child);
  liveLeaders.add(child);
  child.once('exit', () => liveLeaders.delete(child));
}
/** Pids (= process groups) of the detached web/functions children still running. */
export const runningGroups = () => [...liveLeaders].map((c) => c.pid!).filter(Boolean);

export async function startDatabase(opts: { quiet?: boolean; detached?: boolean } = {}): Promise<Database> {
  const secrets = await ensureSecrets(path.join(ROOT, '.env.local'));
  if (process.env.DATABASE_URL) {
    const adminUrl = process.env.DATABASE_URL;
    if (!process.env.APP_DATABASE_URL && !opts.quiet) {
      // The owner connection bypasses RLS (it owns the tables): fine for scripts, wrong for the app.
      log('[db] APP_DATABASE_URL is not set: the web app will use DATABASE_URL, which bypasses RLS — set APP_DATABASE_URL to the crystal_app login (README "Deploy to Supabase", step 2)');
    }
    return { adminUrl, appUrl: process.env.APP_DATABASE_URL ?? adminUrl, embedded: false, stop: async () => {} };
  }
  mkdirSync(dataDir(), { recursive: true });
  // Errors only; a fast shutdown's "terminating connection due to administrator command" is expected.
  const pgLog = opts.quiet ? undefined : (l: string) => /FATAL|PANIC|ERROR/.test(l) && !/administrator command/.test(l) && log(`[postgres] ${l.trim()}`);
  const pg = await startLocalPostgres({ dataDir: pgDataDir(), password: secrets.POSTGRES_PASSWORD!, log: pgLog, detached: opts.detached });
  const app = new URL(pg.url);
  app.username = APP_LOGIN_ROLE;
  app.password = secrets.AUTHENTICATOR_PASSWORD!;
  let child = pg.child;
  return {
    adminUrl: pg.url,
    appUrl: app.toString(),
    embedded: true,
    child,
    stop: () => stopPostmaster(child),
    // Same port: Next and Deno keep the URL they were started with and reconnect by themselves.
    restart: async () => (child = await spawnPostmaster({ dataDir: pgDataDir(), port: pg.port, log: pgLog, detached: opts.detached })),
  };
}

export async function migrateDatabase(adminUrl: string, quiet = false): Promise<string[]> {
  const sql = postgres(adminUrl, { onnotice: () => {}, max: 1 });
  try {
    const { applied } = await migrate(sql, {
      root: path.join(ROOT, 'supabase'),
      log: quiet ? undefined : (l) => log(`[migrate] ${l}`),
      appPassword: process.env.APP_DATABASE_URL ? undefined : process.env.AUTHENTICATOR_PASSWORD,
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

/** runtime.json as written, whether or not its launcher still runs (null: none, or unreadable). */
export function readRuntimeFile(): Runtime | null {
  if (!existsSync(runtimeFile())) return null;
  try {
    return JSON.parse(readFileSync(runtimeFile(), 'utf8')) as Runtime;
  } catch {
    return null;
  }
}
/** The running launcher's runtime.json; null when there is none or its launcher is gone. */
export function readRuntime(): Runtime | null {
  const rt = readRuntimeFile();
  return rt && alive(rt.pid) ? rt : null;
}
// Owner-only (0600): it holds the Postgres superuser's and the app login's (crystal_app) passwords.
export const writeRuntime = (rt: Runtime) => writeSecretFile(runtimeFile(), JSON.stringify(rt, null, 2));
export const clearRuntime = () => rmSync(runtimeFile(), { force: true });

async function waitFor(url: string, child: ChildProcess, what: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited (${child.signalCode ?? `code ${child.exitCode}`})`);
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

export async function startFunctions(opts: { adminUrl: string; watch?: boolean; port?: number; detached?: boolean }) {
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const deno = path.join(ROOT, 'node_modules', '.bin', 'deno');
  const args = ['run', '--unstable-no-legacy-abort', '--allow-net', '--allow-env', '--allow-read', '--allow-sys', '--config', path.join(ROOT, 'deno.json')];
  if (opts.watch) args.push('--watch=supabase/functions/,lib/engine/');
  args.push(path.join(ROOT, 'supabase', 'functions', '_local', 'host.ts'));
  const child = spawn(deno, args, {
    cwd: ROOT,
    detached: opts.detached ?? false,
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
  if (opts.detached) leadsGroup(child);
  prefixed(child, 'functions');
  try {
    await waitFor(`${url}/_health`, child, 'edge functions (deno)');
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { url, port, child };
}

export function nextBuildIsStale(): boolean {
  const stampFile = path.join(ROOT, '.next', 'crystal-build-stamp');
  if (!existsSync(path.join(ROOT, '.next', 'BUILD_ID')) || !existsSync(stampFile)) return true;
  return sourceStamp() !== Number(readFileSync(stampFile, 'utf8'));
}

// A cheap fingerprint of everything that goes into the web build (newest mtime + file count).
export function sourceStamp(): number {
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

let build: ChildProcess | undefined;
/** Stops a `next build` in progress (the launcher stopped while building). */
export const stopBuild = () => stopChild(build);

export async function buildWeb(): Promise<void> {
  const stamp = sourceStamp();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build', '--webpack'], {
      cwd: ROOT,
      // Its own group, so a launcher stopped mid-build stops the build's workers too (stopChild).
      detached: true,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    leadsGroup(child);
    build = child;
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`))));
  });
  writeFileSync(path.join(ROOT, '.next', 'crystal-build-stamp'), String(stamp));
}

export async function startWeb(opts: { mode: 'start' | 'dev'; port: number; env: Record<string, string>; detached?: boolean }) {
  // Next behind a node:http server that stamps the TCP peer address (see scripts/web-server.mjs).
  const args = [path.join(ROOT, 'scripts', 'web-server.mjs'), opts.mode, String(opts.port)];
  // The web server gets the app's (unprivileged) database URL only — never DATABASE_URL.
  const { DATABASE_URL: _privileged, POSTGRES_PASSWORD: _pw, ...env } = process.env;
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: opts.detached ?? false,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, ...opts.env, NEXT_TELEMETRY_DISABLED: '1', PORT: String(opts.port) },
  });
  if (opts.detached) leadsGroup(child);
  prefixed(child, 'web', (l) => !/^\s*(▲|✓ Starting|- Local|- Network|✓ Ready)/.test(l));
  const url = `http://localhost:${opts.port}`;
  try {
    await waitFor(`${url}/login`, child, 'web (next)');
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return { url, child };
}

/** SIGTERM, then SIGKILL after `timeoutMs`; for a detached child, its whole process group. */
export function stopChild(child: ChildProcess | undefined, timeoutMs = 5000): Promise<void> {
  if (!child?.pid) return Promise.resolve();
  // Even when the leader is gone, what it spawned may live on in its group.
  if (groupLeaders.has(child)) return stopGroup(child.pid, 'SIGTERM', timeoutMs);
  if (child.exitCode !== null || child.signalCode) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
