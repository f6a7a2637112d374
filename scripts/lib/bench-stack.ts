// What bench:web and audit:mobile share: the one lock on .next (the e2e stack and every build use
// it; two builds at once corrupt it), and a fresh demo stack started by the launcher on its own
// port and data directory, logged to a file, stopped with SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './stack.ts';

const LOCK = '/tmp/crystal-e2e.lock';

/** Re-runs this script under `flock` unless it already holds the lock; returns only when it does. */
export function holdBenchLock(name: string, script: string): void {
  if (process.env.CRYSTAL_BENCH_LOCKED) return;
  console.log(`[${name}] waiting for ${LOCK} (the e2e stack and builds share .next)…`);
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const r = spawnSync('flock', [LOCK, tsx, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, CRYSTAL_BENCH_LOCKED: '1' },
  });
  process.exit(r.status ?? 1);
}

/** `launcher start --fresh` on `port` with data in `dataDir`; resolves once /login answers. */
export async function startBenchStack(opts: { name: string; dataDir: string; port: number; build: boolean; timeoutMs: number }) {
  const { name, dataDir, port } = opts;
  const base = `http://localhost:${port}`;
  const logFile = path.join(ROOT, dataDir + '.log');
  mkdirSync(path.dirname(logFile), { recursive: true });
  const out = createWriteStream(logFile);
  // --build: make the launcher's staleness check fail, so it rebuilds.
  const stamp = path.join(ROOT, '.next', 'crystal-build-stamp');
  if (opts.build && existsSync(stamp)) rmSync(stamp, { force: true });
  console.log(`[${name}] starting the stack (launcher, ${dataDir}, port ${port}; log in ${path.relative(ROOT, logFile)})…`);
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/launcher.ts', 'start', '--fresh'], {
    cwd: ROOT,
    env: { ...process.env, CRYSTAL_DATA_DIR: dataDir, PORT: String(port), NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let building = false;
  const onData = (chunk: Buffer) => {
    out.write(chunk);
    if (!building && chunk.toString().includes('building the web app')) {
      building = true;
      console.log(`[${name}] building the production app (next build --webpack)…`);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited = false;
  child.on('exit', () => (exited = true));
  const started = Date.now();
  for (;;) {
    if (exited) throw new Error(`the launcher exited before the app was up — see ${logFile}`);
    if (Date.now() - started > opts.timeoutMs) throw new Error(`the app did not come up within ${opts.timeoutMs / 60_000} min — see ${logFile}`);
    if (await fetch(`${base}/login`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  console.log(`[${name}] up in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return {
    child,
    stop: async () => {
      if (exited) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([done, new Promise((r) => setTimeout(r, 20_000))]);
      out.end();
    },
  };
}
