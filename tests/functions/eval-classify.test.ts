// `npm run eval:classify` as a user runs it (tsx scripts/eval/classify.ts):
// - --org <slug> against the test database: agreement with the types set by hand, on labels made
//   the way the app makes them (addManualTag inside withRls, as the customer page's route does);
// - an unknown org is a clear message and exit code 2, not a stack trace;
// - the persona run end to end (its own embedded Postgres, import, recompute, every section
//   printed), with a tiny stability sample so it stays quick. It checks the report is complete
//   and consistent with the persona set — not the engine's scores: the script asserts nothing.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addManualTag } from '../../lib/db/queries/tags.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

const run = promisify(execFile);
let admin: Sql;
let app: Sql;
let w: World;
const slug = `eval-${randomUUID().slice(0, 8)}`;

async function evalClassify(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/eval/classify.ts', ...args], {
      // APP_DATABASE_URL too: see crm-cli.test.ts (the migrate step must not reset the authenticator's password)
      env: { ...process.env, DATABASE_URL: inject('adminUrl'), APP_DATABASE_URL: inject('appUrl') },
      timeout: 300_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 2 });
  w = await buildWorld(admin, slug);
  await admin`insert into customer_profiles (customer_id, org_id, relationship_type, value_tier, lifecycle, loyalty) values
    (${w.custB}, ${w.org1}, 'dependent', 'normal', 'active', 'loyal'),
    (${w.custC}, ${w.org1}, 'dependent', 'normal', 'active', 'loyal')`;
  const tag = (who: keyof World['ids'], customerId: string, t: string) => withRls(claimsFor(w.ids[who]), (tx) => addManualTag(tx, { customerId, tag: t }), app);
  await tag('repA', w.custA, 'Loyal'); // the owner confirms the engine's 忠诚型
  await tag('mgr1', w.custB, '忠诚型'); // a manager corrects 依赖型 → 忠诚型
  await tag('admin', w.custC, '依赖型'); // an admin confirms 依赖型
  await tag('repA', w.custA, '爱喝茶'); // not a type
});
afterAll(async () => {
  await admin`delete from orgs where id in (${w.org1}, ${w.org2})`;
  await admin?.end();
  await app?.end();
});

describe('npm run eval:classify -- --org', () => {
  it('reports agreement with the hand-set types: confusion, agreement, κ, who set them, confirmations vs corrections', async () => {
    const r = await evalClassify('--org', slug);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('3 customers with a relationship type set by hand');
    expect(r.stdout).toMatch(/set by: .*rep \(owner\) 1/);
    expect(r.stdout).toMatch(/manager 1/);
    expect(r.stdout).toMatch(/admin 1/);
    // truth 忠诚型: one still 忠诚型, one 依赖型; truth 依赖型: 依赖型
    expect(r.stdout).toMatch(/\| 忠诚型 \| 0\s+\| 1\s+\| 1\s+\|/);
    expect(r.stdout).toMatch(/\| 依赖型 \| 0\s+\| 1\s+\| 0\s+\|/);
    expect(r.stdout).toContain('agreement now 0.67 (2/3)');
    expect(r.stdout).toContain('the engine already said so for 2/3');
  });

  it('an unknown org: a clear message and exit code 2', async () => {
    const r = await evalClassify('--org', 'no-such-org');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no org with slug "no-such-org"');
  });

  it('a bad number is refused before anything starts', async () => {
    const r = await evalClassify('--flip-customers', 'lots');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--flip-customers must be a whole number');
  });
});

describe('npm run eval:classify (personas)', () => {
  it('imports the 550 personas, recomputes them and prints every section', { timeout: 300_000 }, async () => {
    const r = await evalClassify('--flip-customers', '5', '--flip-step', '45');
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/personas: seed 16, 550 customers/);
    expect(out).toMatch(/recompute .*: 550 customers, full/);
    expect(out).toMatch(/== Relationship type \(seed 000\), 430 customers with a sale/);
    expect(out).toMatch(/macro-F1 \d\.\d\d/);
    expect(out).toMatch(/funnel accuracy \d\.\d{3}/);
    expect(out).toMatch(/churn AUC \d\.\d{3}/);
    expect(out).toMatch(/ECE \d\.\d{3}/);
    expect(out).toContain('PROVISIONAL');
    expect(out).toMatch(/== Stability: 5 customers recomputed at 3 as_of steps, every 45 day\(s\) over 90 days/);
    expect(out).toMatch(/type flips per customer per 90 days \d\.\d{3}/);
    // the confusion matrix accounts for every typed customer
    const rows = [...out.matchAll(/^\| (自主型|依赖型|忠诚型) \| (\d+)\s+\| (\d+)\s+\| (\d+)\s+\|(?: (\d+)\s+\|)?$/gm)].slice(0, 3);
    expect(rows.map((m) => m[1])).toEqual(['自主型', '依赖型', '忠诚型']);
    expect(rows.reduce((n, m) => n + Number(m[2]) + Number(m[3]) + Number(m[4]) + Number(m[5] ?? 0), 0)).toBe(430);
  });
});
