// The recompute's fast paths against their slow definitions, on a real database and a demo org:
// - private.customer_features_compact() decoded = public.customer_features() parsed by the
//   engine's zod schema, field for field and key for key (supabase/functions/_shared/features-compact.ts);
// - what recompute() leaves in customer_profiles / customer_tags = classifyMany() over the
//   zod-parsed features (the whole-org context the engine computes itself), after a first run,
//   a run with nothing to do, a log, a manual tag and a profile written before state_hash.
// recompute() runs here under Node with the test's connection; the HTTP side and Deno are
// covered by recompute-tags.test.ts.
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemoOrg } from '../../lib/demo/generate.ts';
import { classifyMany, CustomerFeaturesSchema, type CustomerFeatures, parseRules, type Profile } from '../../lib/engine/index.ts';
import { COMPACT_COLUMNS, decodeCompact } from '../../supabase/functions/_shared/features-compact.ts';
import { clearRecomputeCaches, recompute } from '../../supabase/functions/_shared/recompute.ts';

const AS_OF = '2026-11-01T00:00:00+08:00';
const DAY = 86_400_000;
let sql: Sql;
let orgId: string;
// recompute() is typed for the Deno build of postgres.js; the Node one is the same library
const run = (req: { customer_ids?: string[]; as_of?: string }) =>
  recompute(sql as unknown as Parameters<typeof recompute>[0], { org_id: orgId, as_of: AS_OF, ...req });

beforeAll(async () => {
  sql = postgres(inject('adminUrl'), { onnotice: () => {}, max: 4 });
  const seeded = await seedDemoOrg(sql, { slug: `recompute-core-${randomUUID().slice(0, 8)}`, customers: 300, seed: 11, asOf: new Date(AS_OF) });
  orgId = seeded.orgId;
}, 120_000);
afterAll(async () => {
  await sql`delete from orgs where id = ${orgId}`;
  await sql.end();
});

async function slowFeatures(ids: string[] | null, asOf = AS_OF): Promise<CustomerFeatures[]> {
  const rows = await sql`select features from public.customer_features(${orgId}, ${ids}::uuid[], ${asOf}::timestamptz)`;
  return rows.map((r) => CustomerFeaturesSchema.parse(r.features));
}
async function compactFeatures(ids: string[] | null, asOf = AS_OF): Promise<CustomerFeatures[]> {
  const [row] = await sql<{ ms: number }[]>`select floor(extract(epoch from ${asOf}::timestamptz) * 1000)::float8 as ms`;
  const iso = new Date(Number(row!.ms)).toISOString();
  const rows = ids
    ? await sql`select f from private.customer_features_compact(${orgId}, ${ids}::uuid[], ${asOf}::timestamptz) f`
    : await sql`select f from private.customer_features_compact_rows(${orgId}, null, ${asOf}::timestamptz) f`;
  return rows.map((r) => decodeCompact(r.f as string, iso)).sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1));
}

describe('customer_features_compact()', () => {
  const covered: CustomerFeatures[] = [];
  it.each([
    ['as of the demo day', AS_OF],
    ['45 days earlier, mid-history', new Date(Date.parse(AS_OF) - 45 * DAY).toISOString()],
    ['150 days earlier, with sub-millisecond as_of', '2026-06-04T09:30:15.123456+08:00'],
  ])('decodes to exactly what the zod schema makes of customer_features() — %s', async (_, asOf) => {
    const slow = await slowFeatures(null, asOf);
    const fast = await compactFeatures(null, asOf);
    expect(fast).toHaveLength(300);
    expect(fast).toEqual(slow);
    expect(fast.map((f) => JSON.stringify(f))).toEqual(slow.map((f) => JSON.stringify(f))); // key order too
    covered.push(...slow);
  });

  it('…on data that takes every nullable branch of the decoder', () => {
    for (const k of ['latest_observation', 'last_regression', 'first_order_at', 'avg_nps', 'declared_needs', 'last_won_at'] as const) {
      expect(covered.some((f) => f[k] === null), `${k} null somewhere`).toBe(true);
      expect(covered.some((f) => f[k] !== null), `${k} set somewhere`).toBe(true);
    }
  });

  it('gives the same rows for a list of ids, and one column per COMPACT_COLUMNS entry', async () => {
    const ids = (await slowFeatures(null)).slice(0, 40).map((f) => f.customer_id);
    expect(await compactFeatures(ids)).toEqual(await slowFeatures(ids));
    const [row] = await sql`select f from private.customer_features_compact(${orgId}, ${ids.slice(0, 1)}::uuid[], ${AS_OF}::timestamptz) f`;
    expect((row!.f as string).slice(1, -1).split(',')).toHaveLength(COMPACT_COLUMNS.length);
  });

  it('is not callable by app users', async () => {
    await expect(
      sql.begin(async (tx) => {
        await tx.unsafe('set local role authenticated');
        await tx`select * from private.customer_features_compact(${orgId}, null, ${AS_OF}::timestamptz)`;
      }),
    ).rejects.toThrow(/permission denied/);
  });
});

// What the old recompute (load every stored profile and tag, compare canonical json) would have
// stored: the engine's output over the zod-parsed features, whole-org context from them.
async function expectStoredToMatchEngine() {
  const profiles = classifyMany(await slowFeatures(null), parseRules(), undefined, { timezone: 'Asia/Shanghai' });
  const stored = await sql`select * from customer_profiles where org_id = ${orgId}`;
  const tags = await sql`select customer_id, tag, kind, label_zh, label_en, reasons from customer_tags where org_id = ${orgId} and kind <> 'manual'`;
  const manual = new Set((await sql`select customer_id, tag from customer_tags where org_id = ${orgId} and kind = 'manual'`).map((t) => `${t.customer_id}|${t.tag}`));
  expect(stored).toHaveLength(profiles.length);
  const byId = new Map(stored.map((s) => [s.customer_id as string, s]));
  const tagsById = new Map<string, (typeof tags)[number][]>();
  for (const t of tags) tagsById.set(t.customer_id as string, [...(tagsById.get(t.customer_id as string) ?? []), t]);
  for (const p of profiles) {
    const s = byId.get(p.customer_id)!;
    expect(s, p.customer_id).toMatchObject({
      relationship_type: p.relationship_type, relationship_secondary: p.relationship_secondary, funnel_stage: p.funnel_stage,
      value_tier: p.value_tier, lifecycle: p.lifecycle, loyalty: p.loyalty, needs: p.needs, reasons: p.reasons,
    });
    expect(s.churn_risk).toBeCloseTo(p.churn_risk, 5);
    expect(s.priority).toBeCloseTo(p.priority, 3);
    const want = p.tags
      .filter((t) => !manual.has(`${p.customer_id}|${t.tag}`))
      .map((t) => ({ customer_id: p.customer_id, tag: t.tag, kind: t.kind, label_zh: t.zh, label_en: t.en, reasons: t.reasons }));
    const byTag = (a: { tag?: unknown }, b: { tag?: unknown }) => (String(a.tag) < String(b.tag) ? -1 : 1);
    expect([...(tagsById.get(p.customer_id) ?? [])].sort(byTag), p.customer_id).toEqual(want.sort(byTag));
  }
  return profiles;
}

describe('recompute() writes', () => {
  it('a first whole-org run stores the engine’s profiles, tags and first history', async () => {
    clearRecomputeCaches();
    const out = await run({});
    expect(out).toMatchObject({ customers: 300, changed: 300 });
    const profiles = await expectStoredToMatchEngine();
    const firstHistory = profiles.reduce(
      (n, p) => n + [p.relationship_type, p.funnel_stage, p.value_tier, p.lifecycle, p.loyalty, p.needs].filter((v) => v !== null).length, 0);
    expect(out.tag_changes).toBe(firstHistory);
    const history = await sql`select customer_id, dimension, from_value, to_value, reasons from tag_changes where org_id = ${orgId}`;
    expect(history).toHaveLength(firstHistory);
    const byCustomer = new Map(profiles.map((p) => [p.customer_id, p]));
    const column = { relationship: 'relationship_type', funnel: 'funnel_stage', value: 'value_tier', lifecycle: 'lifecycle', loyalty: 'loyalty', needs: 'needs' } as const;
    for (const h of history) {
      const p = byCustomer.get(h.customer_id as string)!;
      const dim = h.dimension as keyof typeof column;
      expect(h, `${p.customer_id} ${dim}`).toEqual({ customer_id: p.customer_id, dimension: dim, from_value: null, to_value: p[column[dim]], reasons: p.reasons[dim] });
    }
  });

  it('a second run with nothing new writes nothing', async () => {
    const before = await sql`select max(computed_at) as at, (select count(*)::int from tag_changes where org_id = ${orgId}) as n
                             from customer_profiles where org_id = ${orgId}`;
    expect(await run({})).toMatchObject({ customers: 300, changed: 0, tag_changes: 0 });
    expect(await run({ customer_ids: [(await slowFeatures(null))[7]!.customer_id] })).toMatchObject({ customers: 1, changed: 0 });
    expect(await sql`select max(computed_at) as at, (select count(*)::int from tag_changes where org_id = ${orgId}) as n
                     from customer_profiles where org_id = ${orgId}`).toEqual(before);
  });

  it('after a log: drops tags the engine no longer gives, keeps a manual tag of the same name, records only changed dimensions', async () => {
    // a new customer, never contacted yet
    const id = randomUUID();
    const [rep] = await sql`select owner_id from customers where org_id = ${orgId} limit 1`;
    await sql`insert into customers (id, org_id, owner_id, name, kind, created_at)
              values (${id}, ${orgId}, ${rep!.owner_id}, '新客户', 'b2c', ${new Date(Date.parse(AS_OF) - 5 * DAY)})`;
    expect(await run({ customer_ids: [id] })).toMatchObject({ customers: 1, changed: 1 });
    expect((await sql`select tag from customer_tags where customer_id = ${id}`).map((t) => t.tag)).toContain('never_contacted');
    const c = rep;
    const [before] = await sql`select * from customer_profiles where customer_id = ${id}`;
    const model = (await sql`select tag from customer_tags where customer_id = ${id} and kind = 'model' order by tag limit 1`)[0]!.tag as string;
    // a rep's own tag that happens to have a model tag's name wins over the engine's
    await sql`update customer_tags set kind = 'manual', reasons = '[]', label_zh = null, label_en = null where customer_id = ${id} and tag = ${model}`;
    await sql`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at, attitude, cognition, sentiment)
              values (${randomUUID()}, ${orgId}, ${id}, ${c!.owner_id}, 'visit', ${new Date(Date.parse(AS_OF) - 3600_000)}, 'accept', 'specific', 'positive')`;

    const out = await run({ customer_ids: [id] });
    expect(out).toMatchObject({ customers: 1, changed: 1 });
    const tags = await sql`select tag, kind from customer_tags where customer_id = ${id}`;
    expect(tags.map((t) => t.tag)).not.toContain('never_contacted');
    expect(tags.find((t) => t.tag === model)?.kind).toBe('manual');
    const [after] = await sql`select * from customer_profiles where customer_id = ${id}`;
    const changed = (['relationship_type', 'funnel_stage', 'value_tier', 'lifecycle', 'loyalty', 'needs'] as const).filter((k) => before![k] !== after![k]);
    const history = await sql`select dimension, from_value, to_value from tag_changes where customer_id = ${id} and from_value is not null`;
    expect(history).toHaveLength(changed.length);
    expect(out.tag_changes).toBe(changed.length);
    expect(after!.funnel_stage).toBe('opportunity'); // accept + specific (seed 002: 商机)
    await expectStoredToMatchEngine();
  });

  it('rewrites a profile stored before state_hash once, then leaves it alone', async () => {
    const [row] = await sql<{ customer_id: string }[]>`select customer_id from customer_profiles where org_id = ${orgId} limit 1`;
    const id = row!.customer_id;
    await sql`update customer_profiles set state_hash = null where customer_id = ${id}`;
    expect(await run({ customer_ids: [id] })).toMatchObject({ changed: 1, tag_changes: 0 });
    expect(await run({})).toMatchObject({ changed: 0 });
    await expectStoredToMatchEngine();
  });

  it('a later as_of reclassifies everyone against the new day, as a from-scratch run would', async () => {
    const later = new Date(Date.parse(AS_OF) + 40 * DAY).toISOString();
    const out = await run({ as_of: later });
    expect(out.changed).toBeGreaterThan(0);
    const profiles = classifyMany(await slowFeatures(null, later), parseRules(), undefined, { timezone: 'Asia/Shanghai' });
    const stored = new Map((await sql`select customer_id, lifecycle, loyalty, reasons from customer_profiles where org_id = ${orgId}`)
      .map((s) => [s.customer_id as string, s]));
    for (const p of profiles as Profile[])
      expect(stored.get(p.customer_id), p.customer_id).toEqual({ customer_id: p.customer_id, lifecycle: p.lifecycle, loyalty: p.loyalty, reasons: p.reasons });
  });
});
