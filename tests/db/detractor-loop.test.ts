// The detractor loop and manager escalation (issue 14, migration 20261206006002; queries in
// lib/db/queries/reminders.ts and team.ts): an unhappy survey answer (NPS ≤ 6 or CSAT ≤ 2) or a
// negative complaint at once gives the owner a 'detractor' reminder due now and puts it on the
// manager's 团队 list; after 24 h it is escalated; closing it wants the outcome, which lands on
// the timeline. A promise (follow-up day) more than 3 days late shows the manager with the rep's name.
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { completeReminder, listMyReminders } from '../../lib/db/queries/reminders.ts';
import { listEscalations } from '../../lib/db/queries/team.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;
const as = <T>(user: string, fn: Parameters<typeof withRls<T>>[1]) => withRls(claimsFor(user), fn, app);

async function answer(customer: string, nps: number, csat: number, comment: string | null, at = new Date()) {
  const [s] = await admin`insert into surveys (org_id, customer_id, token_hash, answered_at) values (${w.org1}, ${customer}, ${randomUUID()}, ${at}) returning id`;
  const [r] = await admin`insert into survey_responses (org_id, survey_id, customer_id, nps, csat, comment, created_at)
                          values (${w.org1}, ${s!.id}, ${customer}, ${nps}, ${csat}, ${comment}, ${at}) returning id`;
  return r!.id as string;
}
const detractors = (customer: string) =>
  admin<{ id: string; assignee_id: string; status: string; reason: { zh: string; en: string }; due_at: Date; dedupe_key: string }[]>`
    select id, assignee_id, status::text as status, reason, due_at, dedupe_key from reminders
     where org_id = ${w.org1} and customer_id = ${customer} and kind = 'detractor' order by created_at`;

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, `detractor-${randomUUID().slice(0, 8)}`);
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

describe('detractor loop', () => {
  it('NPS 2 / CSAT 1 "没人回电话，很失望" raises a call-back for the owner at once, due now, top of 今日', async () => {
    const [c] = await admin`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repB}, '失望客户') returning id`;
    const customer = c!.id as string;
    const before = Date.now();
    const response = await answer(customer, 2, 1, '没人回电话，很失望');
    const [r, ...more] = await detractors(customer);
    expect(more).toEqual([]);
    expect(r).toMatchObject({ assignee_id: w.ids.repB, status: 'open', dedupe_key: `detractor:survey:${response}` });
    expect(r!.reason.zh).toBe('差评（NPS 2，满意度 1）：24 小时内回访——“没人回电话，很失望”');
    expect(r!.reason.en).toContain('call back within 24 h');
    expect(Math.abs(r!.due_at.getTime() - before)).toBeLessThan(60_000);
    const mine = await as(w.ids.repB, (tx) => listMyReminders(tx));
    expect(mine.find((x) => x.id === r!.id)).toMatchObject({ kind: 'detractor', section: 'today' });
  });

  it('raises on CSAT ≤ 2 alone, on NPS ≤ 6 alone, and on a negative complaint; not on NPS 7 / CSAT 3, nor on old history', async () => {
    const [c] = await admin`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repA}, '边界客户') returning id`;
    const customer = c!.id as string;
    await answer(customer, 7, 3, null); // passive, neutral: nothing
    expect(await detractors(customer)).toHaveLength(0);
    await answer(customer, 9, 2, null); // CSAT 2
    await answer(customer, 6, 5, null); // NPS 6
    expect(await detractors(customer)).toHaveLength(2);
    // an imported answer from last month is history, not an alarm
    await answer(customer, 0, 1, '旧账', new Date(Date.now() - 30 * 86_400_000));
    expect(await detractors(customer)).toHaveLength(2);
    // a complaint: only a negative one
    await admin`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at, sentiment, note)
                values (${randomUUID()}, ${w.org1}, ${customer}, ${w.ids.repA}, 'complaint', now(), 'neutral', '问价格')`;
    const complaint = randomUUID();
    await admin`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at, sentiment, note)
                values (${complaint}, ${w.org1}, ${customer}, ${w.ids.repA}, 'complaint', now(), 'negative', '送货晚了三天')`;
    const all = await detractors(customer);
    expect(all).toHaveLength(3);
    expect(all[2]).toMatchObject({ dedupe_key: `detractor:complaint:${complaint}` });
    expect(all[2]!.reason.zh).toBe('客户投诉（负面）：24 小时内回访——“送货晚了三天”');
  });

  it("shows on the owner's manager's 团队 list at once, escalated after 24 h; never on the other team's", async () => {
    const [c] = await admin`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repB}, '升级客户') returning id`;
    const customer = c!.id as string;
    await answer(customer, 1, 1, null);
    const [r] = await detractors(customer);
    const now = new Date();
    let list = await as(w.ids.mgr1, (tx) => listEscalations(tx, { orgId: w.org1, now }));
    expect(list.find((e) => e.id === r!.id)).toMatchObject({ kind: 'detractor', escalated: false, rep_name: '乙', customer_name: '升级客户' });
    expect((await as(w.ids.mgr2, (tx) => listEscalations(tx, { orgId: w.org1, now }))).map((e) => e.id)).not.toContain(r!.id);
    await admin`update reminders set created_at = now() - interval '25 hours' where id = ${r!.id}`;
    list = await as(w.ids.mgr1, (tx) => listEscalations(tx, { orgId: w.org1, now }));
    expect(list.find((e) => e.id === r!.id)).toMatchObject({ escalated: true });
    expect(list[0]!.escalated).toBe(true); // escalated ones lead
  });

  it('closing one without an outcome changes nothing; with one, it is done and the outcome is on the timeline', async () => {
    const [c] = await admin`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repA}, '回访客户') returning id`;
    const customer = c!.id as string;
    await answer(customer, 3, 2, null);
    const [r] = await detractors(customer);
    // what was tried: completing it like any other reminder (body {})
    expect(await as(w.ids.repA, (tx) => completeReminder(tx, r!.id, {}))).toMatchObject({ outcomeRequired: true, changed: false });
    expect((await detractors(customer))[0]!.status).toBe('open');
    expect(await as(w.ids.repA, (tx) => completeReminder(tx, r!.id, { outcome: 'partly', note: '换了新货，下周再问' }))).toMatchObject({
      changed: true,
      status: 'done',
    });
    const [row] = await admin`select status::text as status, close_reason, close_note, closed_by from reminders where id = ${r!.id}`;
    expect(row).toEqual({ status: 'done', close_reason: 'partly', close_note: '换了新货，下周再问', closed_by: w.ids.repA });
    const timeline = await admin`select kind::text as kind, rep_id, note from interactions where customer_id = ${customer}`;
    expect(timeline).toEqual([{ kind: 'call', rep_id: w.ids.repA, note: '差评回访：部分解决，继续跟进。换了新货，下周再问' }]);
  });
});

describe('manager escalation of late promises', () => {
  it('a follow-up day more than 3 org-days late shows with the rep\'s name; 3 days late does not yet', async () => {
    const [c] = await admin`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repA}, '约定客户') returning id`;
    const customer = c!.id as string;
    const add = async (days: number) => {
      const [r] = await admin`insert into reminders (org_id, customer_id, assignee_id, kind, due_at, reason, dedupe_key)
                              values (${w.org1}, ${customer}, ${w.ids.repA}, 'follow_up', now() - make_interval(days => ${days}),
                                      ${admin.json({ zh: '约定跟进：送样品', en: 'follow-up: samples' })}, ${'fu:' + randomUUID()}) returning id`;
      return r!.id as string;
    };
    const late4 = await add(4);
    const late3 = await add(3);
    const list = await as(w.ids.mgr1, (tx) => listEscalations(tx, { orgId: w.org1, now: new Date() }));
    expect(list.find((e) => e.id === late4)).toMatchObject({ kind: 'follow_up', rep_name: '甲', days_late: 4, escalated: true });
    expect(list.map((e) => e.id)).not.toContain(late3);
    // the rep's own view of escalations is their own rows only; the other team's manager sees none of it
    expect((await as(w.ids.mgr2, (tx) => listEscalations(tx, { orgId: w.org1, now: new Date() }))).map((e) => e.id)).not.toContain(late4);
  });
});
