// The 提醒 tab's queries through withRls (lib/db/queries/reminders.ts): sections in the org's days,
// the badge count, snoozed reminders coming back when due, and who may act on which reminder —
// a rep on their own customers' reminders only, a manager on the team's, an admin on the org's
// (the reminders policies in *_rls_policies.sql); anyone else gets "not found", which the routes
// answer 404. Plus the column grants and the close stamp (20261125000100_reminder_closing.sql).
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  completeReminder,
  countDueReminders,
  dismissReminder,
  listMyReminders,
  snoozeReminder,
} from '../../lib/db/queries/reminders.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { DismissInput, SnoozeInput } from '../../lib/validation/reminder.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;
const as = <T>(user: string, fn: Parameters<typeof withRls<T>>[1]) => withRls(claimsFor(user), fn, app);

// Start of today in the org's zone (Asia/Shanghai by default), as the database sees it.
let todayStart: Date;
const at = (offsetMinutes: number) => new Date(todayStart.getTime() + offsetMinutes * 60_000);

async function reminder(customer: string, assignee: string, due: Date, extra: { status?: string; snoozed_until?: Date; kind?: string } = {}) {
  const [r] = await admin`insert into reminders (org_id, customer_id, assignee_id, kind, due_at, reason, dedupe_key, status, snoozed_until)
                          values (${w.org1}, ${customer}, ${assignee}, ${extra.kind ?? 'touch'}, ${due},
                                  ${admin.json({ zh: '定期联系', en: 'keep in touch' })}, ${'t:' + randomUUID()},
                                  ${extra.status ?? 'open'}, ${extra.snoozed_until ?? null}) returning id`;
  return r!.id as string;
}

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, `reminders-${randomUUID().slice(0, 8)}`);
  await admin`delete from reminders where org_id = ${w.org1}`; // the fixture's one; these tests place their own
  const [row] = await admin<{ t: Date }[]>`select (date_trunc('day', now() at time zone 'Asia/Shanghai')) at time zone 'Asia/Shanghai' as t`;
  todayStart = row!.t;
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

describe('listing', () => {
  it('shows a rep their own open reminders by section in the org\'s days; snoozed ones come back when due', async () => {
    const overdue = await reminder(w.custA, w.ids.repA, at(-24 * 60 + 600)); // yesterday 10:00
    const today = await reminder(w.custA, w.ids.repA, at(1)); // today 00:01 (past or not, still today)
    const upcoming = await reminder(w.custA, w.ids.repA, at(3 * 24 * 60 + 540));
    const beyond = await reminder(w.custA, w.ids.repA, at(30 * 24 * 60));
    const snoozedBack = await reminder(w.custA, w.ids.repA, at(-5 * 24 * 60), { status: 'snoozed', snoozed_until: new Date(Date.now() - 60_000) });
    const snoozedLater = await reminder(w.custA, w.ids.repA, at(-5 * 24 * 60), { status: 'snoozed', snoozed_until: at(2 * 24 * 60 + 540) });
    await reminder(w.custA, w.ids.repA, at(-60), { status: 'done' });
    await reminder(w.custA, w.ids.repA, at(-60), { status: 'closed' });
    const others = await reminder(w.custB, w.ids.repB, at(-60));

    const mine = await as(w.ids.repA, (tx) => listMyReminders(tx));
    const section = Object.fromEntries(mine.map((r) => [r.id, r.section]));
    expect(section).toEqual({ [overdue]: 'overdue', [today]: 'today', [upcoming]: 'upcoming', [snoozedBack]: 'today', [snoozedLater]: 'upcoming' });
    expect(mine.map((r) => r.id)).not.toContain(beyond); // past the two-week window
    expect(mine.map((r) => r.id)).not.toContain(others);
    expect(mine.find((r) => r.id === overdue)!.days_late).toBe(1);
    expect(mine.find((r) => r.id === snoozedLater)!).toMatchObject({ snoozed: true, days_late: -2 });
    expect(mine[0]!).toMatchObject({ customer_name: '张三', reason: { zh: '定期联系' } });
    // the badge counts overdue + today (the snoozed one that is due again included)
    expect(await as(w.ids.repA, (tx) => countDueReminders(tx))).toBe(3);
    expect(await as(w.ids.repB, (tx) => countDueReminders(tx))).toBe(1);
  });

  it('follows the org\'s time zone for what "today" means', async () => {
    const [c] = await admin`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repC}, '时区客户') returning id`;
    // 00:01 today in Kiritimati (UTC+14): "today" there, and in Shanghai (UTC+8) 18:01 the evening before
    const [k] = await admin<{ t: Date }[]>`select (date_trunc('day', now() at time zone 'Pacific/Kiritimati') + interval '1 minute') at time zone 'Pacific/Kiritimati' as t`;
    const r = await reminder(c!.id as string, w.ids.repC, k!.t);
    const [sh] = await admin<{ n: number }[]>`select ((now() at time zone 'Asia/Shanghai')::date - (${k!.t}::timestamptz at time zone 'Asia/Shanghai')::date) as n`;
    const inShanghai = (await as(w.ids.repC, (tx) => listMyReminders(tx))).find((x) => x.id === r)!;
    expect(inShanghai.days_late).toBe(sh!.n);
    expect(inShanghai.section).toBe(sh!.n > 0 ? 'overdue' : 'today');
    await admin`update orgs set settings = settings || '{"timezone": "Pacific/Kiritimati"}' where id = ${w.org1}`;
    try {
      const inKiritimati = (await as(w.ids.repC, (tx) => listMyReminders(tx))).find((x) => x.id === r)!;
      expect(inKiritimati).toMatchObject({ section: 'today', days_late: 0 });
    } finally {
      await admin`update orgs set settings = settings - 'timezone' where id = ${w.org1}`;
    }
  });
});

describe('acting on reminders', () => {
  it('a rep completes their own reminder once; doing it again changes nothing; the close is stamped with them', async () => {
    const r = await reminder(w.custA, w.ids.repA, at(-60));
    expect(await as(w.ids.repA, (tx) => completeReminder(tx, r))).toMatchObject({ found: true, changed: true, status: 'done' });
    expect(await as(w.ids.repA, (tx) => completeReminder(tx, r))).toMatchObject({ found: true, changed: false, status: 'done' });
    const [row] = await admin`select status::text as status, closed_by, closed_at from reminders where id = ${r}`;
    expect(row).toMatchObject({ status: 'done', closed_by: w.ids.repA });
    expect(row!.closed_at).toBeInstanceOf(Date);
    // and it can't then be dismissed or snoozed (the route answers 409)
    expect(await as(w.ids.repA, (tx) => dismissReminder(tx, r, DismissInput.parse({ reason: 'not_needed' })))).toMatchObject({ changed: false, status: 'done' });
    expect(await as(w.ids.repA, (tx) => snoozeReminder(tx, r, 'hour'))).toMatchObject({ changed: false, status: 'done' });
  });

  it('snoozes to the org\'s tomorrow 9:00 / next Monday 9:00 / in an hour', async () => {
    const r = await reminder(w.custA, w.ids.repA, at(-60));
    const tomorrow = await as(w.ids.repA, (tx) => snoozeReminder(tx, r, 'tomorrow'));
    expect(tomorrow).toMatchObject({ found: true, changed: true, status: 'snoozed' });
    expect(tomorrow.found && tomorrow.snoozed_until!.getTime()).toBe(at(24 * 60 + 9 * 60).getTime());
    const week = await as(w.ids.repA, (tx) => snoozeReminder(tx, r, 'next_week'));
    const [local] = await admin<{ dow: number; hh: number; days: number }[]>`
      select extract(isodow from t)::int as dow, extract(hour from t)::int as hh,
             (t::date - (now() at time zone 'Asia/Shanghai')::date) as days
      from (select ${week.found && week.snoozed_until}::timestamptz at time zone 'Asia/Shanghai' as t) x`;
    expect(local!.dow).toBe(1);
    expect(local!.hh).toBe(9);
    expect(local!.days).toBeGreaterThanOrEqual(1);
    expect(local!.days).toBeLessThanOrEqual(7);
    const hour = await as(w.ids.repA, (tx) => snoozeReminder(tx, r, 'hour'));
    expect(Math.abs((hour.found ? hour.snoozed_until!.getTime() : 0) - (Date.now() + 3_600_000))).toBeLessThan(60_000);
    const listed = (await as(w.ids.repA, (tx) => listMyReminders(tx))).find((x) => x.id === r)!;
    expect(listed.snoozed).toBe(true);
  });

  it('dismisses with the reason and note the rep gave', async () => {
    const r = await reminder(w.custA, w.ids.repA, at(-60));
    const out = await as(w.ids.repA, (tx) => dismissReminder(tx, r, DismissInput.parse({ reason: 'other', note: '  客户已转给总部采购  ' })));
    expect(out).toMatchObject({ changed: true, status: 'dismissed' });
    const [row] = await admin`select status::text as status, close_reason, close_note, closed_by from reminders where id = ${r}`;
    expect(row).toEqual({ status: 'dismissed', close_reason: 'other', close_note: '客户已转给总部采购', closed_by: w.ids.repA });
  });

  it('nobody outside RLS can act: another rep, the other team\'s manager, another org → not found; the own manager and the admin can', async () => {
    const rB = await reminder(w.custB, w.ids.repB, at(-60));
    for (const who of [w.ids.repA, w.ids.repC, w.ids.mgr2, w.ids.other]) {
      expect(await as(who, (tx) => completeReminder(tx, rB)), who).toEqual({ found: false });
      expect(await as(who, (tx) => snoozeReminder(tx, rB, 'hour')), who).toEqual({ found: false });
      expect(await as(who, (tx) => dismissReminder(tx, rB, DismissInput.parse({ reason: 'not_needed' }))), who).toEqual({ found: false });
    }
    expect(await as(w.ids.repA, (tx) => completeReminder(tx, randomUUID()))).toEqual({ found: false });
    const [still] = await admin`select status::text as status from reminders where id = ${rB}`;
    expect(still!.status).toBe('open');
    // the team's manager may (RLS: a manager sees and writes the team's book) …
    expect(await as(w.ids.mgr1, (tx) => snoozeReminder(tx, rB, 'tomorrow'))).toMatchObject({ found: true, changed: true });
    // … and the admin
    expect(await as(w.ids.admin, (tx) => completeReminder(tx, rB))).toMatchObject({ found: true, changed: true });
    const [row] = await admin`select status::text as status, closed_by from reminders where id = ${rB}`;
    expect(row).toEqual({ status: 'done', closed_by: w.ids.admin });
    // but a manager's own tab lists only what is assigned to them
    expect((await as(w.ids.mgr1, (tx) => listMyReminders(tx))).map((x) => x.id)).not.toContain(rB);
  });

  it('members can change a reminder\'s state, not what the playbook wrote, nor who closed it', async () => {
    const r = await reminder(w.custA, w.ids.repA, at(-60));
    for (const change of [
      (tx: Parameters<Parameters<typeof withRls>[1]>[0]) => tx`update reminders set due_at = now() + interval '1 year' where id = ${r}`,
      (tx: Parameters<Parameters<typeof withRls>[1]>[0]) => tx`update reminders set reason = '{}' where id = ${r}`,
      (tx: Parameters<Parameters<typeof withRls>[1]>[0]) => tx`update reminders set dedupe_key = 'x' where id = ${r}`,
    ])
      await expect(as(w.ids.repA, change)).rejects.toMatchObject({ code: '42501' });
    // no delete policy: a delete finds nothing to delete
    await as(w.ids.repA, (tx) => tx`delete from reminders where id = ${r}`);
    expect(await admin`select 1 from reminders where id = ${r}`).toHaveLength(1);
    await as(w.ids.repA, (tx) => tx`update reminders set status = 'dismissed', closed_by = ${w.ids.repB} where id = ${r}`);
    const [row] = await admin`select closed_by from reminders where id = ${r}`;
    expect(row!.closed_by).toBe(w.ids.repA);
  });

  it('the action bodies: presets and reasons from the lists only, a note for "other", nothing else', () => {
    expect(SnoozeInput.safeParse({ preset: 'tomorrow' }).success).toBe(true);
    expect(SnoozeInput.safeParse({ preset: '2099-01-01' }).success).toBe(false);
    expect(SnoozeInput.safeParse({ preset: 'hour', until: 'x' }).success).toBe(false);
    expect(DismissInput.safeParse({ reason: 'other' }).success).toBe(false);
    expect(DismissInput.safeParse({ reason: 'other', note: '   ' }).success).toBe(false);
    expect(DismissInput.safeParse({ reason: 'bored' }).success).toBe(false);
    expect(DismissInput.safeParse({ reason: 'not_needed', note: 'x'.repeat(201) }).success).toBe(false);
    expect(DismissInput.safeParse({ reason: 'unreachable', note: '打了三次没人接' }).success).toBe(true);
  });
});
