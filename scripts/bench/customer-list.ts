// npm run bench:customers -- [--customers 2000,100000] [--runs 15] [--fresh]
//
// Customer list benchmark (docs/architecture.md "Customer list"). Its own embedded PostgreSQL in
// .data/bench-customers (or DATABASE_URL, local only), one deterministic demo org per size
// (lib/demo, seed 42; `list-2000`, `list-100000`), search keys backfilled and tags computed once
// through the real recompute-tags function; reused on later runs (`--fresh` rebuilds).
// Then, through withRls exactly as the app queries (the database is the only thing measured —
// no HTTP, no React), the median of --runs calls of:
//   first pages per sort, a deep page (keyset), filters, pinyin/name/phone search, counts;
//   and baselines measured in the same run: the previous list query (a max() over interactions
//   per row instead of customers.last_contact_at), and sorting by last contact that way.
// Per identity: admin (whole org), manager (a team: ~half), rep (own book: ~1/6).
import os from 'node:os';
import path from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres, { type Sql } from 'postgres';
import type { Claims } from '../../lib/auth/claims.ts';
import { countCustomers, listCustomers, type CustomerListParams } from '../../lib/db/queries/customers.ts';
import { startLocalPostgres } from '../../lib/db/local-postgres.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { withRls, type Tx } from '../../lib/db/with-rls.ts';
import { seedDemoOrg } from '../../lib/demo/generate.ts';
import { invokeRecompute } from '../../lib/functions/invoke.ts';
import { assertLocalDatabase } from '../../tests/helpers/local-only.ts';
import { backfillSearchKeys } from '../lib/backfill.ts';
import { ensureSecrets } from '../lib/secrets.ts';
import { ROOT, startFunctions, stopChild } from '../lib/stack.ts';

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '2000,100000' },
    runs: { type: 'string', default: '15' },
    fresh: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: npm run bench:customers -- [--customers 2000,100000] [--runs 15] [--fresh]');
  process.exit(0);
}
const SIZES = args.customers.split(',').map(Number);
const RUNS = Number(args.runs);
if (SIZES.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(RUNS) || RUNS < 1) {
  console.error('--customers must be whole numbers (comma-separated), --runs a whole number');
  process.exit(2);
}
const AS_OF = new Date('2026-11-01T00:00:00+08:00');
const PG_DIR = path.join(ROOT, '.data', 'bench-customers');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;

function claimsFor(sub: string): Claims {
  const now = Math.floor(Date.now() / 1000);
  return { sub, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + 3600 };
}

async function time(sql: Sql, claims: Claims, fn: (tx: Tx) => Promise<unknown>): Promise<number> {
  await withRls(claims, fn, sql); // warm: plan cache, buffers
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await withRls(claims, fn, sql);
    ms.push(performance.now() - t);
  }
  return median(ms);
}

// The list page's queries as they were before migration 20261123000800 (name order, a max() per
// row, and the count): the baseline.
const previousList = (orgId: string) => async (tx: Tx) => [await tx`select count(*) from public.customers c
   where c.org_id = ${orgId} and c.merged_into is null`, await tx`
  select c.id, c.name, c.company, c.region, p.relationship_type, p.funnel_stage, p.value_tier,
         floor(extract(epoch from (now() - li.last_at)) / 86400)::int as last_contact_days
    from public.customers c
    left join public.customer_profiles p on p.org_id = c.org_id and p.customer_id = c.id
    left join lateral (select max(i.occurred_at) as last_at from public.interactions i
                        where i.org_id = c.org_id and i.customer_id = c.id) li on true
   where c.org_id = ${orgId} and c.merged_into is null
   order by c.name, c.id limit 51`];
// Sorting by last contact without the column: a max() for every visible customer, then a sort.
const lateralContactSort = (orgId: string) => (tx: Tx) => tx`
  select c.id, c.name, li.last_at
    from public.customers c
    left join lateral (select max(i.occurred_at) as last_at from public.interactions i
                        where i.org_id = c.org_id and i.customer_id = c.id) li on true
   where c.org_id = ${orgId} and c.merged_into is null
   order by coalesce(li.last_at, '-infinity') desc, c.id desc limit 51`;

async function prepare(sql: Sql, adminUrl: string, n: number): Promise<string> {
  const slug = `list-${n}`;
  const seeded = await seedDemoOrg(sql, { slug, customers: n, seed: 42, asOf: AS_OF, log: (l) => console.log(`  [seed] ${l}`) });
  await backfillSearchKeys(sql, { log: (l) => console.log(`  [backfill] ${l}`) });
  const [{ profiles }] = (await sql`select count(*)::int as profiles from public.customer_profiles where org_id = ${seeded.orgId}`) as unknown as [
    { profiles: number },
  ];
  if (profiles < n) {
    const fn = await startFunctions({ adminUrl });
    process.env.FUNCTIONS_URL = `${fn.url}/functions/v1`;
    try {
      const t = performance.now();
      await invokeRecompute({ org_id: seeded.orgId, as_of: AS_OF.toISOString() });
      console.log(`  [recompute] ${n} customers in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    } finally {
      await stopChild(fn.child);
    }
  }
  await sql`analyze public.customers, public.customer_profiles, public.interactions`;
  return seeded.orgId;
}

async function bench(sql: Sql, orgId: string, n: number) {
  const who = await sql<{ email: string; user_id: string; role: string }[]>`
    select email, user_id, role from public.members
     where org_id = ${orgId} and email ~ '^(admin|manager1|rep1)@' order by role desc, email`;
  // A real name's pinyin initials and a phone fragment from the org, so searches hit something.
  const [sample] = await sql<{ initials: string; phone: string; surname: string }[]>`
    select split_part(search_pinyin, ' ', 2) as initials, substr(phone, 4, 4) as phone, left(name, 1) as surname
      from public.customers where org_id = ${orgId} order by external_id limit 1`;
  console.log(`\n${n.toLocaleString('en-US')} customers — median of ${RUNS} (ms); search samples: '${sample!.initials}', '${sample!.surname}', '${sample!.phone}'`);
  const cases: [string, (base: CustomerListParams) => CustomerListParams | ((tx: Tx) => Promise<unknown>)][] = [
    ['list, by priority (default)', (b) => ({ ...b, sort: 'priority' })],
    ['list, by last contact', (b) => ({ ...b, sort: 'contact' })],
    ['list, by name (pinyin)', (b) => ({ ...b, sort: 'name' })],
    ['filter 忠诚型 (rel=loyal)', (b) => ({ ...b, rel: 'loyal' })],
    ['filter 商机 + 高价值, by contact', (b) => ({ ...b, stage: 'opportunity', value: 'high', sort: 'contact' })],
    ['filter 潜在流失 (risk=1)', (b) => ({ ...b, risk: true })],
    [`search pinyin '${sample!.initials}'`, (b) => ({ ...b, q: sample!.initials })],
    [`search name '${sample!.surname}'`, (b) => ({ ...b, q: sample!.surname })],
    [`search phone '${sample!.phone}'`, (b) => ({ ...b, q: sample!.phone })],
  ];
  const rows: string[][] = [];
  for (const m of who) {
    const claims = claimsFor(m.user_id);
    const base: CustomerListParams = { orgId, q: '', risk: false, sort: 'priority' };
    const visible = await withRls(claims, (tx) => countCustomers(tx, base), sql);
    const line = [`${m.role} (${visible})`];
    for (const [, make] of cases) {
      const p = make(base) as CustomerListParams;
      line.push(fmt(await time(sql, claims, (tx) => Promise.all([listCustomers(tx, p), countCustomers(tx, p)]))));
    }
    // Page 11 (rows 501–550) by each keyed sort: walk there once, time the last hop.
    for (const sort of ['priority', 'contact'] as const) {
      let cursor: string | null = null;
      for (let i = 0; i < 10 && (i === 0 || cursor); i++) cursor = (await withRls(claims, (tx) => listCustomers(tx, { ...base, sort, cursor }), sql)).nextCursor;
      line.push(cursor ? fmt(await time(sql, claims, (tx) => listCustomers(tx, { ...base, sort, cursor }))) : '—');
    }
    line.push(fmt(await time(sql, claims, previousList(orgId))));
    line.push(fmt(await time(sql, claims, lateralContactSort(orgId))));
    rows.push(line);
  }
  const head = ['identity (visible)', ...cases.map(([c]) => c), 'page 11 priority', 'page 11 contact', 'BASE: previous list', 'BASE: contact via max()'];
  for (let i = 0; i < head.length; i++) console.log(`  ${head[i]!.padEnd(34)} ${rows.map((r) => (r[i] ?? '').padStart(18)).join('')}`);
  console.log('  (list rows = one page of 50 + the count, as the page renders them)');
}

async function main() {
  await ensureSecrets(path.join(ROOT, '.env.local'));
  let adminUrl = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!adminUrl) {
    if (args.fresh) rmSync(PG_DIR, { recursive: true, force: true });
    const pg = await startLocalPostgres({ dataDir: PG_DIR, password: 'bench' });
    adminUrl = pg.url;
    stop = pg.stop;
  }
  assertLocalDatabase(adminUrl);
  const sql = postgres(adminUrl, { onnotice: () => {}, max: 4 });
  try {
    await migrate(sql, {});
    const cpus = os.cpus();
    console.log(`machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    for (const n of SIZES) {
      const orgId = await prepare(sql, adminUrl, n);
      await bench(sql, orgId, n);
    }
  } finally {
    await sql.end();
    await stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
