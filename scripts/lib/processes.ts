// What the launcher needs to know about other processes: is a pid alive, what is it running, who
// is its parent, and how to stop a whole process group. `ps` (procps on Linux, BSD ps on macOS)
// answers the same columns on both, so no /proc parsing.
import { execFileSync } from 'node:child_process';

export type ProcInfo = { pid: number; ppid: number; pgid: number; args: string };

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function procInfo(pid: number): ProcInfo | null {
  try {
    const out = execFileSync('ps', ['-o', 'pid=,ppid=,pgid=,args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    const m = /^(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(out);
    return m ? { pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), args: m[4]! } : null;
  } catch {
    return null; // ps exits 1 when the pid is gone
  }
}

/** Every process of a process group (the group's leader may already be gone while members live on). */
export function groupMembers(pgid: number): ProcInfo[] {
  try {
    const out = execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,args='], { encoding: 'utf8' });
    return out
      .split('\n')
      .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null && Number(m[3]) === pgid)
      .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), pgid: Number(m[3]), args: m[4]! }));
  } catch {
    return [];
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Stops a process group: `signal` first, SIGKILL for whatever is left after `graceMs`.
 * Resolves once no member is left (or after the SIGKILL's grace).
 */
export async function stopGroup(pgid: number, signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<void> {
  if (!signalGroup(pgid, signal)) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (groupMembers(pgid).length === 0) return;
    await sleep(100);
  }
  signalGroup(pgid, 'SIGKILL');
  for (let i = 0; i < 30 && groupMembers(pgid).length; i++) await sleep(100);
}

/** Synchronous SIGKILL of groups, for process.on('exit') where nothing async runs any more. */
export function killGroupsNow(pgids: number[]) {
  for (const g of pgids) signalGroup(g, 'SIGKILL');
}
