// The benchmarks' dataset: a persistent embedded PostgreSQL in its own directory with one
// deterministic demo org (lib/demo), migrated to the current schema on every start, built once
// and reused. Shared by bench:recompute (.bench/pg) and bench:insights (.bench/insights) — each
// keeps its own directory and password file, so one can run while the other is in use.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import postgres, { type Sql } from 'postgres';
import { startLocalPostgres, type LocalPostgres } from '../../lib/db/local-postgres.ts';
import { APP_LOGIN_ROLE, migrate } from '../../lib/db/migrate.ts';
import { seedDemoOrg, type SeedResult } from '../../lib/demo/generate.ts';
import { writeSecretFile } from '../lib/secrets.ts';
import { ROOT } from '../lib/stack.ts';

export type BenchDataset = {
  pg: LocalPostgres;
  /** superuser connection */
  sql: Sql;
  /** the app's login role (switches to authenticated/anon in withRls), password set by this start */
  appUrl: string;
  pgVersion: string;
  orgId: string;
  seeded: SeedResult;
  counts: Record<string, number>;
};

export async function openBenchDataset(opts: {
  dataDir: string;
  secretFile: string;
  slug: string;
  customers: number;
  seed: number;
  asOf: string;
  fresh?: boolean;
  log?: (line: string) => void;
}): Promise<BenchDataset> {
  const say = opts.log ?? (() => {});
  if (opts.fresh && existsSync(opts.dataDir)) {
    say(`--fresh: removing ${path.relative(ROOT, opts.dataDir)}`);
    rmSync(opts.dataDir, { recursive: true, force: true });
  }
  mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  if (!existsSync(opts.secretFile) || !existsSync(opts.dataDir))
    writeSecretFile(opts.secretFile, JSON.stringify({ password: randomBytes(18).toString('base64url') }));
  const { password } = JSON.parse(readFileSync(opts.secretFile, 'utf8')) as { password: string };

  const pg = await startLocalPostgres({ dataDir: opts.dataDir, password });
  const sql: Sql = postgres(pg.url, { onnotice: () => {}, max: 4 });
  try {
    const authenticatorPassword = randomBytes(18).toString('base64url');
    await migrate(sql, { root: path.join(ROOT, 'supabase'), appPassword: authenticatorPassword });
    const [pgv] = await sql<{ v: string }[]>`select current_setting('server_version') as v`;
    const t0 = performance.now();
    const seeded = await seedDemoOrg(sql, {
      slug: opts.slug,
      customers: opts.customers,
      seed: opts.seed,
      asOf: new Date(opts.asOf),
      log: (l) => say(`[seed] ${l}`),
    });
    if (seeded.created) {
      say(`[seed] built in ${((performance.now() - t0) / 1000).toFixed(1)} s; vacuum analyze …`);
      await sql`vacuum analyze`;
    } else {
      await sql`analyze`;
    }
    const orgId = seeded.orgId;
    const [counts] = await sql<Record<string, number>[]>`
      select (select count(*)::int from customers where org_id = ${orgId}) as customers,
             (select count(*)::int from interactions where org_id = ${orgId}) as interactions,
             (select count(*)::int from orders where org_id = ${orgId}) as orders,
             (select count(*)::int from deals where org_id = ${orgId}) as deals,
             (select count(*)::int from deal_stage_changes where org_id = ${orgId}) as deal_stage_changes,
             (select count(*)::int from surveys where org_id = ${orgId}) as surveys,
             (select count(*)::int from survey_responses where org_id = ${orgId}) as survey_responses`;
    const app = new URL(pg.url);
    app.username = APP_LOGIN_ROLE;
    app.password = authenticatorPassword;
    return { pg, sql, appUrl: app.toString(), pgVersion: pgv!.v, orgId, seeded, counts: counts! };
  } catch (err) {
    await sql.end();
    await pg.stop();
    throw err;
  }
}
