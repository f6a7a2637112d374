// The demo-data generator on a real database: idempotent, deterministic, and shaped so every
// classification value of docs/design.md, "Classification" occurs. Slugs are unique per run so this file can share
// the database with other test files.
import bcrypt from 'bcryptjs';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ARCHETYPES, archetypeOf, DEMO_PASSWORD, seedDemoOrg, type Archetype } from '../../lib/demo/generate.ts';
import {
  classifyMany,
  CustomerFeaturesSchema,
  DEFAULT_RULES,
  FUNNEL_STAGES,
  LIFECYCLES,
  LOYALTIES,
  NEEDS,
  RELATIONSHIP_TYPES,
  VALUE_TIERS,
  type Profile,
} from '../../lib/engine/index.ts';

const sql = postgres(inject('adminUrl'), { onnotice: () => {}, max: 4 });
const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;
const slugA = `demo-a-${run}`;
const slugB = `demo-b-${run}`;
const asOf = new Date('2026-11-23T10:30:00+08:00');
const SEED = 7;
const N = 400;

type Features = {
  external_id: string;
  orders: number;
  amounts: string[]; // numeric comes back as text; oldest first
  product_orders: number;
  service_orders: number;
  premium_orders: number;
  discount_orders: number;
  days_since_last_order: number | null;
  interactions: number;
  days_since_last_interaction: number | null;
  deal_stage: string | null;
  days_to_close: number | null;
  touches_before_close: number | null;
  touches_after_close: number | null;
  regressions: number;
  surveys: number;
  answered: number;
  min_nps: number | null;
  recent_angry_complaints: number;
  calm_complaints: number;
  latest_attitude: string | null;
  latest_cognition: string | null;
};

let orgA = '';
const byArchetype = new Map<Archetype, Features[]>();

beforeAll(async () => {
  const r = await seedDemoOrg(sql, { slug: slugA, customers: N, seed: SEED, asOf });
  orgA = r.orgId;
  const rows = await sql<Features[]>`
    with won as (
      select d.customer_id,
             min(sc.changed_at) filter (where sc.from_stage is null) as opened,
             max(sc.changed_at) filter (where sc.to_stage = 'won') as closed,
             count(*) filter (where sc.from_stage = 'quote' and sc.to_stage = 'needs')::int as regressions,
             max(d.stage::text) as stage
      from deals d join deal_stage_changes sc on sc.deal_id = d.id
      where d.org_id = ${orgA} group by d.customer_id)
    select c.external_id,
      (select count(*)::int from orders o where o.customer_id = c.id) as orders,
      (select coalesce(array_agg(o.amount::text order by o.ordered_at), '{}') from orders o where o.customer_id = c.id) as amounts,
      (select count(*)::int from orders o where o.customer_id = c.id and o.kind = 'product') as product_orders,
      (select count(*)::int from orders o where o.customer_id = c.id and o.kind = 'service') as service_orders,
      (select count(*)::int from orders o where o.customer_id = c.id and o.premium) as premium_orders,
      (select count(*)::int from orders o where o.customer_id = c.id and o.discount_used) as discount_orders,
      (select extract(epoch from ${asOf}::timestamptz - max(o.ordered_at)) / 86400 from orders o where o.customer_id = c.id)::float8 as days_since_last_order,
      (select count(*)::int from interactions i where i.customer_id = c.id) as interactions,
      (select extract(epoch from ${asOf}::timestamptz - max(i.occurred_at)) / 86400 from interactions i where i.customer_id = c.id)::float8 as days_since_last_interaction,
      w.stage as deal_stage,
      (extract(epoch from w.closed - w.opened) / 86400)::float8 as days_to_close,
      (select count(*)::int from interactions i where i.customer_id = c.id and i.occurred_at <= w.closed) as touches_before_close,
      (select count(*)::int from interactions i where i.customer_id = c.id and i.occurred_at > w.closed) as touches_after_close,
      coalesce(w.regressions, 0) as regressions,
      (select count(*)::int from surveys s where s.customer_id = c.id) as surveys,
      (select count(*)::int from survey_responses r where r.customer_id = c.id) as answered,
      (select min(r.nps) from survey_responses r where r.customer_id = c.id) as min_nps,
      (select count(*)::int from interactions i where i.customer_id = c.id and i.kind = 'complaint' and i.sentiment = 'negative'
         and i.occurred_at > ${asOf}::timestamptz - interval '60 days') as recent_angry_complaints,
      (select count(*)::int from interactions i where i.customer_id = c.id and i.kind = 'complaint' and i.sentiment <> 'negative') as calm_complaints,
      l.attitude::text as latest_attitude, l.cognition::text as latest_cognition
    from customers c
    left join won w on w.customer_id = c.id
    left join lateral (select i.attitude, i.cognition from interactions i
                       where i.customer_id = c.id and i.attitude is not null
                       order by i.occurred_at desc limit 1) l on true
    where c.org_id = ${orgA}
    order by c.external_id`;
  for (const f of rows) {
    const a = archetypeOf(Number(f.external_id.slice(1)) - 1, SEED);
    byArchetype.set(a, [...(byArchetype.get(a) ?? []), f]);
  }
}, 120_000);

afterAll(async () => {
  await sql.end();
});

const of = (a: Archetype) => byArchetype.get(a) ?? [];
const amounts = (f: Features) => f.amounts.map(Number);

describe('seedDemoOrg', () => {
  it('creates 9 members in 2 teams with working demo logins', async () => {
    const members = await sql<{ role: string; team: string | null; n: number }[]>`
      select m.role::text, t.name as team, count(*)::int as n from members m left join teams t on t.id = m.team_id
      where m.org_id = ${orgA} group by 1, 2 order by 1, 2`;
    expect(members).toEqual([
      { role: 'admin', team: null, n: 1 },
      { role: 'manager', team: '华东一组', n: 1 },
      { role: 'manager', team: '华南二组', n: 1 },
      { role: 'rep', team: '华东一组', n: 3 },
      { role: 'rep', team: '华南二组', n: 3 },
    ]);
    const users = await sql<{ email: string; phone: string; encrypted_password: string; meta: { display_name?: string } }[]>`
      select u.email, u.phone, u.encrypted_password, u.raw_user_meta_data as meta
      from auth.users u join members m on m.user_id = u.id where m.org_id = ${orgA} order by u.email`;
    expect(users.map((u) => u.email)).toContain(`admin@${slugA}.crystal`);
    expect(users.every((u) => /^139\d{8}$/.test(u.phone) && u.meta.display_name)).toBe(true);
    expect(await bcrypt.compare(DEMO_PASSWORD, users[0]!.encrypted_password)).toBe(true);
  });

  it('is a no-op the second time, returning the same logins', async () => {
    const count = async () => (await sql<{ n: number }[]>`select count(*)::int as n from interactions where org_id = ${orgA}`)[0]!.n;
    const before = await count();
    const again = await seedDemoOrg(sql, { slug: slugA, customers: N, seed: SEED, asOf });
    expect(again.created).toBe(false);
    expect(again.orgId).toBe(orgA);
    expect(again.logins).toHaveLength(9);
    expect(again.logins.filter((l) => l.role === 'rep').map((l) => l.email)).toEqual(
      [1, 2, 3, 4, 5, 6].map((i) => `rep${i}@${slugA}.crystal`),
    );
    expect(await count()).toBe(before);
  });

  it('is deterministic: same seed and day → same customers, orders and notes in another org', async () => {
    // Later on the same Shanghai day: the demo's "today" is the same.
    const b = await seedDemoOrg(sql, { slug: slugB, customers: N, seed: SEED, asOf: new Date('2026-11-23T23:10:00+08:00') });
    const snapshot = (orgId: string) => sql`
      select c.external_id, c.name, c.company, c.phone, c.region, c.email,
        (select string_agg(o.amount::text || '@' || o.ordered_at::text, ',' order by o.ordered_at) from orders o where o.customer_id = c.id) as orders,
        (select string_agg(i.note, '|' order by i.occurred_at) from interactions i where i.customer_id = c.id) as notes
      from customers c where c.org_id = ${orgId} order by c.external_id`;
    const [a, bb] = [await snapshot(orgA), await snapshot(b.orgId)];
    expect(bb).toHaveLength(N);
    expect(bb).toEqual(a);
    const [shared] = await sql`select count(*)::int as n from customers x join customers y on x.id = y.id
                               where x.org_id = ${orgA} and y.org_id = ${b.orgId}`;
    expect(shared!.n).toBe(0); // same content, different primary keys
  });

  it('gives every customer a rep as owner and keeps every event at or before asOf', async () => {
    const [owners] = await sql`select count(*)::int as n from customers c join members m on m.user_id = c.owner_id
                               where c.org_id = ${orgA} and m.role = 'rep'`;
    expect(owners!.n).toBe(N);
    // expires_at is a deadline, not an event: a recent survey's link is still open after asOf.
    const [late] = await sql`select
        (select count(*) from customers where org_id = ${orgA} and greatest(created_at, updated_at) > ${asOf})
      + (select count(*) from interactions where org_id = ${orgA} and greatest(occurred_at, created_at) > ${asOf})
      + (select count(*) from deals where org_id = ${orgA} and greatest(created_at, updated_at) > ${asOf})
      + (select count(*) from deal_stage_changes where org_id = ${orgA} and changed_at > ${asOf})
      + (select count(*) from orders where org_id = ${orgA} and greatest(ordered_at, created_at) > ${asOf})
      + (select count(*) from surveys where org_id = ${orgA} and greatest(created_at, answered_at) > ${asOf})
      + (select count(*) from survey_responses where org_id = ${orgA} and created_at > ${asOf})
      + (select count(*) from members where org_id = ${orgA} and created_at > ${asOf}) as n`;
    expect(Number(late!.n)).toBe(0);
    const [c] = await sql`select count(distinct phone)::int as phones, bool_and(phone ~ '^1[3-9][0-9]{9}$') as mobile,
                            count(*) filter (where kind = 'b2b')::int as b2b, count(*) filter (where kind = 'b2c')::int as b2c
                          from customers where org_id = ${orgA}`;
    expect(c).toMatchObject({ phones: N, mobile: true });
    expect(c!.b2b).toBeGreaterThan(0);
    expect(c!.b2c).toBeGreaterThan(0);
  });

  it('has every archetype, each with the facts its description promises', () => {
    for (const a of ARCHETYPES) expect(of(a).length, a).toBeGreaterThan(0);

    for (const f of of('autonomous')) {
      expect(f.days_to_close).toBeLessThanOrEqual(13); // through the stages in days
      expect(f.touches_before_close).toBeLessThanOrEqual(2);
      expect(f.touches_after_close).toBeLessThanOrEqual(2);
      expect(f.answered).toBe(0);
      expect(f.discount_orders).toBe(0);
    }
    expect(sum(of('autonomous'), 'premium_orders') / sum(of('autonomous'), 'orders')).toBeGreaterThan(0.6);

    for (const f of of('dependent')) {
      expect(f.regressions).toBeGreaterThanOrEqual(1); // back from quote to needs
      expect(f.days_to_close).toBeGreaterThanOrEqual(40);
      expect(f.interactions).toBeGreaterThanOrEqual(12);
      expect(f.orders).toBeLessThanOrEqual(3);
    }
    expect(sum(of('dependent'), 'discount_orders') / sum(of('dependent'), 'orders')).toBeGreaterThan(0.6);

    for (const f of of('loyal')) {
      expect(f.orders).toBeGreaterThan(3);
      expect(f.answered).toBeGreaterThan(0);
      expect(f.min_nps).toBeGreaterThanOrEqual(9);
      expect(f.calm_complaints).toBe(1); // patient with a service problem
    }

    for (const f of of('at_risk')) {
      const x = amounts(f);
      expect(x.every((v, i) => i === 0 || v < x[i - 1]!), f.external_id).toBe(true);
      expect(f.recent_angry_complaints).toBeGreaterThanOrEqual(1);
      expect(f.min_nps).toBeLessThanOrEqual(4);
      expect(f.days_since_last_order).toBeLessThan(40);
    }
    for (const f of of('inactive')) {
      expect(f.orders).toBe(3);
      expect(f.days_since_last_order).toBeGreaterThan(35);
      expect(f.days_since_last_order).toBeLessThan(90);
      expect(f.days_since_last_interaction).toBeGreaterThanOrEqual(f.days_since_last_order! - 1);
    }
    for (const f of of('churned')) {
      expect(f.days_since_last_order).toBeGreaterThan(105);
      expect(f.days_since_last_interaction).toBeGreaterThan(100);
    }
    for (const f of of('new_signed')) {
      expect(f.deal_stage).toBe('won');
      expect(f.orders).toBe(1);
      expect(f.days_since_last_order).toBeLessThanOrEqual(11);
    }

    const target: [Archetype, string, string][] = [
      ['prospect_potential', 'doubt', 'vague'],
      ['prospect_wait', 'accept', 'vague'],
      ['prospect_intent', 'doubt', 'specific'],
      ['prospect_opportunity', 'accept', 'specific'],
    ];
    for (const [a, attitude, cognition] of target) {
      for (const f of of(a)) {
        expect(f.orders).toBe(0);
        expect(f.deal_stage === 'won' || f.deal_stage === 'lost').toBe(false);
        expect([f.latest_attitude, f.latest_cognition], `${a} ${f.external_id}`).toEqual([attitude, cognition]);
      }
    }
    for (const f of of('lost')) expect([f.deal_stage, f.orders]).toEqual(['lost', 0]);
  });

  it('spreads revenue Pareto-style and covers product, service and both needs', () => {
    const all = [...byArchetype.values()].flat();
    const revenue = all.map((f) => amounts(f).reduce((a, b) => a + b, 0)).filter((r) => r > 0).sort((a, b) => b - a);
    const total = revenue.reduce((a, b) => a + b, 0);
    const top = revenue.slice(0, Math.ceil(revenue.length * 0.2)).reduce((a, b) => a + b, 0);
    expect(top / total).toBeGreaterThan(0.5);
    expect(all.some((f) => f.product_orders > 0 && f.service_orders === 0)).toBe(true);
    expect(all.some((f) => f.service_orders > 0 && f.product_orders === 0)).toBe(true);
    expect(all.some((f) => f.service_orders > 0 && f.product_orders > 0)).toBe(true);
    const perCustomer = sum(all, 'interactions') / all.length;
    expect(perCustomer).toBeGreaterThan(7);
    expect(perCustomer).toBeLessThan(14);
  });

  // The contract with lib/engine: the demo exists to show every tag, so the engine run on it
  // (features SQL + default rules) must find every value of every dimension, and the three
  // relationship archetypes must mostly come out as themselves.
  it('lets the classification engine find every value of every dimension', async () => {
    const rows = await sql<{ external_id: string; features: unknown }[]>`
      select c.external_id, f.features from public.customer_features(${orgA}, null, ${asOf}) f
      join customers c on c.id = f.customer_id`;
    const profiles = classifyMany(
      rows.map((r) => CustomerFeaturesSchema.parse(r.features)),
      DEFAULT_RULES,
      undefined,
      { timezone: 'Asia/Shanghai' },
    );
    const seen = (key: keyof Profile) => new Set(profiles.map((p) => p[key]));
    expect(seen('relationship_type')).toEqual(new Set(RELATIONSHIP_TYPES));
    expect(seen('funnel_stage')).toEqual(new Set(FUNNEL_STAGES));
    expect(seen('value_tier')).toEqual(new Set(VALUE_TIERS));
    expect(seen('lifecycle')).toEqual(new Set(LIFECYCLES));
    expect(seen('loyalty')).toEqual(new Set(LOYALTIES));
    expect(seen('needs')).toEqual(new Set([...NEEDS, null]));

    const archetype = (p: Profile) => {
      const ext = rows.find((r) => (r.features as { customer_id: string }).customer_id === p.customer_id)!.external_id;
      return archetypeOf(Number(ext.slice(1)) - 1, SEED);
    };
    for (const a of ['autonomous', 'dependent', 'loyal'] as const) {
      const own = profiles.filter((p) => archetype(p) === a);
      expect(own.filter((p) => p.relationship_type === a).length / own.length, a).toBeGreaterThan(0.8);
    }
  });

  it('seeds 2,000 customers in reasonable time (printed, not asserted)', async () => {
    const r = await seedDemoOrg(sql, { slug: `demo-t-${run}`, customers: 2000, seed: SEED, asOf });
    const rows = Object.values(r.counts ?? {}).reduce((a, b) => a + b, 0);
    console.log(`[demo-data] 2,000 customers → ${rows.toLocaleString('en-US')} rows in ${r.ms} ms`);
    expect(r.counts?.customers).toBe(2000);
  });
});

function sum(rows: Features[], key: 'orders' | 'premium_orders' | 'discount_orders' | 'interactions'): number {
  return rows.reduce((a, f) => a + f[key], 0);
}
