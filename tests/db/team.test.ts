// The manager's 团队 tab and customer reassignment, through withRls as the app runs them:
// who sees which reps and reminders, the completion rate's arithmetic, and that reminders follow
// a reassigned customer in the same statement while RLS still decides who may reassign what.
// World (tests/helpers/fixture.ts): team 1 = repA, repB, spare (reps) + mgr1; team 2 = repC + mgr2;
// admin; a second org with its own admin ("other").
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { listAssignees, listOwnerChanges, reassignCustomer, teamOverview } from '../../lib/db/queries/team.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;
let now: Date; // set once the world exists, so the fixture's reminder (due "now" then) is already due
const DAY = 86_400_000;
const at = (days: number) => new Date(now.getTime() + days * DAY);

// customers made here (besides the fixture's custA/custB/custC)
let custB2: string; // repB's, for the completion-rate arithmetic
let custMove: string; // repA's, the one mgr1 reassigns
let custC2: string; // repC's (team 2), with an overdue reminder

type Status = 'open' | 'snoozed' | 'done' | 'dismissed';
async function reminder(
  customer: string,
  assignee: string,
  r: { status?: Status; due: Date; snoozed?: Date; closed?: Date; closedBy?: string | null; notified?: Date; kind?: string; zh?: string },
) {
  const [row] = await admin`
    insert into reminders (org_id, customer_id, assignee_id, kind, due_at, status, snoozed_until, closed_at, closed_by, notified_at, dedupe_key, reason)
    values (${w.org1}, ${customer}, ${assignee}, ${r.kind ?? 'touch'}, ${r.due}, ${r.status ?? 'open'}, ${r.snoozed ?? null},
            ${r.closed ?? null}, ${r.closedBy ?? null}, ${r.notified ?? null}, ${randomUUID()},
            ${admin.json({ zh: r.zh ?? '定期联系', en: 'regular check-in', rule: 'playbook.touch', params: {} })})
    returning id`;
  return row!.id as string;
}

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, 'team');
  now = new Date();
  const customer = async (owner: string, name: string) => {
    const [c] = await admin`insert into customers (org_id, owner_id, name) values (${w.org1}, ${owner}, ${name}) returning id`;
    return c!.id as string;
  };
  custB2 = await customer(w.ids.repB, '乙的客户');
  custMove = await customer(w.ids.repA, '要转交的客户');
  custC2 = await customer(w.ids.repC, '二组的客户');
  // The fixture's reminder (custA, repA, open, due now) stays as it is.

  // repB: 7-day window — done 2, dismissed 1 (by repB), missed 2 (open due 2 d ago, snooze ended 1 d ago);
  //       30-day window adds done 1, dismissed 1, missed 1 (all 10–20 days back).
  // Not counted anywhere: dismissed by the system (closed_by null), done 40 days ago, open due tomorrow,
  // snoozed until tomorrow (not overdue), done in the future (clock skew guard).
  await reminder(custB2, w.ids.repB, { status: 'done', due: at(-3), closed: at(-2), closedBy: w.ids.repB });
  await reminder(custB2, w.ids.repB, { status: 'done', due: at(-1), closed: at(-0.5), closedBy: w.ids.repB });
  await reminder(custB2, w.ids.repB, { status: 'dismissed', due: at(-4), closed: at(-3), closedBy: w.ids.repB });
  await reminder(custB2, w.ids.repB, { status: 'open', due: at(-2), zh: '二天前到期' });
  await reminder(custB2, w.ids.repB, { status: 'snoozed', due: at(-5), snoozed: at(-1), zh: '推迟后又到期' });
  await reminder(custB2, w.ids.repB, { status: 'done', due: at(-12), closed: at(-10), closedBy: w.ids.repB });
  await reminder(custB2, w.ids.repB, { status: 'dismissed', due: at(-16), closed: at(-15), closedBy: w.ids.repB });
  await reminder(custB2, w.ids.repB, { status: 'open', due: at(-20), zh: '二十天前到期' });
  await reminder(custB2, w.ids.repB, { status: 'dismissed', due: at(-3), closed: at(-2), closedBy: null });
  await reminder(custB2, w.ids.repB, { status: 'done', due: at(-41), closed: at(-40), closedBy: w.ids.repB });
  await reminder(custB2, w.ids.repB, { status: 'open', due: at(1), zh: '明天到期' });
  await reminder(custB2, w.ids.repB, { status: 'snoozed', due: at(-3), snoozed: at(1.5), zh: '推迟到明天' });

  // custMove (repA): open overdue, snoozed, done — the first two must move with the customer.
  await reminder(custMove, w.ids.repA, { status: 'open', due: at(-1), notified: at(-1), kind: 'care', zh: '售后关怀' });
  await reminder(custMove, w.ids.repA, { status: 'snoozed', due: at(-2), snoozed: at(2), kind: 'touch' });
  await reminder(custMove, w.ids.repA, { status: 'done', due: at(-6), closed: at(-5), closedBy: w.ids.repA });

  // team 2: repC has three overdue — more than anyone in team 1, so first for an admin's team 2.
  for (const d of [-1, -2, -3]) await reminder(custC2, w.ids.repC, { status: 'open', due: at(d), zh: '二组提醒' });
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

const as = (who: keyof World['ids']) => claimsFor(w.ids[who]);
const overview = (who: keyof World['ids'], repId?: string, perRep?: number) =>
  withRls(as(who), (tx) => teamOverview(tx, { orgId: w.org1, now, repId, perRep }), app);
const reassign = (who: keyof World['ids'], customerId: string, ownerId: string) =>
  withRls(as(who), (tx) => reassignCustomer(tx, { customerId, ownerId }), app);
const remindersOf = (customer: string) =>
  admin<{ assignee_id: string; status: string; notified_at: Date | null }[]>`
    select assignee_id, status::text as status, notified_at from reminders where customer_id = ${customer} order by due_at`;
const ownerOf = async (customer: string) => (await admin`select owner_id from customers where id = ${customer}`)[0]!.owner_id as string;

describe('teamOverview', () => {
  it("shows a manager their own team's reps only, most overdue first, reminders overdue first", async () => {
    const { reps } = await overview('mgr1');
    // repB has 3 overdue (2 d, 20 d, snooze ended), repA 2 (the fixture's, custMove's), spare none.
    expect(reps.map((r) => r.user_id)).toEqual([w.ids.repB, w.ids.repA, w.ids.spare]);
    const customers = reps.flatMap((r) => r.items.map((i) => i.customer_id));
    expect(customers).not.toContain(custC2);
    expect(customers).not.toContain(w.custC);
    const b = reps[0]!;
    expect(b).toMatchObject({ display_name: '乙', team_name: '一组', open: 5, overdue: 3 });
    expect(b.items.map((i) => [i.reason?.zh, i.overdue, i.status])).toEqual([
      ['二十天前到期', true, 'open'],
      ['二天前到期', true, 'open'],
      ['推迟后又到期', true, 'snoozed'],
      ['明天到期', false, 'open'],
      ['推迟到明天', false, 'snoozed'],
    ]);
    expect(b.items.every((i) => i.customer_name === '乙的客户')).toBe(true);
    expect(reps[2]).toMatchObject({ open: 0, overdue: 0, items: [], week: { rate: null }, month: { rate: null } });
  });

  it('computes completion rates in SQL: done ÷ (done + dismissed by a person + missed)', async () => {
    const b = (await overview('mgr1')).reps.find((r) => r.user_id === w.ids.repB)!;
    expect(b.week).toEqual({ done: 2, dismissed: 1, missed: 2, rate: 2 / 5 });
    expect(b.month).toEqual({ done: 3, dismissed: 2, missed: 3, rate: 3 / 8 });
  });

  it("never shows a manager the other team's reps or reminders, nor another org's admin anything", async () => {
    const reps2 = (await overview('mgr2')).reps;
    expect(reps2.map((r) => r.user_id)).toEqual([w.ids.repC]);
    expect(reps2[0]!.items.every((i) => i.customer_id === custC2)).toBe(true);
    // asking for a rep of the other team by id gives nothing, not their data
    expect((await overview('mgr1', w.ids.repC)).reps).toEqual([]);
    expect((await overview('other')).reps).toEqual([]);
    // a rep is not shown a team view of colleagues: only themselves
    expect((await overview('repA')).reps.map((r) => r.user_id)).toEqual([w.ids.repA]);
  });

  it('shows an admin every team, grouped by team, and one rep on request', async () => {
    const { reps } = await overview('admin');
    expect(reps.map((r) => [r.team_name, r.user_id])).toEqual([
      ['一组', w.ids.repB],
      ['一组', w.ids.repA],
      ['一组', w.ids.spare],
      ['二组', w.ids.repC],
    ]);
    const one = await overview('admin', w.ids.repC);
    expect(one.reps).toHaveLength(1);
    expect(one.reps[0]!.items).toHaveLength(3);
  });
});

describe('listAssignees', () => {
  it("offers a manager their own team's active reps, an admin everyone active, a rep nobody", async () => {
    const mgr = await withRls(as('mgr1'), (tx) => listAssignees(tx), app);
    expect(mgr.map((m) => m.user_id).sort()).toEqual([w.ids.repA, w.ids.repB, w.ids.spare].sort());
    expect(mgr.find((m) => m.user_id === w.ids.repA)!.customers).toBeGreaterThanOrEqual(2);
    const adm = await withRls(as('admin'), (tx) => listAssignees(tx), app);
    expect(adm.map((m) => m.user_id).sort()).toEqual(
      [w.ids.repA, w.ids.repB, w.ids.repC, w.ids.mgr1, w.ids.mgr2, w.ids.admin, w.ids.spare].sort(),
    );
    expect(await withRls(as('repA'), (tx) => listAssignees(tx), app)).toEqual([]);
  });
});

describe('reassignCustomer', () => {
  it('moves a team customer and its open and snoozed reminders in one statement, and records it', async () => {
    const result = await reassign('mgr1', custMove, w.ids.repB);
    expect(result).toEqual({ status: 'ok', changed: true, from_owner: w.ids.repA, owner_id: w.ids.repB, owner_name: '乙', reminders_moved: 2 });
    expect(await ownerOf(custMove)).toBe(w.ids.repB);
    const rs = await remindersOf(custMove);
    expect(rs.map((r) => [r.status, r.assignee_id === w.ids.repB ? 'repB' : 'repA'])).toEqual([
      ['done', 'repA'], // the done one stays on repA's record
      ['snoozed', 'repB'],
      ['open', 'repB'],
    ]);
    // the new owner's phone is owed the push the old owner had
    expect(rs.filter((r) => r.status !== 'done').every((r) => r.notified_at === null)).toBe(true);

    const history = await withRls(as('mgr1'), (tx) => listOwnerChanges(tx, { orgId: w.org1 }), app);
    expect(history[0]).toMatchObject({ customer_id: custMove, from_name: '甲', to_name: '乙', by_name: '一组主管' });
    // the team tab now shows them under repB (7 open now: the overview's digest shows 5, the rep's page all)
    const digest = (await overview('mgr1')).reps.find((r) => r.user_id === w.ids.repB)!;
    expect(digest).toMatchObject({ open: 7 });
    expect(digest.items).toHaveLength(5);
    const b = (await overview('mgr1', w.ids.repB, 200)).reps[0]!;
    expect(b.items).toHaveLength(7);
    expect(b.items.filter((i) => i.customer_id === custMove)).toHaveLength(2);
  });

  it('is a no-op (no history, no moves) when the customer already belongs to that rep', async () => {
    const before = (await admin`select count(*)::int as n from customer_owner_changes where customer_id = ${custMove}`)[0]!.n;
    expect(await reassign('mgr1', custMove, w.ids.repB)).toMatchObject({ status: 'ok', changed: false, reminders_moved: 0 });
    expect((await admin`select count(*)::int as n from customer_owner_changes where customer_id = ${custMove}`)[0]!.n).toBe(before);
  });

  it("refuses a manager another team's customer (not found) and another team's rep (not allowed)", async () => {
    expect(await reassign('mgr1', custC2, w.ids.repA)).toEqual({ status: 'not_found' });
    expect(await reassign('mgr1', randomUUID(), w.ids.repA)).toEqual({ status: 'not_found' });
    expect(await reassign('mgr1', w.custB, w.ids.repC)).toEqual({ status: 'owner_not_allowed' });
    // not a rep of the team (themselves), nobody at all, another org's member
    expect(await reassign('mgr1', w.custB, w.ids.mgr1)).toEqual({ status: 'owner_not_allowed' });
    expect(await reassign('mgr1', w.custB, randomUUID())).toEqual({ status: 'owner_not_allowed' });
    expect(await reassign('mgr1', w.custB, w.ids.other)).toEqual({ status: 'owner_not_allowed' });
    expect(await ownerOf(custC2)).toBe(w.ids.repC);
    expect(await ownerOf(w.custB)).toBe(w.ids.repB);
    expect((await remindersOf(custC2)).every((r) => r.assignee_id === w.ids.repC)).toBe(true);
  });

  it('refuses a rep, even for their own customer, and RLS refuses their plain UPDATE too', async () => {
    expect(await reassign('repA', w.custA, w.ids.repB)).toEqual({ status: 'not_a_manager' });
    await expect(
      withRls(as('repA'), (tx) => tx`update customers set owner_id = ${w.ids.repB} where id = ${w.custA}`, app),
    ).rejects.toMatchObject({ code: '42501' });
    expect(await ownerOf(w.custA)).toBe(w.ids.repA);
    expect((await remindersOf(w.custA)).every((r) => r.assignee_id === w.ids.repA)).toBe(true);
  });

  it("RLS still bounds a manager's plain UPDATE (the customer form's owner picker), and reminders follow it", async () => {
    await expect(
      withRls(as('mgr1'), (tx) => tx`update customers set owner_id = ${w.ids.repC} where id = ${w.custB}`, app),
    ).rejects.toMatchObject({ code: '42501' });
    const custForm = (await admin`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repA}, '表单改负责人') returning id`)[0]!.id as string;
    await reminder(custForm, w.ids.repA, { status: 'open', due: at(1) });
    await withRls(as('mgr1'), (tx) => tx`update customers set owner_id = ${w.ids.spare} where id = ${custForm}`, app);
    expect((await remindersOf(custForm)).map((r) => r.assignee_id)).toEqual([w.ids.spare]);
  });

  it("lets an admin move a customer across teams; the new team's manager then sees it, the old one doesn't", async () => {
    const result = await reassign('admin', custC2, w.ids.repA);
    expect(result).toMatchObject({ status: 'ok', changed: true, reminders_moved: 3 });
    const a = (await overview('mgr1', w.ids.repA, 200)).reps[0]!;
    expect(a.items.filter((i) => i.customer_id === custC2)).toHaveLength(3);
    expect((await overview('mgr2')).reps.flatMap((r) => r.items)).toEqual([]);
    const h2 = await withRls(as('mgr2'), (tx) => listOwnerChanges(tx, { orgId: w.org1 }), app);
    expect(h2.map((h) => h.customer_id)).not.toContain(custC2);
  });

  it('keeps the history trustworthy: nobody writes customer_owner_changes directly', async () => {
    for (const who of ['repA', 'mgr1', 'admin'] as const) {
      await expect(
        withRls(as(who), (tx) => tx`insert into customer_owner_changes (org_id, customer_id, to_owner) values (${w.org1}, ${w.custA}, ${w.ids.repB})`, app),
      ).rejects.toMatchObject({ code: '42501' });
    }
  });
});
