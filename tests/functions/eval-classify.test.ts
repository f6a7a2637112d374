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
  // twelve customers a manager calls 忠诚型 whom the engine calls 自主型: four premium orders, one
  // touch before the first — the re-fit's material
  for (let i = 0; i < 12; i++) {
    const [c] = await admin<{ id: string }[]>`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repA}, ${'老客户' + i}) returning id`;
    await admin`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at) values (${randomUUID()}, ${w.org1}, ${c!.id}, ${w.ids.repA}, 'call', now() - interval '250 days')`;
    for (const d of [190, 130, 70, 10])
      await admin`insert into orders (org_id, customer_id, amount, premium, ordered_at) values (${w.org1}, ${c!.id}, 1000, true, now() - ${d + ' days'}::interval)`;
    await tag('mgr1', c!.id, '忠诚型');
  }
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
    expect(r.stdout).toContain('15 customers with a relationship type set by hand');
    expect(r.stdout).toMatch(/set by: .*rep \(owner\) 1/);
    expect(r.stdout).toMatch(/manager 13/);
    expect(r.stdout).toMatch(/admin 1/);
    // truth 忠诚型: one still 忠诚型, one 依赖型, twelve not classified yet; truth 依赖型: 依赖型
    expect(r.stdout).toMatch(/\| 忠诚型 \| 0\s+\| 1\s+\| 1\s+\| 12\s+\|/);
    expect(r.stdout).toMatch(/\| 依赖型 \| 0\s+\| 1\s+\| 0\s+\| 0\s+\|/);
    expect(r.stdout).toContain('agreement now 0.13 (2/15)');
    expect(r.stdout).toContain('the engine already said so for 2/3');
    expect(r.stdout).not.toContain('Re-fit'); // only when asked
  });

  it('--refit proposes bounded weights (before/after) and writes nothing; --apply needs an admin and a confirmation; --undo puts the rules back', { timeout: 300_000 }, async () => {
    const rulesNow = async () => (await admin`select rules from classification_rules where org_id = ${w.org1}`)[0]!.rules;
    const before = await rulesNow();
    const r = await evalClassify('--org', slug, '--refit');
    expect(r.code, r.stderr).toBe(0);
    const m = /agrees with: (\d+)\/(\d+) → (\d+)\/(\d+)/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    expect(Number(m![3])).toBeGreaterThan(Number(m![1]));
    expect(r.stdout).toMatch(/\| weight\s+\| before \| after/);
    expect(r.stdout).toContain('nothing written');
    expect(await rulesNow()).toEqual(before);

    // tried: no --as, a rep as --as, an admin without confirming (no terminal) — each refused, nothing written
    const noAs = await evalClassify('--org', slug, '--refit', '--apply', '--yes');
    expect([noAs.code, noAs.stderr]).toEqual([2, expect.stringContaining('--as <admin e-mail> is required')]);
    const rep = await evalClassify('--org', slug, '--refit', '--apply', '--yes', '--as', `repa@${slug}.test`);
    expect([rep.code, rep.stderr]).toEqual([2, expect.stringContaining('is not an admin of this org')]);
    const unconfirmed = await evalClassify('--org', slug, '--refit', '--apply', '--as', `admin@${slug}.test`);
    expect([unconfirmed.code, unconfirmed.stderr]).toEqual([1, expect.stringContaining('confirm with --yes')]);
    expect(await rulesNow()).toEqual(before);

    const applied = await evalClassify('--org', slug, '--refit', '--apply', '--yes', '--as', `ADMIN@${slug}.test`);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('applied to');
    const after = (await rulesNow()) as { relationship: { weights: Record<string, number> } };
    expect(Object.keys(after.relationship.weights).length).toBeGreaterThan(0);
    const [log] = await admin`select before, after, labels, agree_before, agree_after, applied_by, undone_at from rules_refits where org_id = ${w.org1}`;
    expect(log).toMatchObject({ before, after, labels: 15, agree_before: Number(m![1]), agree_after: Number(m![3]), applied_by: w.ids.admin, undone_at: null });

    const undo = await evalClassify('--org', slug, '--undo', '--yes', '--as', `admin@${slug}.test`);
    expect(undo.code, undo.stderr).toBe(0);
    expect(await rulesNow()).toEqual(before);
    const [undone] = await admin`select undone_at, undone_by from rules_refits where org_id = ${w.org1}`;
    expect(undone).toMatchObject({ undone_by: w.ids.admin, undone_at: expect.any(Date) });
    const again = await evalClassify('--org', slug, '--undo', '--yes', '--as', `admin@${slug}.test`);
    expect([again.code, again.stderr]).toEqual([2, expect.stringContaining('no re-fit of')]);
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
