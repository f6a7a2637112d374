// npm run bench:recompute -- [--fresh] [--count-runs N] [--steady-runs N] [--singles N] [--customers N]
//
// Recompute benchmark (docs/benchmarks.md). Its own persistent embedded PostgreSQL in .bench/pg
// with a deterministic org `bench` (lib/demo, seed 42, as of 2026-11-01 Shanghai midnight;
// 100k customers ≈ 1M interactions, 250k orders, deals and surveys), built once and reused
// (`--fresh` rebuilds it). Then, through the real edge function under Deno:
//   (a) the bare `select customer_id, count(*) from interactions group by customer_id` (median),
//   (b) a whole-org recompute: cold (no stored profiles: writes everything), steady (nothing
//       changed: incremental, and forced full with `full: true`), after ~1% of customers got a
//       new complaint, the next day (as_of + 1 day: the nightly run, time-aware incremental) and
//       the next week (7 days after that) — with the server's ms phases and each invocation's
//       CPU and peak RSS (the Supabase Edge Function limits are 2 s CPU and 256 MB),
//   (c) single-customer recomputes right after a rep's log (random customers, fixed PRNG).
// The box may be shared: machine info and load averages are printed with the figures.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { Rng } from '../../lib/demo/prng.ts';
import { ROOT, startFunctions, stopChild } from '../lib/stack.ts';
import { openBenchDataset } from './dataset.ts';

const { values: args } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    customers: { type: 'string', default: '100000' },
    'count-runs': { type: 'string', default: '7' },
    'steady-runs': { type: 'string', default: '3' },
    singles: { type: 'string', default: '200' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: npm run bench:recompute -- [--fresh] [--customers 100000] [--count-runs 7] [--steady-runs 3] [--singles 200]');
  process.exit(0);
}

const SLUG = 'bench';
const SEED = 42;
const AS_OF = '2026-11-01T00:00:00+08:00';
const CUSTOMERS = Number(args.customers);
const COUNT_RUNS = Number(args['count-runs']);
const STEADY_RUNS = Number(args['steady-runs']);
const SINGLES = Number(args.singles);
const CHANGED_SHARE = 0.01;
const MARK = 'bench:recompute'; // note of every interaction the bench adds (removed again)
const BENCH_DIR = path.join(ROOT, '.bench');
const PG_DIR = path.join(BENCH_DIR, 'pg');

const say = (s = '') => console.log(s);
const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q; // linear interpolation (percentile_cont)
  const lo = Math.floor(i);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (i - lo);
}
const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

function machine(): string[] {
  const cpus = os.cpus();
  const deno = (() => {
    try {
      return execFileSync(path.join(ROOT, 'node_modules', '.bin', 'deno'), ['--version'], { encoding: 'utf8' }).split('\n')[0];
    } catch {
      return 'deno ?';
    }
  })();
  return [
    `cpu      ${cpus.length} × ${cpus[0]?.model ?? '?'}`,
    `memory   ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB (${(os.freemem() / 2 ** 30).toFixed(1)} free)`,
    `os       ${os.type()} ${os.release()}`,
    `runtime  node ${process.version}, ${deno}`,
  ];
}

// ---------------------------------------------------------------------------------------------
// database

const ds = await openBenchDataset({
  dataDir: PG_DIR, secretFile: path.join(BENCH_DIR, 'secret.json'), slug: SLUG, customers: CUSTOMERS, seed: SEED, asOf: AS_OF,
  fresh: args.fresh, log: say,
});
const { pg, sql, counts } = ds;
const pgv = { v: ds.pgVersion };
let fn: Awaited<ReturnType<typeof startFunctions>> | undefined;
const orgId = ds.orgId;

async function cleanupMarks() {
  if (orgId) await sql`delete from public.interactions where org_id = ${orgId} and note = ${MARK}`;
}

try {
  await cleanupMarks(); // an interrupted earlier run

  // -------------------------------------------------------------------------------------------
  // functions host

  process.env.SUPABASE_SERVICE_ROLE_KEY = `bench-${randomUUID()}`;
  fn = await startFunctions({ adminUrl: pg.url });
  const call = async (body: { customer_ids?: string[]; as_of?: string; full?: boolean }) => {
    const t = performance.now();
    // node:http, not fetch: fetch gives up after 300 s without response headers, and a cold
    // whole-org run on a loaded box can take longer.
    const res = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const payload = JSON.stringify({ org_id: orgId, as_of: AS_OF, ...body });
      const req = http.request(`${fn!.url}/functions/v1/recompute-tags`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.SUPABASE_SERVICE_ROLE_KEY}` },
      }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => resolve({ status: r.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        r.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
    const text = res.text;
    const wall = performance.now() - t;
    if (res.status !== 200) throw new Error(`recompute-tags answered ${res.status}: ${text.slice(0, 500)}`);
    return {
      wall,
      out: JSON.parse(text) as {
        customers: number; changed: number; tag_changes: number; ms: Record<string, number>; mode?: string; classified?: number; why?: string;
        rescheduled?: number; due?: number; events?: number; usage?: { cpu_ms: number; peak_rss_mb: number };
      },
    };
  };

  const ids = (await sql<{ id: string; owner_id: string }[]>`
    select id, owner_id from customers where org_id = ${orgId} and merged_into is null order by id`).map((r) => r);
  const rng = new Rng(`bench:recompute:${SEED}`);
  const pick = () => ids[Math.floor(rng.next() * ids.length)]!;

  say(`\n== machine (load average at start: ${load()})`);
  for (const l of machine()) say(`  ${l}`);
  say(`  postgres ${pgv!.v} (embedded, ${path.relative(ROOT, PG_DIR)})`);
  say('\n== dataset (org "bench", seed 42, as of ' + AS_OF + ')');
  for (const [t, n] of Object.entries(counts!)) say(`  ${t.padEnd(20)} ${n.toLocaleString('en-US').padStart(10)}`);

  // -------------------------------------------------------------------------------------------
  // warm up: caches (every table read once), the Deno isolate, the planner

  say('\n== warm-up');
  await sql`select count(*) from interactions`;
  await sql`select customer_id, count(*) from interactions group by customer_id`;
  for (const t of ['orders', 'deals', 'deal_stage_changes', 'surveys', 'survey_responses', 'customers'])
    await sql`select count(*) from ${sql(t)}`;
  for (let i = 0; i < 10; i++) await call({ customer_ids: [pick().id] });
  say('  done');

  // (a) bare count
  const countMs: number[] = [];
  for (let i = 0; i < COUNT_RUNS; i++) {
    const t = performance.now();
    await sql`select customer_id, count(*) from interactions group by customer_id`;
    countMs.push(performance.now() - t);
  }
  const a = median(countMs);
  say(`\n== (a) bare count, ${COUNT_RUNS} runs: median ${fmt(a)} (min ${fmt(Math.min(...countMs))}, max ${fmt(Math.max(...countMs))})`);

  // (b) whole org: cold (nothing stored), steady, ~1% changed
  await sql`truncate public.customer_profiles, public.customer_tags, public.tag_changes, public.recompute_runs`;
  await sql`vacuum analyze public.customer_profiles, public.customer_tags, public.tag_changes`;
  type Run = { label: string; wall: number; out: Awaited<ReturnType<typeof call>>['out'] };
  const runs: Run[] = [];
  const orgRun = async (label: string, asOf?: string, full = false) => {
    const r = await call({ ...(asOf ? { as_of: asOf } : {}), ...(full ? { full } : {}) });
    runs.push({ label, ...r });
    const mode = `${r.out.mode ?? '?'}${r.out.why ? ` (${r.out.why})` : ''}, classified ${r.out.classified ?? '?'}` +
      (r.out.due !== undefined ? ` (due ${r.out.due}, time events ${r.out.events})` : '') + `, rescheduled ${r.out.rescheduled ?? '?'}`;
    const usage = r.out.usage ? `cpu ${r.out.usage.cpu_ms} ms, peak rss ${r.out.usage.peak_rss_mb} MB` : '';
    say(`  ${label.padEnd(14)} ${fmt(r.wall).padStart(9)}  changed ${String(r.out.changed).padStart(6)}  tag_changes ${String(r.out.tag_changes).padStart(6)}  ${mode}  ${usage}`);
    say(`  ${''.padEnd(14)} server ${JSON.stringify(r.out.ms)}`);
    return r;
  };
  say('\n== (b) whole-org recompute through the function');
  await orgRun('cold');
  await sql`vacuum analyze public.customer_profiles, public.customer_tags`;
  const steady: number[] = [];
  for (let i = 0; i < STEADY_RUNS; i++) steady.push((await orgRun(`steady ${i + 1}`)).wall);
  // the same, classifying every customer (what every run did before the incremental path)
  const steadyFull: Awaited<ReturnType<typeof orgRun>>[] = [];
  for (let i = 0; i < STEADY_RUNS; i++) steadyFull.push(await orgRun(`full ${i + 1}`, undefined, true));

  const nChanged = Math.round(ids.length * CHANGED_SHARE);
  const changedIds = new Set<string>();
  while (changedIds.size < nChanged) changedIds.add(pick().id);
  const byId = new Map(ids.map((c) => [c.id, c.owner_id]));
  const asOfMs = new Date(AS_OF).getTime();
  const rows = [...changedIds].map((id, i) => ({
    id: randomUUID(), org_id: orgId, customer_id: id, rep_id: byId.get(id)!, kind: 'complaint', initiated_by: 'customer',
    occurred_at: new Date(asOfMs - (2 * 86400 + i) * 1000), sentiment: 'negative', note: MARK,
  }));
  await sql`insert into public.interactions ${sql(rows)}`;
  const changedRun = await orgRun(`1% changed`);
  // what the nightly run sees: one day later, nothing written. Reasons hold instants, so only the
  // customers time alone can have changed are classified (next_review_at, time events)
  const NEXT_DAY = new Date(new Date(AS_OF).getTime() + 86_400_000).toISOString();
  const nextDay = await orgRun('next day', NEXT_DAY);
  const NEXT_WEEK = new Date(new Date(AS_OF).getTime() + 8 * 86_400_000).toISOString();
  const nextWeek = await orgRun('next week', NEXT_WEEK);
  // the single-customer calls below run at the bench's as_of: put the org state back there
  await orgRun('back (full)', AS_OF, true);

  // (c) single customer right after a log (the log itself is not timed)
  say(`\n== (c) ${SINGLES} single-customer recomputes after a log`);
  const singleMs: number[] = [];
  const singleServer: Record<string, number[]> = {};
  for (let i = 0; i < SINGLES; i++) {
    const c = pick();
    await sql`insert into public.interactions (id, org_id, customer_id, rep_id, kind, initiated_by, occurred_at, attitude, cognition, sentiment, note)
              values (${randomUUID()}, ${orgId}, ${c.id}, ${c.owner_id}, ${rng.next() < 0.5 ? 'visit' : 'call'}, 'rep',
                      ${new Date(asOfMs - rng.int(60, 3 * 86400) * 1000)}, ${rng.next() < 0.5 ? 'accept' : 'doubt'},
                      ${rng.next() < 0.5 ? 'vague' : 'specific'}, 'neutral', ${MARK})`;
    const r = await call({ customer_ids: [c.id] });
    singleMs.push(r.wall);
    for (const [k, v] of Object.entries(r.out.ms)) (singleServer[k] ??= []).push(v);
  }
  // a context miss: the first one-customer call for an org (per isolate and minute of as_of)
  // computes org_feature_context() over the whole org
  const missMs: number[] = [];
  for (let i = 1; i <= 5; i++) {
    const r = await call({ customer_ids: [pick().id], as_of: new Date(asOfMs - i * 3_600_000).toISOString() });
    missMs.push(r.wall);
  }
  say(`  context not cached (5 calls): median ${fmt(median(missMs))}, max ${fmt(Math.max(...missMs))}`);
  const p50 = quantile(singleMs, 0.5);
  const p95 = quantile(singleMs, 0.95);
  say(`  p50 ${fmt(p50)}  p95 ${fmt(p95)}  max ${fmt(Math.max(...singleMs))}  (server p50 by phase: ${Object.entries(singleServer)
    .map(([k, v]) => `${k} ${median(v)}`)
    .join(', ')})`);

  // -------------------------------------------------------------------------------------------
  say(`\n== summary (load average at end: ${load()})`);
  const line = (label: string, ms: number, ratio: string, target = '') =>
    say(`  ${label.padEnd(34)} ${fmt(ms).padStart(10)}  ${ratio.padStart(8)}  ${target}`);
  say(`  ${'measure'.padEnd(34)} ${'time'.padStart(10)}  ${'b/a'.padStart(8)}`);
  line('(a) bare count (median)', a, '1.00');
  const cold = runs[0]!;
  const ratio = (ms: number) => (ms / a).toFixed(2);
  const ok = (pass: boolean) => (pass ? 'ok' : 'MISSED');
  line('(b) org recompute, cold', cold.wall, ratio(cold.wall));
  const steadyMed = median(steady);
  line(`(b) org recompute, steady (median)`, steadyMed, ratio(steadyMed), `target ≤ 3.00: ${ok(steadyMed / a <= 3)}`);
  line('(b) org recompute, 1% changed', changedRun.wall, ratio(changedRun.wall));
  line('(b) org recompute, next day', nextDay.wall, ratio(nextDay.wall), `target ≤ 3.00: ${ok(nextDay.wall / a <= 3)}`);
  line('(b) org recompute, next week', nextWeek.wall, ratio(nextWeek.wall), 'report only');
  const fullMed = median(steadyFull.map((r) => r.wall));
  line('(b) org recompute, steady, full (median)', fullMed, ratio(fullMed), '`full: true`: every customer classified');
  const featMs = median(steadyFull.map((r) => r.out.ms.features ?? NaN));
  line('    server: feature stream incl. engine', featMs, ratio(featMs));
  // every whole-org run is one invocation today (no chunking yet): its CPU is the chunk's
  const usages = runs.flatMap((r) => (r.out.usage ? [{ label: r.label, ...r.out.usage }] : []));
  const maxCpu = usages.reduce((m, u) => (u.cpu_ms > m.cpu_ms ? u : m), { label: '-', cpu_ms: 0, peak_rss_mb: 0 });
  const maxRss = usages.reduce((m, u) => (u.peak_rss_mb > m.peak_rss_mb ? u : m), { label: '-', cpu_ms: 0, peak_rss_mb: 0 });
  say(`  max chunk cpu ${maxCpu.cpu_ms} ms (${maxCpu.label}; target ≤ 1,000: ${ok(maxCpu.cpu_ms <= 1000)}; one invocation per whole-org run)`);
  say(`  max chunk rss ${maxRss.peak_rss_mb} MB (${maxRss.label}; target ≤ 150: ${ok(maxRss.peak_rss_mb <= 150)})`);
  const night = nextDay.out.usage;
  if (night) say(`  nightly run (next day): cpu ${night.cpu_ms} ms, peak rss ${night.peak_rss_mb} MB`);
  line('(c) single customer p50', p50, '');
  line('(c) single customer p95', p95, '', `target ≤ 25 ms: ${ok(p95 <= 25)}`);
  line('(c) single customer max', Math.max(...singleMs), '');
  line('(c) single, context not cached (median)', median(missMs), '');
} finally {
  await cleanupMarks().catch(() => {});
  await stopChild(fn?.child);
  await sql.end();
  await pg.stop();
}
