// Keeps one child of the launcher running: when it dies without being asked to (Postgres killed,
// Next out of memory, Deno crashed), start it again on the same port after a backoff that doubles
// up to 30 s and resets once the child has stayed up a minute. Every exit and restart is logged,
// so the launcher's log says what happened. The first start is the caller's: its error is theirs.
import type { ChildProcess } from 'node:child_process';

export type Supervised = {
  readonly name: string;
  /** The running child (changes on every restart). */
  current(): ChildProcess;
  restarts(): number;
  /** Stop for good: no restart after this. */
  stop(): Promise<void>;
};

const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 30_000;
const STABLE_MS = 60_000;

export function supervise(opts: {
  name: string;
  first: ChildProcess;
  start: () => Promise<ChildProcess>;
  stop: (child: ChildProcess) => Promise<void>;
  log: (line: string) => void;
  /** Called with each new child (runtime.json records the pids). */
  onChange?: (child: ChildProcess) => void;
}): Supervised {
  let child = opts.first;
  let startedAt = Date.now();
  let stopping = false;
  let restarts = 0;
  let backoff = BACKOFF_MIN_MS;
  let timer: NodeJS.Timeout | undefined;

  const describe = (code: number | null, signal: NodeJS.Signals | null) => (signal ? `killed by ${signal}` : `exited with code ${code}`);

  const attempt = async () => {
    timer = undefined;
    if (stopping) return;
    try {
      const next = await opts.start();
      if (stopping) {
        await opts.stop(next);
        return;
      }
      restarts++;
      opts.log(`${opts.name} is back (pid ${next.pid}, restart ${restarts})`);
      watch(next);
      opts.onChange?.(next);
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err);
      schedule(`could not start (${why})`);
    }
  };

  const schedule = (why: string) => {
    if (stopping) return;
    opts.log(`${opts.name} ${why}; restarting in ${(backoff / 1000).toFixed(1)} s`);
    timer = setTimeout(() => void attempt(), backoff);
    backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
  };

  function watch(c: ChildProcess) {
    child = c;
    startedAt = Date.now();
    if (c.exitCode !== null || c.signalCode !== null) {
      schedule(describe(c.exitCode, c.signalCode));
      return;
    }
    c.once('exit', (code, signal) => {
      if (stopping || c !== child) return;
      if (Date.now() - startedAt > STABLE_MS) backoff = BACKOFF_MIN_MS;
      schedule(describe(code, signal));
    });
  }
  watch(opts.first);

  return {
    name: opts.name,
    current: () => child,
    restarts: () => restarts,
    stop: async () => {
      stopping = true;
      if (timer) clearTimeout(timer);
      await opts.stop(child);
    },
  };
}
