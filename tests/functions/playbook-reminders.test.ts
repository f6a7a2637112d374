// The playbook wired into recompute-tags, under real Deno (the launcher's functions host) against
// the real database: reminders appear for the customer's owner, a second run with the same data
// creates none, a done/dismissed reminder never comes back, a customer no longer at risk gets its
// retention reminder closed with a note, a rep-set follow-up date becomes a reminder, org rules
// (rules.playbook) are honoured, and a whole-org run does the same in bulk.
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFunctions, stopChild } from '../../scripts/lib/stack.ts';

const KEY = `test-service-key-${randomUUID()}`;
const DAY = 86_400_000;
const AS_OF = '2026-11-01T00:00:00.000Z';
const daysAgo = (n: number, from = AS_OF) => new Date(Date.parse(from) - n * DAY).toISOString();

let admin: Sql;
let fn: { url: string; child: ChildProcess };
let orgId: string;
let rep: string;
let rep2: string;

type Counts = { customers: number; reminders: { proposed: number; created: number; closed: number } };
async function recompute(body: { customer_ids?: string[]; as_of?: string }): Promise<Counts> {
  const res = await fetch(`${fn.url}/functions/v1/recompute-tags`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ org_id: orgId, as_of: AS_OF, ...body }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Counts;
}

async function customer(name: string, owner = rep): Promise<string> {
  const [c] = await admin`insert into customers (org_id, name, kind, owner_id, created_at)
                          values (${orgId}, ${name}, 'b2b', ${owner}, ${daysAgo(400)}) returning id`;
  return c!.id as string;
}
async function order(customerId: string, at: string, amount = 10_000) {
  await admin`insert into orders (org_id, customer_id, ordered_at, amount) values (${orgId}, ${customerId}, ${at}, ${amount})`;
}
async function interaction(customerId: string, at: string, extra: { follow_up_at?: string; next_step?: string; attitude?: string; cognition?: string } = {}) {
  const id = randomUUID();
  await admin`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at, follow_up_at, next_step, attitude, cognition)
              values (${id}, ${orgId}, ${customerId}, ${rep}, 'call', ${at}, ${extra.follow_up_at ?? null}, ${extra.next_step ?? null},
                      ${extra.attitude ?? null}, ${extra.cognition ?? null})`;
  return id;
}
const reminders = (customerId: string) =>
  admin<{ id: string; kind: string; status: string; assignee_id: string; dedupe_key: string; due_at: Date; reason: { zh: string; en: string };
    close_note: string | null; close_note_en: string | null; close_reason: string | null; closed_at: Date | null; closed_by: string | null }[]>`
    select id, kind, status::text as status, assignee_id, dedupe_key, due_at, reason, close_note, close_note_en, close_reason, closed_at, closed_by
    from reminders where customer_id = ${customerId} order by created_at, kind, dedupe_key`;

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  process.env.SUPABASE_SERVICE_ROLE_KEY = KEY;
  fn = await startFunctions({ adminUrl: inject('adminUrl') });
  const [org] = await admin`insert into orgs (slug, name) values (${'fn-playbook-' + randomUUID().slice(0, 8)}, '提醒测试') returning id`;
  orgId = org!.id as string;
  const ids: string[] = [];
  for (const name of ['rep-a', 'rep-b']) {
    const id = randomUUID();
    await admin`insert into auth.users (id, email) values (${id}, ${`${name}-${id}@t.crystal`})`;
    await admin`insert into members (user_id, org_id, role, display_name) values (${id}, ${orgId}, 'rep', ${name})`;
    ids.push(id);
  }
  [rep, rep2] = ids as [string, string];
}, 120_000);
afterAll(async () => {
  await stopChild(fn?.child);
  if (orgId) await admin`delete from orgs where id = ${orgId}`;
  await admin?.end();
});

describe('recompute-tags → reminders', () => {
  let risky: string;

  it('a customer who turns at risk gets a retention reminder for their owner; the same data twice creates nothing new', async () => {
    // Bought every 30 days, then silence for 80 days: far beyond their usual gap (seed 002: 追踪变动趋势).
    risky = await customer('流失风险客户', rep2);
    for (const d of [200, 170, 140, 110, 80]) await order(risky, daysAgo(d));
    const first = await recompute({ customer_ids: [risky] });
    expect(first.customers).toBe(1);
    const [p] = await admin`select loyalty, churn_risk from customer_profiles where customer_id = ${risky}`;
    expect(p!.loyalty).toBe('at_risk');
    const rows = await reminders(risky);
    const retention = rows.find((r) => r.kind === 'retention')!;
    expect(retention).toMatchObject({ status: 'open', assignee_id: rep2 });
    expect(retention.reason.zh).toMatch(/潜在流失/);
    expect(retention.due_at.toISOString()).toBe(new Date(Date.parse(AS_OF) + DAY).toISOString()); // retention_due_days = 1
    expect(first.reminders.created).toBe(rows.length);

    const again = await recompute({ customer_ids: [risky] });
    expect(again.reminders).toMatchObject({ created: 0, closed: 0 });
    expect(await reminders(risky)).toEqual(rows);
  });

  it('a done or dismissed reminder never comes back', async () => {
    const before = await reminders(risky);
    await admin`update reminders set status = 'done' where customer_id = ${risky} and kind = 'retention'`;
    await admin`update reminders set status = 'dismissed', close_reason = 'not_needed' where customer_id = ${risky} and kind = 'touch'`;
    const out = await recompute({ customer_ids: [risky] });
    expect(out.reminders.created).toBe(0);
    expect((await reminders(risky)).map((r) => r.id)).toEqual(before.map((r) => r.id));
  });

  it('once the customer is no longer at risk, the open retention reminder is closed with a note', async () => {
    const c = await customer('回头客');
    for (const d of [200, 170, 140, 110, 80]) await order(c, daysAgo(d));
    await recompute({ customer_ids: [c] });
    const open = (await reminders(c)).find((r) => r.kind === 'retention')!;
    expect(open.status).toBe('open');
    // The two orders the ERP had not sent yet arrive: they never left their 30-day rhythm.
    await order(c, daysAgo(50));
    await order(c, daysAgo(20));
    const out = await recompute({ customer_ids: [c] });
    const [p] = await admin`select loyalty from customer_profiles where customer_id = ${c}`;
    expect(p!.loyalty).not.toBe('at_risk');
    const closed = (await reminders(c)).find((r) => r.id === open.id)!;
    expect(closed).toMatchObject({ status: 'closed', close_reason: 'auto', close_note: '已不再是潜在流失客户', close_note_en: 'no longer at risk', closed_by: null });
    expect(closed.closed_at).toBeInstanceOf(Date);
    expect(out.reminders.closed).toBeGreaterThanOrEqual(1);
    // and the new order brings its after-sale care (seed 002 关怀)
    expect((await reminders(c)).some((r) => r.kind === 'care' && r.status === 'open')).toBe(true);
  });

  it('while still at risk a month later, the first retention reminder stands — no second one, no false "no longer at risk"', async () => {
    const c = await customer('一直有风险');
    for (const d of [200, 170, 140, 110, 50]) await order(c, daysAgo(d));
    await recompute({ customer_ids: [c] });
    const [p0] = await admin`select loyalty from customer_profiles where customer_id = ${c}`;
    expect(p0!.loyalty).toBe('at_risk');
    const nextMonth = new Date(Date.parse(AS_OF) + 30 * DAY).toISOString(); // 2026-12: a new retention key
    const out = await recompute({ customer_ids: [c], as_of: nextMonth });
    const [p] = await admin`select loyalty from customer_profiles where customer_id = ${c}`;
    expect(p!.loyalty).toBe('at_risk');
    expect((await reminders(c)).filter((r) => r.kind === 'retention').map((r) => [r.status, r.dedupe_key.slice(-7)])).toEqual([['open', '2026-11']]);
    expect(out.reminders.closed).toBe(0);
  });

  it('a follow-up date the rep set on the log sheet becomes a reminder due then, with the next step', async () => {
    const c = await customer('约了回访');
    const due = new Date(Date.parse(AS_OF) + 3 * DAY).toISOString();
    const logged = await interaction(c, daysAgo(1), { follow_up_at: due, next_step: '带样品上门' });
    await recompute({ customer_ids: [c] });
    const fu = (await reminders(c)).find((r) => r.kind === 'follow_up')!;
    expect(fu).toMatchObject({ status: 'open', assignee_id: rep, dedupe_key: `follow_up:${logged}` });
    expect(fu.due_at.toISOString()).toBe(due);
    expect(fu.reason.zh).toBe('约定跟进：带样品上门');
    expect((await recompute({ customer_ids: [c] })).reminders.created).toBe(0);
  });

  it('org rules (rules.playbook) change when reminders fall due', async () => {
    await admin`insert into classification_rules (org_id, rules) values (${orgId}, ${admin.json({ playbook: { care_after_order_days: 5 } })})
                on conflict (org_id) do update set rules = excluded.rules`;
    try {
      const c = await customer('新客户');
      await order(c, daysAgo(1));
      await recompute({ customer_ids: [c] });
      const care = (await reminders(c)).find((r) => r.kind === 'care')!;
      expect(care.due_at.toISOString()).toBe(new Date(Date.parse(daysAgo(1)) + 5 * DAY).toISOString());
    } finally {
      await admin`delete from classification_rules where org_id = ${orgId}`;
    }
  });

  it('a whole-org run agrees with the per-customer runs and is idempotent', async () => {
    const before = await admin`select count(*)::int as n from reminders where org_id = ${orgId}`;
    const fresh = await customer('整组织新客户');
    await interaction(fresh, daysAgo(3), { attitude: 'doubt', cognition: 'specific' });
    const out = await recompute({});
    expect(out.customers).toBe(6);
    // the customer never recomputed before gets its stage move (意向 → find the motive)
    const mine = await reminders(fresh);
    expect(mine.map((r) => r.kind)).toEqual(['stage_next']);
    expect(mine[0]!.reason.zh).toMatch(/动机/);
    const after = await admin`select count(*)::int as n from reminders where org_id = ${orgId}`;
    expect(after[0]!.n).toBe(before[0]!.n + out.reminders.created);
    const again = await recompute({});
    expect(again.reminders).toMatchObject({ created: 0, closed: 0 });
  });
});
