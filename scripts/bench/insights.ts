// npm run bench:insights -- [--fresh] [--runs 20] [--customers 100000] [--prepare-only]
//
// Insights benchmark (docs/benchmarks-insights.md). Its own persistent embedded PostgreSQL in
// .bench/insights with the deterministic org `bench` (scripts/bench/dataset.ts — the same
// builder as bench:recompute: lib/demo, seed 42, 100k customers ≈ 1M interactions), built once
// and reused (`--fresh` rebuilds). On first use the profiles and the tag history are computed by
// the real recompute-tags function under Deno, three times (as of 30 days before, 7 days before
// and at the dataset's date) so tag_changes holds real movements (the first run's rows are then
// dated 60 days back), and reminders come from the recompute's playbook (if there are none,
// synthetic ones are added: 2 per customer, due over the last 90 days, 60 % done).
//
// Then every insights query, through withRls as the app runs it (authenticator → authenticated,
// RLS on), as the admin (whole org) and as manager1 (a team, ~half): --runs timed runs after one
// warm-up, p50/p95 of the server round trip. Baseline in the same run: the bare
// `select customer_id, count(*) from interactions group by customer_id` (superuser, no RLS).
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import type { Claims } from '../../lib/auth/claims.ts';
import { invokeRecompute } from '../../lib/functions/invoke.ts';
import { withRls, type Tx } from '../../lib/db/with-rls.ts';
import {
  atRiskCustomers,
  distribution,
  flowCustomers,
  funnelConversion,
  reminderCompletion,
  resolvePeriod,
  surveysByType,
  tagFlows,
} from '../../lib/db/queries/insights.ts';
import { ROOT, startFunctions, stopChild } from '../lib/stack.ts';
import { openBenchDataset } from './dataset.ts';

const { values: args } = parseArgs({
  options: {
    fresh: { type: 'boolean', default: false },
    customers: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '20' },
    'prepare-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: npm run bench:insights -- [--fresh] [--customers 100000] [--runs 20] [--prepare-only]');
  process.exit(0);
}
const CUSTOMERS = Number(args.customers);
const RUNS = Number(args.runs);
if (!Number.isInteger(CUSTOMERS) || CUSTOMERS < 1 || !Number.isInteger(RUNS) || RUNS < 1) {
  console.error('--customers and --runs must be whole numbers ≥ 1');
  process.exit(2);
}
const SLUG = 'bench';
const SEED = 42;
const AS_OF = '2026-11-01T00:00:00+08:00';
const DAY = 86_400_000;
const BENCH_DIR = path.join(ROOT, '.bench');
const TARGET_MS = 300;

const say = (s = '') => console.log(s);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const i = (s.length - 1) * q; // linear interpolation (percentile_cont)
  const lo = Math.floor(i);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (i - lo);
}
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

function claimsFor(sub: string): Claims {
  const now = Math.floor(Date.now() / 1000);
  return { sub, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + 3600 };
}

// ---------------------------------------------------------------------------------------------
// dataset

async function prepare(sql: Sql, adminUrl: string, orgId: string) {
  const [{ profiles, changes }] = (await sql`
    select (select count(*)::int from public.customer_profiles where org_id = ${orgId}) as profiles,
           (select count(*)::int from public.tag_changes where org_id = ${orgId}) as changes`) as unknown as [
    { profiles: number; changes: number },
  ];
  if (profiles === 0 || changes === 0) {
    process.env.SUPABASE_SERVICE_ROLE_KEY = `bench-${randomUUID()}`;
    const fn = await startFunctions({ adminUrl });
    process.env.FUNCTIONS_URL = `${fn.url}/functions/v1`;
    try {
      await sql`truncate public.customer_profiles, public.customer_tags, public.tag_changes, public.recompute_runs`;
      for (const daysBefore of [30, 7, 0]) {
        const asOf = new Date(new Date(AS_OF).getTime() - daysBefore * DAY).toISOString();
        const t = performance.now();
        const out = await invokeRecompute({ org_id: orgId, as_of: asOf });
        say(`[recompute] as of ${asOf}: ${out.customers} customers, ${out.changed} changed, ${out.tag_changes} tag changes in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      }
    } finally {
      await stopChild(fn.child);
    }
  }
  // The initial classification (as of 30 days before) is dated 60 days back: an org that has been
  // classifying for a while, where "the last 30 days" holds movements, not 100k first tags.
  const firstAsOf = new Date(new Date(AS_OF).getTime() - 30 * DAY);
  const shifted = await sql`update public.tag_changes set changed_at = changed_at - interval '30 days'
                             where org_id = ${orgId} and changed_at = ${firstAsOf}`;
  if (shifted.count) say(`[tag_changes] ${shifted.count} first classifications dated 60 days back`);
  const [{ reminders }] = (await sql`select count(*)::int as reminders from public.reminders where org_id = ${orgId}`) as unknown as [
    { reminders: number },
  ];
  if (reminders === 0) {
    // Deterministic (setseed in the same transaction): 2 per customer for its owner, due in the
    // 90 days before AS_OF (a few in the week after), 60 % done, 10 % dismissed, the rest open.
    await sql.begin(async (tx) => {
      await tx`select setseed(0.42)`;
      await tx`
        insert into public.reminders (org_id, customer_id, assignee_id, kind, due_at, status, dedupe_key, closed_at, closed_by, created_at)
        select c.org_id, c.id, c.owner_id, k.kind, x.due, x.status::public.reminder_status, 'bench:' || k.kind || ':' || c.id,
               case when x.status in ('done', 'dismissed') then x.due + make_interval(hours => (x.r * 72)::int) end,
               case when x.status in ('done', 'dismissed') then c.owner_id end,
               x.due - interval '3 days'
          from public.customers c
          cross join (values ('care'), ('follow_up')) k (kind)
          cross join lateral (select ${AS_OF}::timestamptz - make_interval(mins => (random() * 97 * 24 * 60)::int) + interval '7 days' as due,
                                     random() as r, random() as s) y
          cross join lateral (select y.due, y.r,
                                     case when y.due > ${AS_OF}::timestamptz then 'open'
                                          when y.s < 0.6 then 'done' when y.s < 0.7 then 'dismissed' else 'open' end as status) x
         where c.org_id = ${orgId}
         order by c.id, k.kind`;
    });
    await sql`vacuum analyze public.reminders`;
    say('[reminders] added');
  }
  // The distribution reads each customer's order total from its profile (triggers, migration
  // 20261125000910): check it against the orders before timing anything.
  const off = await sql`select count(*)::int as n from public.customer_profiles p
                         where p.org_id = ${orgId}
                           and p.order_total <> (select coalesce(sum(o.amount), 0) from public.orders o
                                                 where o.org_id = p.org_id and o.customer_id = p.customer_id)`;
  if (off[0]!.n) throw new Error(`${off[0]!.n} profiles' order_total differ from their orders`);
  await sql`analyze`;
}

// ---------------------------------------------------------------------------------------------
// measure

type Case = { name: string; run: (tx: Tx) => Promise<unknown> };

async function time(sql: Sql, claims: Claims | null, fn: (tx: Tx) => Promise<unknown>): Promise<number[]> {
  const once = () => (claims ? withRls(claims, fn, sql) : fn(sql as unknown as Tx));
  await once(); // warm: plan cache, buffers
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await once();
    ms.push(performance.now() - t);
  }
  return ms;
}

async function main() {
  const ds = await openBenchDataset({
    dataDir: path.join(BENCH_DIR, 'insights'),
    secretFile: path.join(BENCH_DIR, 'insights-secret.json'),
    slug: SLUG,
    customers: CUSTOMERS,
    seed: SEED,
    asOf: AS_OF,
    fresh: args.fresh,
    log: say,
  });
  const { sql, orgId } = ds;
  const app = postgres(ds.appUrl, { onnotice: () => {}, max: 2 });
  try {
    await prepare(sql, ds.pg.url, orgId);
    if (args['prepare-only']) return;
    const who = await sql<{ user_id: string; role: string; email: string }[]>`
      select user_id, role, email from public.members
       where org_id = ${orgId} and email ~ '^(admin|manager1)@' order by role desc`;
    const [extra] = await sql<{ tag_changes: number; reminders: number; profiles: number }[]>`
      select (select count(*)::int from public.tag_changes where org_id = ${orgId}) as tag_changes,
             (select count(*)::int from public.reminders where org_id = ${orgId}) as reminders,
             (select count(*)::int from public.customer_profiles where org_id = ${orgId}) as profiles`;

    const cpus = os.cpus();
    say(`\n== machine (load average at start: ${load()})`);
    say(`  cpu      ${cpus.length} × ${cpus[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`);
    say(`  postgres ${ds.pgVersion} (embedded, .bench/insights), node ${process.version}`);
    say(`\n== dataset (org "${SLUG}", seed ${SEED}, as of ${AS_OF})`);
    for (const [t, n] of Object.entries({ ...ds.counts, ...extra })) say(`  ${t.padEnd(20)} ${n.toLocaleString('en-US').padStart(10)}`);

    // The period every query uses: the 30 days up to the dataset's date (the page's default).
    const now = new Date(AS_OF);
    const admin = claimsFor(who.find((m) => m.role === 'admin')!.user_id);
    const period = await withRls(admin, (tx) => resolvePeriod(tx, { orgId, period: { kind: 'days', days: 30 }, now }), app);
    const flows = await withRls(admin, (tx) => tagFlows(tx, { orgId, dimension: 'value', ...period }), app);
    const top = flows.moves[0];
    const cases: Case[] = [
      { name: 'distribution (4 dimensions + revenue)', run: (tx) => distribution(tx, { orgId }) },
      { name: 'funnel conversion + median days', run: (tx) => funnelConversion(tx, { orgId, ...period }) },
      { name: 'tag flows (value, 30 days)', run: (tx) => tagFlows(tx, { orgId, dimension: 'value', ...period }) },
      { name: 'tag flows (lifecycle, 30 days)', run: (tx) => tagFlows(tx, { orgId, dimension: 'lifecycle', ...period }) },
      {
        name: `flow drill-down (value ${top?.from ?? '?'} → ${top?.to ?? '?'})`,
        run: (tx) => flowCustomers(tx, { orgId, dimension: 'value', fromValue: top?.from ?? 'normal', toValue: top?.to ?? 'high', ...period }),
      },
      { name: 'at-risk list (top 20 by revenue)', run: (tx) => atRiskCustomers(tx, { orgId, to: period.to }) },
      { name: 'reminder completion per rep', run: (tx) => reminderCompletion(tx, { orgId, ...period }) },
      { name: 'surveys: response rate + NPS by type', run: (tx) => surveysByType(tx, { orgId, ...period }) },
    ];

    say(`\n== warm-up`);
    await sql`select count(*) from public.interactions`;
    for (const t of ['customers', 'customer_profiles', 'orders', 'deals', 'deal_stage_changes', 'tag_changes', 'reminders', 'surveys', 'survey_responses'])
      await sql`select count(*) from ${sql(t)}`;
    const base = await time(sql, null, (tx) => tx`select customer_id, count(*) from public.interactions group by customer_id`);
    const baseP50 = quantile(base, 0.5);
    say(`  baseline: bare count p50 ${fmt(baseP50)} p95 ${fmt(quantile(base, 0.95))}`);

    type Row = { name: string; cells: { p50: number; p95: number }[] };
    const rows: Row[] = cases.map((c) => ({ name: c.name, cells: [] }));
    const heads: string[] = [];
    for (const m of who) {
      const claims = claimsFor(m.user_id);
      const [{ visible }] = (await withRls(claims, (tx) => tx`select count(*)::int as visible from public.customers`, app)) as unknown as [
        { visible: number },
      ];
      heads.push(`${m.role} (${visible.toLocaleString('en-US')})`);
      for (const [i, c] of cases.entries()) {
        const ms = await time(app, claims, c.run);
        rows[i]!.cells.push({ p50: quantile(ms, 0.5), p95: quantile(ms, 0.95) });
        say(`  ${m.role.padEnd(8)} ${c.name.padEnd(44)} p50 ${fmt(quantile(ms, 0.5))}  p95 ${fmt(quantile(ms, 0.95))}`);
      }
    }

    say(`\n== insights queries through withRls, ${RUNS} runs each (load average at end: ${load()})`);
    say(`  ${'query'.padEnd(44)}${heads.map((h) => `${h} p50 / p95 / p95÷base`.padStart(40)).join('')}   target p95 ≤ ${TARGET_MS} ms`);
    let worst = 0;
    for (const r of rows) {
      const cells = r.cells.map((c) => `${fmt(c.p50)} / ${fmt(c.p95)} / ${(c.p95 / baseP50).toFixed(2)}×`.padStart(40)).join('');
      const p95 = Math.max(...r.cells.map((c) => c.p95));
      worst = Math.max(worst, p95);
      say(`  ${r.name.padEnd(44)}${cells}   ${p95 <= TARGET_MS ? 'ok' : 'MISSED'}`);
    }
    say(`  ${'BASE: bare interactions count (no RLS)'.padEnd(44)}${`${fmt(baseP50)} / ${fmt(quantile(base, 0.95))} / 1.00×`.padStart(40)}`);
    say(`\n  worst p95 ${fmt(worst)}: ${worst <= TARGET_MS ? 'all within target' : 'target MISSED'}`);
  } finally {
    await app.end();
    await sql.end();
    await ds.pg.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
