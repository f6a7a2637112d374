// public.customer_features / public.org_feature_context on real PostgreSQL: hand-computed
// numbers, the as_of cut, the engine's zod contract, and classification end to end.
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  classify,
  classifyMany,
  CustomerFeaturesSchema,
  orgContextFromFeatures,
  OrgContextSchema,
  parseRules,
  type CustomerFeatures,
} from '../../lib/engine/index.ts';
import { classifyRelationship } from '../../lib/engine/relationship.ts';
import { decodeCompact } from '../../supabase/functions/_shared/features-compact.ts';
import { AS_OF, at, everyNDays, features, surveyExpiresDaysAgo, type History } from '../unit/engine/history.ts';

const SLUG = 'engine-features-test';
const rules = parseRules();
let sql: Sql;
let orgId: string;
let otherOrgId: string;

// The customers of the fixture org, described as histories (days are counted back from AS_OF;
// negative = after AS_OF, which the function must ignore). ids are random: the DB is shared.
const id = () => randomUUID();
const observedVisitId = id();
const loyal: History = {
  id: id(),
  kind: 'b2b',
  ageDays: 300,
  orders: [
    { daysAgo: 200, amount: 1000 },
    { daysAgo: 140, amount: 2000, discount: true },
    { daysAgo: 80, amount: 3000, kind: 'service' },
    { daysAgo: 20, amount: 4000, premium: true },
    { daysAgo: -5, amount: 9999 },
  ],
  interactions: [
    { id: id(), daysAgo: 190, kind: 'visit', attitude: 'accept', cognition: 'vague', minutes: 60 },
    { id: id(), daysAgo: 100, kind: 'call', by: 'customer', minutes: 10 },
    { id: id(), daysAgo: 50, kind: 'complaint', by: 'customer', sentiment: 'neutral' },
    { id: observedVisitId, daysAgo: 10, kind: 'visit', attitude: 'accept', cognition: 'specific', sentiment: 'positive' },
    { id: id(), daysAgo: -3, kind: 'message', attitude: 'doubt', cognition: 'vague', sentiment: 'negative' },
  ],
  surveys: [
    { sentDaysAgo: 150, answeredDaysAgo: 149, nps: 9, csat: 5 },
    { sentDaysAgo: 60, answeredDaysAgo: 58, nps: 10, csat: 4 },
    { sentDaysAgo: 10 }, // expires 4 days after as_of: pending, counts toward neither
    { sentDaysAgo: -2, answeredDaysAgo: -1, nps: 0, csat: 1 },
  ],
  deals: [
    {
      id: id(),
      createdDaysAgo: 230,
      stage: 'won',
      updatedDaysAgo: 208,
      changes: [
        { from: null, to: 'needs', daysAgo: 230 },
        { from: 'needs', to: 'demo', daysAgo: 225 },
        { from: 'demo', to: 'quote', daysAgo: 220 },
        { from: 'quote', to: 'needs', daysAgo: 218 },
        { from: 'needs', to: 'quote', daysAgo: 215 },
        { from: 'quote', to: 'contract', daysAgo: 210 },
        { from: 'contract', to: 'won', daysAgo: 208 },
      ],
    },
  ],
};
const weeklyGone: History = { id: id(), kind: 'b2c', ageDays: 200, orders: everyNDays(6, 7, 60, { amount: 50 }), interactions: [{ id: id(), daysAgo: 61 }] };
const prospect: History = {
  id: id(),
  needs: 'service',
  ageDays: 20,
  interactions: [{ id: id(), daysAgo: 4, kind: 'meeting', attitude: 'doubt', cognition: 'specific', by: 'customer' }],
  deals: [
    // imported without history: won long ago (counts), and one "won" only after AS_OF (still contract then)
    { id: id(), createdDaysAgo: 90, stage: 'won', updatedDaysAgo: 40, premium: true },
    { id: id(), createdDaysAgo: 15, stage: 'won', updatedDaysAgo: -3 },
  ],
};
const empty: History = { id: id(), ageDays: 1 };
const mid: History = { id: id(), ageDays: 100, orders: [{ daysAgo: 30, amount: 2500 }, { daysAgo: 90, amount: 500 }] };
const all = [loyal, weeklyGone, prospect, empty, mid];
const duplicate: History = { id: id(), orders: [{ daysAgo: 5, amount: 1_000_000 }] }; // merged into `loyal`
const foreign: History = { id: id(), orders: [{ daysAgo: 5, amount: 77 }] }; // another org's customer

async function insertHistory(tx: Sql, org: string, owner: string, h: History, mergedInto: string | null = null) {
  const cid = h.id as string;
  await tx`insert into public.customers (id, org_id, owner_id, name, kind, needs, merged_into, created_at)
           values (${cid}, ${org}, ${owner}, ${`customer ${cid.slice(0, 8)}`}, ${h.kind ?? 'b2b'}, ${h.needs ?? null},
                   ${mergedInto}, ${at(h.ageDays ?? 400)})`;
  for (const o of h.orders ?? [])
    await tx`insert into public.orders (org_id, customer_id, amount, discount_used, premium, kind, ordered_at)
             values (${org}, ${cid}, ${o.amount ?? 100}, ${o.discount ?? false}, ${o.premium ?? false}, ${o.kind ?? 'product'}, ${at(o.daysAgo)})`;
  for (const i of h.interactions ?? [])
    await tx`insert into public.interactions (id, org_id, customer_id, rep_id, kind, initiated_by, occurred_at,
                                              duration_min, attitude, cognition, sentiment)
             values (${i.id ?? randomUUID()}, ${org}, ${cid}, ${owner}, ${i.kind ?? 'visit'}, ${i.by ?? 'rep'}, ${at(i.daysAgo)},
                     ${i.minutes ?? null}, ${i.attitude ?? null}, ${i.cognition ?? null}, ${i.sentiment ?? null})`;
  for (const d of h.deals ?? []) {
    await tx`insert into public.deals (id, org_id, customer_id, stage, premium, created_at, updated_at)
             values (${d.id as string}, ${org}, ${cid}, ${d.stage}, ${d.premium ?? false}, ${at(d.createdDaysAgo)}, ${at(d.updatedDaysAgo ?? 0)})`;
    for (const c of d.changes ?? [])
      await tx`insert into public.deal_stage_changes (org_id, deal_id, customer_id, from_stage, to_stage, changed_at)
               values (${org}, ${d.id as string}, ${cid}, ${c.from}, ${c.to}, ${at(c.daysAgo)})`;
  }
  for (const s of h.surveys ?? []) {
    const sid = randomUUID();
    const answered = s.answeredDaysAgo === undefined ? null : at(s.answeredDaysAgo);
    await tx`insert into public.surveys (id, org_id, customer_id, created_at, expires_at, answered_at)
             values (${sid}, ${org}, ${cid}, ${at(s.sentDaysAgo)}, ${at(surveyExpiresDaysAgo(s))}, ${answered})`;
    if (answered)
      await tx`insert into public.survey_responses (org_id, survey_id, customer_id, nps, csat, created_at)
               values (${org}, ${sid}, ${cid}, ${s.nps ?? 9}, ${s.csat ?? 5}, ${answered})`;
  }
}

async function makeOrg(tx: Sql, slug: string): Promise<{ org: string; owner: string }> {
  const [o] = await tx`insert into public.orgs (slug, name, settings) values (${slug}, ${slug}, ${tx.json({ timezone: 'Asia/Shanghai' })}) returning id`;
  const [t] = await tx`insert into public.teams (org_id, name) values (${o?.id}, 'A') returning id`;
  const owner = randomUUID();
  await tx`insert into auth.users (id, email) values (${owner}, ${`${owner}@example.test`})`;
  await tx`insert into public.members (user_id, org_id, role, team_id, display_name) values (${owner}, ${o?.id}, 'rep', ${t?.id}, 'Rep')`;
  return { org: o?.id as string, owner };
}

async function featuresOf(ids: string[] | null, asOf = AS_OF): Promise<CustomerFeatures[]> {
  const rows = await sql`select customer_id, features from public.customer_features(${orgId}, ${ids}::uuid[], ${asOf}::timestamptz)`;
  return rows.map((r) => CustomerFeaturesSchema.parse(r.features));
}
const byId = (list: CustomerFeatures[], h: History) => list.find((f) => f.customer_id === h.id);

beforeAll(async () => {
  sql = postgres(inject('adminUrl'), { max: 2, onnotice: () => {} });
  await sql.begin(async (tx) => {
    const a = await makeOrg(tx as unknown as Sql, SLUG);
    orgId = a.org;
    for (const h of all) await insertHistory(tx as unknown as Sql, a.org, a.owner, h);
    await insertHistory(tx as unknown as Sql, a.org, a.owner, duplicate, loyal.id as string);
    const b = await makeOrg(tx as unknown as Sql, `${SLUG}-other`);
    otherOrgId = b.org;
    await insertHistory(tx as unknown as Sql, b.org, b.owner, foreign);
  });
});

afterAll(async () => {
  await sql`delete from public.orgs where id in (${orgId}, ${otherOrgId})`;
  await sql.end();
});

describe('customer_features()', () => {
  it('returns one row per customer of the org, leaving out merged duplicates and other orgs', async () => {
    const list = await featuresOf(null);
    expect(list.map((f) => f.customer_id).sort()).toEqual(all.map((h) => h.id).sort());
  });

  it('matches hand-computed numbers', async () => {
    const f = byId(await featuresOf(null), loyal);
    expect(f).toMatchObject({
      order_count: 4, // the order 5 days after as_of is ignored
      order_total: 10000,
      days_since_first_order: 200,
      days_since_last_order: 20,
      median_order_gap_days: 60,
      early_avg_amount: 1500, // (1000 + 2000) / 2
      late_avg_amount: 3500,
      discount_orders: 1,
      premium_orders: 1,
      product_orders: 3,
      service_orders: 1,
      interaction_count: 4,
      interactions_by_kind: { visit: 2, call: 1, feedback: 0, complaint: 1, suggestion: 0, message: 0, meeting: 0 },
      interactions_last_30d: 1,
      interactions_last_90d: 2,
      customer_initiated: 2,
      contacts_before_first_order: 0, // even the visit 190 days ago came after the first order (200)
      contacts_after_first_order: 4,
      customer_initiated_after_first_order: 1, // the complaint does not count
      avg_duration_min: 35,
      complaints_negative: 0,
      negative_sentiment: 0, // the negative message is after as_of
      days_since_last_contact: 10,
      observation_count: 2,
      latest_observation: { interaction_id: observedVisitId, occurred_at: at(10), kind: 'visit', attitude: 'accept', cognition: 'specific' },
      deals_won: 1,
      deals_open: 0,
      sales_cycle_days: 20, // needs 230 days ago → contract 210 days ago
      completed_cycles: 1,
      stage_regressions: 1,
      last_regression: { from_stage: 'quote', to_stage: 'needs', changed_at: at(218) },
      surveys_sent: 2, // the link sent 10 days ago is still open: pending, not ignored
      surveys_answered: 2,
      avg_nps: 9.5,
      avg_csat: 4.5,
      last_nps: 10,
    });
  });

  it('equals the unit tests’ model of the same histories, field for field', async () => {
    const list = await featuresOf(null);
    for (const h of all) expect(byId(list, h), `customer ${all.indexOf(h)}`).toEqual(features(h));
  });

  it('imported deals without history: won before as_of counts, "won" only later is still open then', async () => {
    const f = byId(await featuresOf(null), prospect);
    expect(f).toMatchObject({ deals_won: 1, deals_open: 1, premium_deals_won: 1, last_won_at: at(40), sales_cycle_days: null });
  });

  it('respects as_of: later rows appear when as_of moves forward, and recency is measured from as_of', async () => {
    const later = new Date(Date.parse(AS_OF) + 10 * 86_400_000).toISOString();
    const f = byId(await featuresOf([loyal.id as string], later), loyal);
    expect(f).toMatchObject({ order_count: 5, order_total: 19999, days_since_last_order: 5, surveys_answered: 3, surveys_sent: 4, negative_sentiment: 1 });
    expect(f?.latest_observation).toMatchObject({ kind: 'message', attitude: 'doubt', cognition: 'vague' });
    const earlier = byId(await featuresOf([loyal.id as string], at(100)), loyal);
    expect(earlier).toMatchObject({ order_count: 2, order_total: 3000, days_since_last_order: 40, surveys_sent: 1, stage_regressions: 1 });
  });

  it('a list of ids returns just those customers', async () => {
    const list = await featuresOf([weeklyGone.id as string, foreign.id as string]);
    expect(list.map((f) => f.customer_id)).toEqual([weeklyGone.id]);
  });

  it('only the service role may call it', async () => {
    for (const role of ['authenticated', 'anon']) {
      await expect(
        sql.begin(async (tx) => {
          await tx.unsafe(`set local role ${role}`);
          await tx`select * from public.customer_features(${orgId})`;
        }),
      ).rejects.toThrow(/permission denied for function customer_features/);
    }
    const rows = await sql.begin(async (tx) => {
      await tx.unsafe('set local role service_role');
      return tx`select customer_id from public.customer_features(${orgId}, null, ${AS_OF}::timestamptz)`;
    });
    expect(rows).toHaveLength(all.length);
  });
});

describe('org_feature_context() and the engine end to end', () => {
  it('equals the context the engine computes from the whole org’s features', async () => {
    const [row] = await sql`select public.org_feature_context(${orgId}, ${AS_OF}::timestamptz, ${rules.value.high_share}, ${rules.value.low_share}) as ctx`;
    const ctx = OrgContextSchema.parse(row?.ctx);
    expect(ctx).toEqual(orgContextFromFeatures(await featuresOf(null), rules, { timezone: 'Asia/Shanghai' }));
    // hand-computed: paying totals 10000, 3000 (mid), 300 (weekly) → top 20 % from 10000, bottom 30 % up to 300
    expect(ctx).toMatchObject({ customers: 5, paying_customers: 3, revenue_high_min: 10000, revenue_low_max: 300, median_sales_cycle_days: 20 });
  });

  it('classifies the fixture customers as the seeds say', async () => {
    const list = await featuresOf(null);
    const profiles = classifyMany(list, rules, undefined, { timezone: 'Asia/Shanghai' });
    const of = (h: History) => profiles.find((p) => p.customer_id === h.id);
    expect(of(loyal)).toMatchObject({
      relationship_type: 'loyal', // 4 orders, 2 of 2 surveys answered at NPS 9.5 (a third still open), patient complaint
      relationship_secondary: 'dependent', // went back from quote to needs analysis
      funnel_stage: 'signed',
      value_tier: 'high',
      lifecycle: 'active',
      loyalty: 'loyal',
      needs: 'both',
    });
    expect(of(weeklyGone)).toMatchObject({ lifecycle: 'churned', loyalty: 'churned', value_tier: 'low', needs: 'product' });
    // signed once (imported won deal), but the meeting 4 days ago is about the deal still open
    expect(of(prospect)).toMatchObject({ funnel_stage: 'intent', lifecycle: 'potential', loyalty: 'none', needs: 'service' });
    expect(of(empty)).toMatchObject({ relationship_type: 'undetermined', funnel_stage: 'potential', value_tier: 'low' });
    // a one-customer recompute with the SQL context agrees with the whole-org run
    const [row] = await sql`select public.org_feature_context(${orgId}, ${AS_OF}::timestamptz) as ctx`;
    const [one] = await featuresOf([mid.id as string]);
    expect(classify(one as CustomerFeatures, rules, OrgContextSchema.parse(row?.ctx))).toEqual(of(mid));
  });
});

// Seed 000 一、5: the autonomous customer 不太响应您的调查请求 — "does not respond much to your
// survey requests". A link is only ignored once its time is up: as of as_of a link is answered
// (its response was written by then), expired (expires_at <= as_of, no answer) or pending (still
// open, counts toward neither). surveys_sent = answered + expired.
describe('survey links still open are pending, not ignored', () => {
  const MIN = 1 / 1440; // a minute, in days
  let pendingOrg: string;
  // one order 30 days ago after a single call (few touches: 1 point towards autonomous, short of
  // the 2 a type needs), and two survey links sent 30 and 5 minutes before as_of
  const fresh: History = {
    id: id(),
    kind: 'b2c',
    ageDays: 60,
    orders: [{ daysAgo: 30, amount: 800 }],
    interactions: [{ id: id(), daysAgo: 35, kind: 'call' }],
    surveys: [{ sentDaysAgo: 30 * MIN }, { sentDaysAgo: 5 * MIN }],
  };
  // answered long ago, expired unanswered 6 days ago, sent 3 days ago and open, and one answered
  // only after as_of (so still open at as_of)
  const mixed: History = {
    id: id(),
    ageDays: 90,
    surveys: [
      { sentDaysAgo: 40, answeredDaysAgo: 39, nps: 8, csat: 4 },
      { sentDaysAgo: 20 },
      { sentDaysAgo: 3 },
      { sentDaysAgo: 5, answeredDaysAgo: -1, nps: 2, csat: 1 },
    ],
  };
  const after = (ms: number) => new Date(Date.parse(AS_OF) + ms).toISOString();
  // the moment the first fresh link (sent 30 minutes before as_of) expires: created + 14 days
  const firstExpiry = at(surveyExpiresDaysAgo({ sentDaysAgo: 30 * MIN }));

  async function featuresAt(asOf: string): Promise<CustomerFeatures[]> {
    const rows = await sql`select features from public.customer_features(${pendingOrg}, null, ${asOf}::timestamptz)`;
    const slow = rows.map((r) => CustomerFeaturesSchema.parse(r.features));
    // the recompute's compact path says the same
    const [ms] = await sql<{ ms: number }[]>`select floor(extract(epoch from ${asOf}::timestamptz) * 1000)::float8 as ms`;
    const compact = await sql`select f from private.customer_features_compact(${pendingOrg}, null, ${asOf}::timestamptz) f`;
    const fast = compact.map((r) => decodeCompact(r.f as string, new Date(Number(ms!.ms)).toISOString()));
    expect(fast.sort((a, b) => (a.customer_id < b.customer_id ? -1 : 1))).toEqual(slow);
    return slow;
  }
  async function relationshipAt(h: History, asOf: string) {
    const f = byId(await featuresAt(asOf), h) as CustomerFeatures;
    const [row] = await sql`select public.org_feature_context(${pendingOrg}, ${asOf}::timestamptz) as ctx`;
    const ctx = OrgContextSchema.parse(row?.ctx);
    return { f, rel: classifyRelationship(f, ctx, rules), profile: classify(f, rules, ctx) };
  }
  const ruleIds = (r: { reasons: { rule: string }[] }) => r.reasons.map((x) => x.rule);

  beforeAll(async () => {
    await sql.begin(async (tx) => {
      const o = await makeOrg(tx as unknown as Sql, `${SLUG}-pending`);
      pendingOrg = o.org;
      for (const h of [fresh, mixed]) await insertHistory(tx as unknown as Sql, o.org, o.owner, h);
    });
  });
  afterAll(async () => {
    await sql`delete from public.orgs where id = ${pendingOrg}`;
  });

  it('「不太响应您的调查请求」: two links sent minutes ago do not make a customer "ignores surveys" — once both expire unanswered, they do', async () => {
    const now = await relationshipAt(fresh, AS_OF);
    expect(now.f).toMatchObject({ surveys_sent: 0, surveys_answered: 0 });
    expect(now.f).toEqual(features(fresh));
    expect(now.rel.scores.autonomous).toBe(1); // few touches only
    expect(ruleIds(now.rel)).toEqual(['relationship.undetermined', 'relationship.few_touches']);
    expect(now.profile.relationship_type).toBe('undetermined');

    // a millisecond before the first link expires: both still open
    const before = await relationshipAt(fresh, new Date(Date.parse(firstExpiry) - 1).toISOString());
    expect(before.f).toMatchObject({ surveys_sent: 0, surveys_answered: 0 });
    // at its expiry (submit_survey refuses it from then on) it counts, the other is still open:
    // 1 sent is below ignores_surveys_min_sent (2)
    const one = await relationshipAt(fresh, firstExpiry);
    expect(one.f).toMatchObject({ surveys_sent: 1, surveys_answered: 0 });
    expect(ruleIds(one.rel)).not.toContain('relationship.ignores_surveys');
    expect(one.profile.relationship_type).toBe('undetermined');

    // a day later both expired unanswered: 0 of 2 answered — ignores surveys, and with the few
    // touches that makes 自主型
    const later = await relationshipAt(fresh, after(15 * 86_400_000));
    expect(later.f).toMatchObject({ surveys_sent: 2, surveys_answered: 0 });
    expect(later.rel.byType.autonomous?.find((r) => r.rule === 'relationship.ignores_surveys')).toMatchObject({ params: { answered: 0, sent: 2 } });
    expect(later.rel.scores.autonomous).toBe(2);
    expect(later.profile.relationship_type).toBe('autonomous');
    expect(later.profile.reasons.relationship.map((r) => r.en)).toContain('answered only 0 of 2 surveys');
  });

  it('answers count whenever they came before as_of; open links (and ones answered only later) count toward neither', async () => {
    const [f] = (await featuresAt(AS_OF)).filter((x) => x.customer_id === mixed.id);
    // answered: the one 39 days ago; expired: the one sent 20 days ago; pending: sent 3 days ago,
    // and the one answered a day after as_of
    expect(f).toMatchObject({ surveys_sent: 2, surveys_answered: 1, avg_nps: 8, last_nps: 8 });
    expect(f).toEqual(features(mixed));
    // 1 of 2 answered is 50 %: above ignores_surveys_max_rate (34 %)
    const { rel } = await relationshipAt(mixed, AS_OF);
    expect(ruleIds(rel)).not.toContain('relationship.ignores_surveys');
    // two days later the answer is in and the link sent 3 days ago is still open (11 more days)
    const [g] = (await featuresAt(after(2 * 86_400_000))).filter((x) => x.customer_id === mixed.id);
    expect(g).toMatchObject({ surveys_sent: 3, surveys_answered: 2, avg_nps: 5, last_nps: 2 });
  });
});
