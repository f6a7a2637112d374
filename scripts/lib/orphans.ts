// Before the launcher starts anything: find what a launcher that died (kill -9, a closed terminal,
// an out-of-memory kill) left running on this data dir, and stop it. A SIGKILLed launcher cannot
// stop its children; they keep the web port and, worse, the Postgres data dir, and the next start
// used to fail with "postmaster.pid already exists … failed to start: undefined".
//
// What counts as ours: the children runtime.json recorded (checked again by their command line,
// since a pid can be reused), and a postmaster running on this data dir whose parent is no longer
// a live Node process. A postmaster that another live program owns (`npm run crm` opens one) is
// left alone, and the user is told the exact command to stop that program.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { postmasterPid } from '../../lib/db/local-postgres.ts';
import { alive, procInfo, type ProcInfo, stopGroup } from './processes.ts';
import { clearRuntime, dataDir, pgDataDir, readRuntimeFile, type RuntimeChild } from './stack.ts';

/** Something else holds this data dir; the message says what and how to stop it. */
export class DataDirBusy extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const looksLike = (name: RuntimeChild['name'], p: ProcInfo) =>
  name === 'postgres' ? p.args.includes(pgDataDir()) : name === 'web' ? /next|web-server\.mjs/.test(p.args) : /deno/.test(p.args);

/** Fast shutdown of an orphaned postmaster (it may hold a half-done transaction: Postgres rolls it back). */
async function stopPostmasterPid(pid: number) {
  const steps: [NodeJS.Signals, number][] = [['SIGINT', 20_000], ['SIGQUIT', 5000], ['SIGKILL', 5000]];
  for (const [signal, waitMs] of steps) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (!alive(pid)) return;
      await sleep(100);
    }
  }
}

export async function cleanUpAfterDeadLauncher(log: (line: string) => void): Promise<void> {
  const rt = readRuntimeFile();
  const recordedPg = new Set<number>();
  if (rt) {
    const owner = alive(rt.pid) ? procInfo(rt.pid) : null;
    if (owner && /launcher/.test(owner.args)) {
      throw new DataDirBusy(`another launcher (pid ${rt.pid}) is running on ${dataDir()}. Stop it first:  kill ${rt.pid}`);
    }
    for (const c of rt.children ?? []) {
      const p = procInfo(c.pid);
      if (!p || !looksLike(c.name, p)) continue;
      log(`${c.name} (pid ${c.pid}) was left running by a launcher that died (pid ${rt.pid}); stopping it`);
      if (c.name === 'postgres') {
        recordedPg.add(c.pid);
        await stopPostmasterPid(c.pid);
      } else {
        await stopGroup(p.pgid === p.pid ? p.pgid : p.pid);
      }
    }
    clearRuntime();
  }

  const pid = postmasterPid(pgDataDir());
  if (pid === null || !alive(pid)) return; // a stale file of a dead server: Postgres replaces it itself
  const p = procInfo(pid);
  if (!p) return;
  if (!/postgres/.test(p.args)) {
    // The pid was reused by an unrelated program; Postgres would take it for a running server.
    log(`postmaster.pid names pid ${pid}, which is not PostgreSQL (${p.args.slice(0, 60)}); removing the stale file`);
    rmSync(path.join(pgDataDir(), 'postmaster.pid'), { force: true });
    return;
  }
  const parent = p.ppid > 1 ? procInfo(p.ppid) : null;
  const ownedByLiveNode = parent !== null && /\bnode\b|tsx|vitest/.test(parent.args) && !recordedPg.has(pid);
  if (ownedByLiveNode) {
    throw new DataDirBusy(
      `PostgreSQL on ${pgDataDir()} (pid ${pid}) belongs to another running program, pid ${p.ppid}: ${parent.args.slice(0, 100)}\n` +
        `  Stop that program first:  kill ${p.ppid}`,
    );
  }
  log(`PostgreSQL (pid ${pid}) was left running on ${pgDataDir()} without its launcher; stopping it`);
  await stopPostmasterPid(pid);
  if (alive(pid)) throw new DataDirBusy(`PostgreSQL (pid ${pid}) on ${pgDataDir()} would not stop. Stop it yourself:  kill -9 ${pid}`);
}
