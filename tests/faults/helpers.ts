// A real launcher (scripts/launcher.ts) for the fault tests, on its own port and data dir
// (FAULTS_PORT, default 3190; .data/faults), so it never meets a developer's `npm start` or the
// e2e stack. Its output is kept for the assertions ("postgres killed by SIGKILL; restarting").
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { assertLocalDatabase } from '../helpers/local-only.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const PORT = Number(process.env.FAULTS_PORT ?? 3190);
export const BASE = `http://localhost:${PORT}`;
export const DATA_DIR = path.join(ROOT, '.data', 'faults');
export const PG_DIR = path.join(DATA_DIR, 'pg');

export type Launcher = { child: ChildProcess; log: () => string; exited: Promise<number | null> };

export function startLauncher(opts: { fresh?: boolean } = {}): Launcher {
  // node --import tsx, not `npx tsx`: the launcher is then this very child (tsx's CLI would put
  // a second process in between, and a SIGKILL would hit the wrong one).
  const args = ['--import', 'tsx', 'scripts/launcher.ts', 'start', ...(opts.fresh ? ['--fresh'] : [])];
  const { DATABASE_URL: _d, APP_DATABASE_URL: _a, ...env } = process.env;
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...env, CRYSTAL_DATA_DIR: DATA_DIR, PORT: String(PORT), NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, log: () => out, exited };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(200);
  }
}

export async function waitForLog(l: Launcher, pattern: RegExp, timeoutMs: number): Promise<void> {
  await waitFor(`log line ${pattern}`, () => {
    if (l.child.exitCode !== null) throw new Error(`launcher exited (${l.child.exitCode}) before ${pattern}:\n${l.log().slice(-3000)}`);
    return pattern.test(l.log());
  }, timeoutMs);
}

/** Up: the launcher printed its banner (web answered) — the first start may build Next first. */
export const waitUp = (l: Launcher, timeoutMs = 900_000) => waitForLog(l, /Crystal CRM is up in/, timeoutMs);

export type RuntimeFile = { pid: number; adminUrl: string; children: { name: string; pid: number }[] };
export function runtime(): RuntimeFile {
  const rt = JSON.parse(readFileSync(path.join(DATA_DIR, 'runtime.json'), 'utf8')) as RuntimeFile;
  assertLocalDatabase(rt.adminUrl);
  return rt;
}

export function postmasterPid(): number | null {
  const f = path.join(PG_DIR, 'postmaster.pid');
  return existsSync(f) ? Number(readFileSync(f, 'utf8').split('\n')[0]) : null;
}

// The launcher's own liveness check (a pid we may not signal is still alive).
export { alive } from '../../scripts/lib/processes.ts';

export async function health(): Promise<{ status: number; body: { status: string; parts: Record<string, { status: string }> } | null }> {
  try {
    const res = await fetch(`${BASE}/api/health`, { cache: 'no-store' });
    return { status: res.status, body: (await res.json()) as never };
  } catch {
    return { status: 0, body: null };
  }
}

/** Signs in through the real form endpoint; returns the Cookie header for later requests. */
export async function signIn(identifier: string, password: string): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', origin: BASE },
    body: JSON.stringify({ identifier, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in ${res.status}: ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}
