// One definition of overdue / due today / completion (issue 14, migration 20261206006001): the
// rep's badge (countDueReminders), the rep's list (listMyReminders), the manager's Team tab
// (teamOverview) and Insights' completion chart (reminderCompletion) must agree for the same
// member at the same instant. The issue this guards: rep1 saw 已逾期 6 while Team showed 逾期 56,
// because Team counted a due *time* that had passed and the list a due *day* before today.
// All four run in one transaction, so now() — and the `now` handed to Team — is one instant.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { reminderCompletion } from '../../lib/db/queries/insights.ts';
import { countDueReminders, listMyReminders } from '../../lib/db/queries/reminders.ts';
import { teamOverview } from '../../lib/db/queries/team.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;
let todayStart: Date;
const min = (m: number) => new Date(todayStart.getTime() + m * 60_000);
const DAY = 24 * 60;

async function reminder(due: Date, extra: { status?: string; snoozed?: Date; closed?: Date; closedBy?: string | null } = {}) {
  await admin`insert into reminders (org_id, customer_id, assignee_id, kind, due_at, reason, dedupe_key, status, snoozed_until, closed_at, closed_by)
              values (${w.org1}, ${w.custA}, ${w.ids.repA}, 'touch', ${due}, ${admin.json({ zh: '定期联系', en: 'keep in touch' })},
                      ${'t:' + randomUUID()}, ${extra.status ?? 'open'}, ${extra.snoozed ?? null}, ${extra.closed ?? null},
                      ${extra.closedBy === undefined ? null : extra.closedBy})`;
}

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, `rstate-${randomUUID().slice(0, 8)}`);
  await admin`delete from reminders where org_id = ${w.org1}`;
  const [row] = await admin<{ t: Date }[]>`select (date_trunc('day', now() at time zone 'Asia/Shanghai')) at time zone 'Asia/Shanghai' as t`;
  todayStart = row!.t;
  // The edges where the two old definitions parted: a reminder due earlier today (its time has
  // passed — Team used to call it overdue, the list "today"), one due later today, the last
  // minute of yesterday, the first of tomorrow, a snooze that ended yesterday / today / ends tomorrow.
  await reminder(min(-1)); // yesterday 23:59 → overdue
  await reminder(min(-3 * DAY)); // three days ago → overdue
  await reminder(min(1)); // today 00:01 → today (already past, still "today")
  await reminder(min(DAY - 1)); // today 23:59 → today
  await reminder(min(DAY)); // tomorrow 00:00 → upcoming
  await reminder(min(-5 * DAY), { status: 'snoozed', snoozed: min(-60) }); // snooze ended yesterday → overdue
  await reminder(min(-5 * DAY), { status: 'snoozed', snoozed: min(2) }); // snooze ended / ends today → today
  await reminder(min(-5 * DAY), { status: 'snoozed', snoozed: min(DAY + 540) }); // until tomorrow 9:00 → upcoming
  // outcomes for completion
  await reminder(min(-2 * DAY), { status: 'done', closed: min(-DAY), closedBy: w.ids.repA });
  await reminder(min(-2 * DAY), { status: 'dismissed', closed: min(-DAY), closedBy: w.ids.repA });
  await reminder(min(-2 * DAY), { status: 'dismissed', closed: min(-DAY), closedBy: null }); // by the system: nobody's
  await reminder(min(-2 * DAY), { status: 'closed', closed: min(-DAY), closedBy: null });
  // another rep's, not counted for repA anywhere
  await admin`insert into reminders (org_id, customer_id, assignee_id, kind, due_at, dedupe_key)
              values (${w.org1}, ${w.custB}, ${w.ids.repB}, 'touch', ${min(-2 * DAY)}, ${'t:' + randomUUID()})`;
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

describe('one definition of overdue, due today and completion', () => {
  it('the badge, the list, Team and Insights agree for the same rep at the same instant (edges of the day included)', async () => {
    // The rep's own screens, and their manager's, each in one transaction with one now().
    const rep = await withRls(
      claimsFor(w.ids.repA),
      async (tx) => {
        const now = (await tx<{ now: Date }[]>`select now() as now`)[0]!.now;
        return { now, badge: await countDueReminders(tx), list: await listMyReminders(tx) };
      },
      app,
    );
    const mgr = await withRls(
      claimsFor(w.ids.mgr1),
      async (tx) => {
        const now = (await tx<{ now: Date }[]>`select now() as now`)[0]!.now;
        const team = await teamOverview(tx, { orgId: w.org1, now, repId: w.ids.repA });
        const insights = await reminderCompletion(tx, { orgId: w.org1, from: new Date(now.getTime() - 7 * 86_400_000), to: now });
        return { now, team, insights };
      },
      app,
    );
    // both transactions fall on the same org-day (the test does not run across midnight in Shanghai)
    expect(mgr.now.getTime() - todayStart.getTime()).toBeLessThan(86_400_000);

    const bySection = (s: string) => rep.list.filter((r) => r.section === s).length;
    expect({ overdue: bySection('overdue'), today: bySection('today'), upcoming: bySection('upcoming') }).toEqual({ overdue: 3, today: 3, upcoming: 2 });
    expect(rep.badge).toBe(bySection('overdue') + bySection('today'));

    const a = mgr.team.reps.find((r) => r.user_id === w.ids.repA)!;
    expect(a.overdue).toBe(bySection('overdue'));
    expect(a.due_today).toBe(bySection('today'));
    expect(a.open).toBe(rep.list.length);
    expect(a.items.filter((i) => i.overdue).map((i) => i.id).sort()).toEqual(rep.list.filter((r) => r.section === 'overdue').map((r) => r.id).sort());

    // completion: Team's 7-day window and Insights over the same window are one number
    const ins = mgr.insights.find((r) => r.user_id === w.ids.repA)!;
    expect({ done: ins.done, dismissed: ins.dismissed, missed: ins.missed, rate: ins.rate }).toEqual(a.week);
    // missed = the list's overdue ones (all due within the week): 1 done ÷ (1 + 1 + 3)
    expect(a.week).toEqual({ done: 1, dismissed: 1, missed: 3, rate: 1 / 5 });
  });

  it('the SQL functions say the same for a row read directly (the definition itself)', async () => {
    const rows = await admin<{ state: string; n: number }[]>`
      select private.reminder_state(status, due_at, snoozed_until, now(), private.org_tz(org_id)) as state, count(*)::int as n
        from reminders where org_id = ${w.org1} and assignee_id = ${w.ids.repA} group by 1 order by 1`;
    expect(Object.fromEntries(rows.map((r) => [r.state, r.n]))).toEqual({ overdue: 3, today: 3, upcoming: 2, done: 1, dismissed: 2, closed: 1 });
  });

  it('no query in lib/db/queries compares a due time with the clock itself (each goes through private.reminder_state)', () => {
    // What was tried: the old Team query's `f.fire_at <= ${now}` and the list's
    // `m.due < d.today`. Any such comparison is a second definition of overdue.
    const dir = path.resolve(import.meta.dirname, '../../lib/db/queries');
    const offenders: string[] = [];
    for (const f of readdirSync(dir)) {
      const text = readFileSync(path.join(dir, f), 'utf8');
      for (const [i, line] of text.split('\n').entries()) {
        if (/\b(due_at|fire_at|snoozed_until|due)\s*(<=?|>=?)\s*(\$\{now\}|now\(\)|d\.today|d\.tomorrow)/.test(line)) offenders.push(`${f}:${i + 1}: ${line.trim()}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
