// 洞察 Insights on real PostgreSQL through withRls: every number equals the one worked out by
// hand below from a small fixture (dates in March 2026, away from buildWorld's "now" rows), and a
// manager's insights never contain another team's customers, deals, reminders or surveys.
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  atRiskCustomers,
  distribution,
  flowCustomers,
  funnelConversion,
  nps,
  reminderCompletion,
  resolvePeriod,
  surveysByType,
  tagFlows,
} from '../../lib/db/queries/insights.ts';
import { withRls, type Tx } from '../../lib/db/with-rls.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;
const c: Record<string, string> = {}; // customers by fixture name
const D = (iso: string) => new Date(`${iso}T00:00:00Z`);
const MARCH = { from: D('2026-03-01'), to: D('2026-04-01') };

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, 'insights');
  const o = w.org1;
  c.A = w.custA; // buildWorld: loyal / high / active / funnel null, one order of 500 "now"
  c.B = w.custB; // repB, team 1
  c.C = w.custC; // repC, team 2
  const customer = async (owner: string, name: string, mergedInto: string | null = null) => {
    const [r] = await admin`insert into customers (org_id, owner_id, name, merged_into) values (${o}, ${owner}, ${name}, ${mergedInto}) returning id`;
    return r!.id as string;
  };
  c.d1 = await customer(w.ids.repA, '丁一');
  c.d2 = await customer(w.ids.repB, '丁二');
  c.e1 = await customer(w.ids.repC, '戊一');
  c.m1 = await customer(w.ids.repA, '合并掉的', w.custA);

  const profile = (id: string, rel: string, value: string, life: string, funnel: string | null, loyalty: string, risk = 0) =>
    admin`insert into customer_profiles (customer_id, org_id, relationship_type, value_tier, lifecycle, funnel_stage, loyalty, churn_risk)
          values (${id}, ${o}, ${rel}, ${value}, ${life}, ${funnel}, ${loyalty}, ${risk})`;
  await profile(c.B, 'dependent', 'normal', 'inactive', 'intent', 'at_risk', 0.5);
  await profile(c.d1, 'autonomous', 'low', 'potential', 'opportunity', 'none');
  await profile(c.d2, 'loyal', 'normal', 'active', 'signed', 'at_risk', 0.8);
  await profile(c.C, 'loyal', 'high', 'active', 'signed', 'at_risk', 0.4);
  await profile(c.e1, 'dependent', 'low', 'churned', null, 'churned', 1);
  await profile(c.m1, 'loyal', 'high', 'active', 'signed', 'at_risk', 0.9); // merged: never counted

  const order = (id: string, amount: number, at: string) =>
    admin`insert into orders (org_id, customer_id, amount, ordered_at) values (${o}, ${id}, ${amount}, ${D(at)})`;
  await order(c.B, 300, '2026-03-05');
  await order(c.B, 200, '2025-01-01'); // more than 12 months before April: not at stake
  await order(c.d2, 1000, '2026-02-01');
  await order(c.C, 5000, '2026-03-10');
  await order(c.e1, 50, '2025-06-01');
  await order(c.m1, 9999, '2026-03-01');

  // Deals: stages at fixed dates (see the funnel test for the stays they make).
  const deal = async (cust: string, created: string, stage: string, changes: [string, string, string][]) => {
    const [d] = await admin`insert into deals (org_id, customer_id, stage, created_at) values (${o}, ${cust}, ${stage}, ${D(created)}) returning id`;
    for (const [from, to, at] of changes)
      await admin`insert into deal_stage_changes (org_id, deal_id, customer_id, from_stage, to_stage, changed_at)
                  values (${o}, ${d!.id}, ${cust}, ${from}, ${to}, ${D(at)})`;
  };
  await deal(c.B, '2026-02-20', 'won', [['needs', 'demo', '2026-03-02'], ['demo', 'quote', '2026-03-12'], ['quote', 'won', '2026-03-20']]); // D1
  await deal(c.d1, '2026-03-05', 'lost', [['needs', 'demo', '2026-03-15'], ['demo', 'lost', '2026-03-24']]); // D2
  await deal(c.d2, '2026-01-01', 'demo', [['needs', 'demo', '2026-01-11'], ['demo', 'quote', '2026-02-10'], ['quote', 'demo', '2026-03-10']]); // D3
  await deal(c.C, '2026-03-03', 'needs', []); // D4, team 2, never moved
  await deal(c.d1, '2026-04-05', 'demo', [['needs', 'demo', '2026-04-06']]); // D5, after March
  await deal(c.A, '2026-01-05', 'demo', [['needs', 'demo', '2026-02-01']]); // D6, in demo all March
  await deal(c.A, '2026-01-05', 'won', [['needs', 'won', '2026-02-10']]); // D7, won before March

  const change = (id: string, dim: string, from: string | null, to: string, at: string) =>
    admin`insert into tag_changes (org_id, customer_id, dimension, from_value, to_value, changed_at) values (${o}, ${id}, ${dim}, ${from}, ${to}, ${D(at)})`;
  await change(c.B, 'value', 'normal', 'high', '2026-03-05');
  await change(c.B, 'value', 'high', 'normal', '2026-03-20'); // back again: no move
  await change(c.d1, 'value', 'low', 'normal', '2026-03-10');
  await change(c.d1, 'lifecycle', 'potential', 'active', '2026-03-10'); // another dimension
  await change(c.d2, 'value', 'high', 'normal', '2026-03-02');
  await change(c.C, 'value', 'low', 'normal', '2026-03-08');
  await change(c.C, 'value', 'normal', 'high', '2026-03-15'); // net low → high
  await change(c.e1, 'value', null as unknown as string, 'low', '2026-03-01'); // first classification
  await change(c.A, 'value', 'normal', 'high', '2026-02-25'); // before March

  // Completion as the team tab defines it (lib/db/queries/team.ts): done / dismissed by closed_at
  // in the window, missed = still open (or snoozed) with its due time in the window.
  const reminder = (assignee: string, cust: string, due: string, status: string, closed: string | null = null, by: string | null = assignee) =>
    admin`insert into reminders (org_id, customer_id, assignee_id, kind, due_at, status, dedupe_key, closed_at, closed_by)
          values (${o}, ${cust}, ${assignee}, 'care', ${D(due)}, ${status}, ${randomUUID()}, ${closed ? D(closed) : null}, ${closed ? by : null})`;
  await reminder(w.ids.repA, c.A, '2026-03-05', 'done', '2026-03-05');
  await reminder(w.ids.repA, c.A, '2026-03-06', 'dismissed', '2026-03-06');
  await reminder(w.ids.repA, c.d1, '2026-03-20', 'open'); // missed
  await reminder(w.ids.repA, c.d1, '2026-02-25', 'done', '2026-03-26'); // due before, done in March: counts
  await reminder(w.ids.repA, c.d1, '2026-03-10', 'closed', '2026-03-15', null); // the recompute closed it: nobody's
  await reminder(w.ids.repA, c.A, '2026-03-28', 'snoozed'); // snoozed to April (below): not missed in March
  await admin`update reminders set snoozed_until = ${D('2026-04-03')} where org_id = ${o} and status = 'snoozed'`;
  await reminder(w.ids.repB, c.B, '2026-03-10', 'done', '2026-03-11');
  await reminder(w.ids.repB, c.B, '2026-02-10', 'done', '2026-02-11'); // February
  await reminder(w.ids.repC, c.C, '2026-03-10', 'open'); // missed

  // links live 14 days, so by now (the figures are as of now) an unanswered March link has
  // expired — except one given a longer life, still open: pending, counted toward neither
  const survey = async (cust: string, sent: string, answer: number | null, open = false) => {
    const [s] = await admin`insert into surveys (org_id, customer_id, token_hash, created_at, expires_at, answered_at)
      values (${o}, ${cust}, ${randomUUID()}, ${D(sent)}, ${open ? new Date(Date.now() + 86_400_000) : new Date(D(sent).getTime() + 14 * 86_400_000)},
              ${answer === null ? null : D(sent)}) returning id`;
    if (answer !== null)
      await admin`insert into survey_responses (org_id, survey_id, customer_id, nps, csat) values (${o}, ${s!.id}, ${cust}, ${answer}, 4)`;
  };
  await survey(c.B, '2026-03-02', 10);
  await survey(c.B, '2026-03-20', null);
  await survey(c.d2, '2026-03-05', 5);
  await survey(c.C, '2026-03-06', 8);
  await survey(c.d1, '2026-03-07', null);
  await survey(c.d1, '2026-03-25', null, true); // still open: pending
  await survey(c.e1, '2026-02-01', 3); // before March
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

const as = <T,>(who: keyof World['ids'], fn: (tx: Tx) => Promise<T>) => withRls(claimsFor(w.ids[who]), fn, app);
const dist = (d: Awaited<ReturnType<typeof distribution>>, dim: string) =>
  Object.fromEntries(d.rows.filter((r) => r.dimension === dim).map((r) => [r.value, [r.customers, r.revenue]]));

describe('insights: distribution', () => {
  it('admin: counts and revenue per value of each dimension (merged duplicate left out)', async () => {
    const d = await as('admin', (tx) => distribution(tx, { orgId: w.org1 }));
    // A 500, B 500, d1 0, d2 1000, C 5000, e1 50
    expect(d.customers).toBe(6);
    expect(d.revenue).toBe(7050);
    expect(dist(d, 'relationship')).toEqual({ loyal: [3, 6500], dependent: [2, 550], autonomous: [1, 0] });
    expect(dist(d, 'value')).toEqual({ high: [2, 5500], normal: [2, 1500], low: [2, 50] });
    expect(dist(d, 'lifecycle')).toEqual({ active: [3, 6500], inactive: [1, 500], potential: [1, 0], churned: [1, 50] });
    expect(dist(d, 'funnel')).toEqual({ potential: [2, 550], intent: [1, 500], opportunity: [1, 0], signed: [2, 6000] });
  });

  it('manager 1: only team 1 (A, B, d1, d2)', async () => {
    const d = await as('mgr1', (tx) => distribution(tx, { orgId: w.org1 }));
    expect(d.customers).toBe(4);
    expect(d.revenue).toBe(2000);
    expect(dist(d, 'value')).toEqual({ high: [1, 500], normal: [2, 1500], low: [1, 0] });
    expect(dist(d, 'lifecycle')).toEqual({ active: [2, 1500], inactive: [1, 500], potential: [1, 0] });
  });

  it('an admin of another org, or of this org id passed by another org, sees nothing', async () => {
    const d = await as('other', (tx) => distribution(tx, { orgId: w.org1 }));
    expect(d).toEqual({ customers: 0, revenue: 0, rows: [] });
  });
});

describe('insights: funnel (deal pipeline), March 2026', () => {
  it('admin: deals per stage, entered, advanced, lost, median days', async () => {
    const f = await as('admin', (tx) => funnelConversion(tx, { orgId: w.org1, ...MARCH }));
    // needs: D1 [02-20 → 03-02, 10 d, → demo], D2 [03-05 → 03-15, 10 d, → demo], D4 [03-03 → open]
    // demo:  D1 [03-02 → 03-12, 10 d, → quote], D2 [03-15 → 03-24, 9 d, → lost], D3 [03-10 → open],
    //        D6 [02-01 → open] (did not move in March)
    // quote: D1 [03-12 → 03-20, 8 d, → won], D3 [02-10 → 03-10, 28 d, → demo: a step back]
    expect(f.stages).toEqual([
      { stage: 'needs', deals: 3, entered: 2, advanced: 2, lost: 0, medianDays: 10, ended: 2 },
      { stage: 'demo', deals: 4, entered: 3, advanced: 1, lost: 1, medianDays: 9.5, ended: 2 },
      { stage: 'quote', deals: 2, entered: 1, advanced: 1, lost: 0, medianDays: 18, ended: 2 },
      { stage: 'contract', deals: 0, entered: 0, advanced: 0, lost: 0, medianDays: null, ended: 0 },
    ]);
    expect(f.won).toBe(1);
    expect(f.lost).toBe(1);
  });

  it('managers: each team its own deals only', async () => {
    const f1 = await as('mgr1', (tx) => funnelConversion(tx, { orgId: w.org1, ...MARCH }));
    expect(f1.stages[0]).toEqual({ stage: 'needs', deals: 2, entered: 1, advanced: 2, lost: 0, medianDays: 10, ended: 2 });
    const f2 = await as('mgr2', (tx) => funnelConversion(tx, { orgId: w.org1, ...MARCH }));
    expect(f2.stages.map((s) => s.deals)).toEqual([1, 0, 0, 0]); // D4 only
    expect([f2.won, f2.lost]).toEqual([0, 0]);
  });
});

describe('insights: tag flows (value), March 2026', () => {
  it('admin: net moves per customer; a return trip is no move; a first classification is counted apart', async () => {
    const t = await as('admin', (tx) => tagFlows(tx, { orgId: w.org1, dimension: 'value', ...MARCH }));
    expect(new Set(t.moves.map((m) => `${m.from}>${m.to}:${m.customers}`))).toEqual(new Set(['low>normal:1', 'high>normal:1', 'low>high:1']));
    expect(t.moved).toBe(3);
    expect(t.firstClassified).toBe(1);
    const drill = await as('admin', (tx) => flowCustomers(tx, { orgId: w.org1, dimension: 'value', fromValue: 'low', toValue: 'high', ...MARCH }));
    expect(drill.total).toBe(1);
    expect(drill.customers.map((x) => [x.id, x.name, x.owner])).toEqual([[c.C, '王五', '丙']]);
    expect(drill.customers[0]!.changedAt).toEqual(D('2026-03-15'));
  });

  it('manager 1: team 1 moves only; the drill-down never lists team 2', async () => {
    const t = await as('mgr1', (tx) => tagFlows(tx, { orgId: w.org1, dimension: 'value', ...MARCH }));
    expect(new Set(t.moves.map((m) => `${m.from}>${m.to}:${m.customers}`))).toEqual(new Set(['low>normal:1', 'high>normal:1']));
    expect([t.moved, t.firstClassified]).toEqual([2, 0]);
    const drill = await as('mgr1', (tx) => flowCustomers(tx, { orgId: w.org1, dimension: 'value', fromValue: 'low', toValue: 'high', ...MARCH }));
    expect(drill).toEqual({ total: 0, customers: [] });
  });

  it('another dimension is its own flow', async () => {
    const t = await as('admin', (tx) => tagFlows(tx, { orgId: w.org1, dimension: 'lifecycle', ...MARCH }));
    expect(t.moves).toEqual([{ from: 'potential', to: 'active', customers: 1 }]);
  });
});

describe('insights: at-risk list, reminders, surveys', () => {
  it('at risk by revenue of the 12 months before the period end (merged duplicate left out)', async () => {
    const r = await as('admin', (tx) => atRiskCustomers(tx, { orgId: w.org1, to: MARCH.to }));
    expect(r.customers.map((x) => [x.name, x.revenueAtStake, x.churnRisk])).toEqual([['王五', 5000, 0.4], ['丁二', 1000, 0.8], ['李四', 300, 0.5]]);
    expect([r.total, r.revenueAtStake]).toEqual([3, 6300]);
    const m1 = await as('mgr1', (tx) => atRiskCustomers(tx, { orgId: w.org1, to: MARCH.to }));
    expect(m1.customers.map((x) => x.id)).toEqual([c.d2, c.B]);
    expect([m1.total, m1.revenueAtStake]).toEqual([2, 1300]);
    const top1 = await as('admin', (tx) => atRiskCustomers(tx, { orgId: w.org1, to: MARCH.to, limit: 1 }));
    expect([top1.customers.length, top1.total, top1.revenueAtStake]).toEqual([1, 3, 6300]); // totals are over all, not the page
  });

  it('reminder completion per rep, as the team tab counts it (reps without reminders listed too)', async () => {
    const admin = await as('admin', (tx) => reminderCompletion(tx, { orgId: w.org1, ...MARCH }));
    const pick = (rows: typeof admin) => rows.map((r) => [r.display_name, r.done, r.dismissed, r.missed, r.rate]);
    expect(pick(admin)).toEqual([['乙', 1, 0, 0, 1], ['甲', 2, 1, 1, 0.5], ['丙', 0, 0, 1, 0], ['备用', 0, 0, 0, null]]);
    const m1 = await as('mgr1', (tx) => reminderCompletion(tx, { orgId: w.org1, ...MARCH }));
    expect(pick(m1)).toEqual([['乙', 1, 0, 0, 1], ['甲', 2, 1, 1, 0.5], ['备用', 0, 0, 0, null]]);
  });

  it('survey response rate and NPS by relationship type', async () => {
    const rows = await as('admin', (tx) => surveysByType(tx, { orgId: w.org1, ...MARCH }));
    // [sent = answered + expired, answered, pending, NPS]: d1's open link is pending, not sent
    const byType = Object.fromEntries(rows.map((r) => [r.type ?? 'total', [r.sent, r.answered, r.pending, nps(r)]]));
    expect(byType).toEqual({ dependent: [2, 1, 0, 100], loyal: [2, 2, 0, -50], autonomous: [1, 0, 1, null], total: [5, 3, 1, 0] });
    const m1 = await as('mgr1', (tx) => surveysByType(tx, { orgId: w.org1, ...MARCH }));
    expect(Object.fromEntries(m1.map((r) => [r.type ?? 'total', [r.sent, r.answered, r.pending, nps(r)]]))).toEqual({
      dependent: [2, 1, 0, 100], loyal: [1, 1, 0, -100], autonomous: [1, 0, 1, null], total: [4, 2, 1, 0],
    });
  });
});

describe('insights: periods in the org time zone (Asia/Shanghai by default)', () => {
  const now = new Date('2026-03-04T20:00:00Z'); // Thursday 5 March, 04:00 in Shanghai
  const period = (spec: Parameters<typeof resolvePeriod>[1]['period']) => as('mgr1', (tx) => resolvePeriod(tx, { orgId: w.org1, period: spec, now }));
  it('days, week (from Monday), month, and a range of whole local dates', async () => {
    expect(await period({ kind: 'days', days: 7 })).toEqual({ from: new Date('2026-02-25T20:00:00Z'), to: now });
    expect(await period({ kind: 'week' })).toEqual({ from: new Date('2026-03-01T16:00:00Z'), to: now });
    expect(await period({ kind: 'month' })).toEqual({ from: new Date('2026-02-28T16:00:00Z'), to: now });
    expect(await period({ kind: 'range', from: '2026-03-01', to: '2026-03-31' })).toEqual({
      from: new Date('2026-02-28T16:00:00Z'), to: new Date('2026-03-31T16:00:00Z'),
    });
  });
  it('refuses an org the caller does not belong to', async () => {
    await expect(as('other', (tx) => resolvePeriod(tx, { orgId: w.org1, period: { kind: 'week' }, now }))).rejects.toThrow(/not visible/);
  });
});

describe('insights: the order total on each profile (triggers of migration 20261125000910)', () => {
  it('follows every write of orders and starts from the sum when a profile is created; rolled back after', async () => {
    const o = w.org1;
    const total = async (tx: Sql, id: string) =>
      Number((await tx<{ t: string }[]>`select order_total::text as t from customer_profiles where customer_id = ${id}`)[0]?.t);
    const rollback = new Error('rollback');
    await expect(
      admin.begin(async (tx) => {
        const t = tx as unknown as Sql;
        const [x] = await t`insert into customers (org_id, owner_id, name) values (${o}, ${w.ids.repA}, '订单甲') returning id`;
        const [y] = await t`insert into customers (org_id, owner_id, name) values (${o}, ${w.ids.repA}, '订单乙') returning id`;
        const X = x!.id as string;
        const Y = y!.id as string;
        // orders before the profile exists: the profile starts from their sum
        await t`insert into orders (org_id, customer_id, amount, ordered_at) values (${o}, ${X}, 100, now()), (${o}, ${X}, 50.5, now())`;
        const profile = (id: string) =>
          t`insert into customer_profiles (customer_id, org_id, relationship_type, value_tier, lifecycle, loyalty)
            values (${id}, ${o}, 'undetermined', 'low', 'potential', 'none')
            on conflict (customer_id) do update set value_tier = excluded.value_tier`;
        await profile(X);
        await profile(Y);
        expect([await total(t, X), await total(t, Y)]).toEqual([150.5, 0]);
        // one statement for both customers, then an amount corrected, an order moved (merge), one deleted
        const [a] = await t`insert into orders (org_id, customer_id, amount, ordered_at) values (${o}, ${X}, 25, now()), (${o}, ${Y}, 10, now()) returning id`;
        expect([await total(t, X), await total(t, Y)]).toEqual([175.5, 10]);
        await t`update orders set amount = 40 where id = ${a!.id}`;
        expect(await total(t, X)).toBe(190.5);
        await t`update orders set customer_id = ${Y} where customer_id = ${X} and amount = 100`;
        expect([await total(t, X), await total(t, Y)]).toEqual([90.5, 110]);
        await t`delete from orders where customer_id = ${Y} and amount = 10`;
        expect(await total(t, Y)).toBe(100);
        // the recompute's upsert of an existing profile keeps the total
        await profile(X);
        expect(await total(t, X)).toBe(90.5);
        // and every profile of the org equals its customer's orders
        const off = await t`select p.customer_id from customer_profiles p
                             where p.org_id = ${o} and p.order_total <> (select coalesce(sum(amount), 0) from orders where customer_id = p.customer_id)`;
        expect(off).toEqual([]);
        throw rollback;
      }),
    ).rejects.toBe(rollback);
  });
});
