// Vitest global setup for the security project: the attacks run against what users run — a
// fresh local stack started by the launcher (embedded Postgres in .data/security, the demo org,
// Deno functions, the production Next build behind scripts/web-server.mjs), exactly as e2e does.
// No TRUST_PROXY: this is a server facing clients directly, so a client's X-Forwarded-For must
// count for nothing.
//
//   SECURITY_PORT=3130 (default) — run two checkouts side by side with different ports.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { assertLocalDatabase } from '../helpers/local-only.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminUrl: string;
    webPid: number;
  }
}

const ROOT = path.resolve(import.meta.dirname, '../..');
const DATA = '.data/security';

async function waitUp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the launcher exited (${child.exitCode}) before ${url} answered`);
    try {
      if ((await fetch(url, { redirect: 'manual' })).status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
}

export default async function setup(project: TestProject) {
  const port = Number(process.env.SECURITY_PORT ?? 3130);
  const baseUrl = `http://localhost:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, CRYSTAL_DATA_DIR: DATA, PORT: String(port) };
  delete env.TRUST_PROXY;
  delete env.DATABASE_URL;
  const launcher = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/launcher.ts', 'start', '--fresh'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  let log = '';
  for (const s of [launcher.stdout, launcher.stderr]) s?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-20_000)));
  try {
    // A first run builds Next (minutes on a busy machine).
    await waitUp(`${baseUrl}/login`, launcher, 1_200_000);
  } catch (err) {
    launcher.kill('SIGTERM');
    throw new Error(`${(err as Error).message}\n--- launcher output ---\n${log}`);
  }
  const runtime = JSON.parse(readFileSync(path.join(ROOT, DATA, 'runtime.json'), 'utf8')) as { adminUrl: string };
  assertLocalDatabase(runtime.adminUrl);
  project.provide('baseUrl', baseUrl);
  project.provide('adminUrl', runtime.adminUrl);
  return async () => {
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        launcher.kill('SIGKILL');
        resolve();
      }, 20_000);
      launcher.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      launcher.kill('SIGTERM');
    });
  };
}
