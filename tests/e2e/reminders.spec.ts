// The 提醒 tab end to end on a phone: the demo org's reminders come from the launcher's start-up
// recompute (the playbook — nothing is inserted by hand here); rep1 completes one and logs the
// call right there, snoozes one to tomorrow 9:00, dismisses one with a reason; a snoozed reminder
// comes back when due; the tab badge follows. The routes answer 404 for someone else's reminder
// (not 403) and 400 with zh/en messages for a bad body. Ground truth comes from the database.
import { expect, type Page, test } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';
import { waitForOrgRecompute, withDb } from './helpers/db.ts';

const REP = 'rep1@demo.crystal';
const OTHER_TEAM_REP = 'rep4@demo.crystal';

type Row = { id: string; status: string; close_reason: string | null; close_note: string | null; snoozed_until: Date | null; closed_by: string | null };
const reminderRow = (id: string) =>
  withDb(async (sql) => {
    const [r] = await sql<Row[]>`select id, status::text as status, close_reason, close_note, snoozed_until, closed_by from public.reminders where id = ${id}`;
    return r!;
  });

/** What the badge should say: the member's open/snoozed reminders due by the end of today (Shanghai). */
const dueCount = (email: string) =>
  withDb(async (sql) => {
    const [r] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.reminders r join public.members m on m.user_id = r.assignee_id
       where m.email = ${email} and r.status in ('open', 'snoozed')
         and case when r.status = 'snoozed' then r.snoozed_until else r.due_at end
             < (date_trunc('day', now() at time zone 'Asia/Shanghai') + interval '1 day') at time zone 'Asia/Shanghai'`;
    return r!.n;
  });

const userId = (email: string) => withDb(async (sql) => (await sql`select user_id from public.members where email = ${email}`)[0]!.user_id as string);

async function expectBadge(page: Page, email: string) {
  const n = await dueCount(email);
  expect(n).toBeGreaterThan(0);
  await expect(page.getByTestId('tab-badge-reminders')).toHaveText(n > 99 ? '99+' : String(n));
}

test.beforeAll(async () => {
  await waitForOrgRecompute();
});

test.describe('提醒 tab', () => {
  test('the demo rep has playbook reminders: overdue follow-ups, today and upcoming', async () => {
    const kinds = await withDb((sql) => sql<{ kind: string; overdue: boolean }[]>`
      select distinct r.kind, r.due_at < now() - interval '1 day' as overdue
        from public.reminders r join public.members m on m.user_id = r.assignee_id
       where m.email = ${REP} and r.status = 'open'`);
    const names = new Set(kinds.map((k) => k.kind));
    for (const k of ['care', 'stage_next', 'touch', 'follow_up']) expect(names, k).toContain(k);
    expect(kinds.some((k) => k.kind === 'follow_up' && k.overdue)).toBe(true);
  });

  test('a rep completes (and logs), snoozes and dismisses reminders; the badge follows; a snooze comes back when due', async ({ page }) => {
    const me = await userId(REP);
    await signInAndWaitForCustomers(page, REP);
    await expectBadge(page, REP);

    await page.getByRole('link', { name: /^提醒/ }).click();
    await page.waitForURL('**/reminders');
    const overdue = page.getByTestId('reminders-overdue');
    const today = page.getByTestId('reminders-today');
    await expect(overdue.getByRole('heading')).toContainText('已逾期');
    await expect(today.getByRole('heading')).toContainText('今天');
    await expect(page.getByTestId('reminders-upcoming').getByRole('heading')).toContainText('接下来两周');
    await expect(overdue.getByTestId('reminder-due').first()).toContainText(/逾期 \d+ 天/);
    await page.screenshot({ path: `${SCREENS}/reminders-390.png` });

    // 1. Done, then 记一笔 from the bar: the log goes through the outbox like any other.
    const first = overdue.getByTestId('reminder-item').first();
    const doneId = (await first.getAttribute('data-reminder-id'))!;
    const customerName = (await first.getByTestId('reminder-customer').locator('span').first().textContent())!.trim();
    await expect(first.getByTestId('reminder-customer')).toHaveAttribute('href', /\/customers\/[0-9a-f-]{36}$/);
    await first.getByTestId('reminder-done').click();
    await expect(page.locator(`[data-reminder-id="${doneId}"]`)).toHaveCount(0);
    const toast = page.getByTestId('reminders-toast');
    await expect(toast).toContainText('已完成');
    await expect.poll(async () => (await reminderRow(doneId)).status).toBe('done');
    expect((await reminderRow(doneId)).closed_by).toBe(me);
    await expectBadge(page, REP);

    await toast.getByTestId('reminders-toast-log').click();
    await expect(page).toHaveURL(/\?log=[0-9a-f-]{36}$/);
    const sheet = page.getByTestId('reminder-log-sheet');
    await expect(sheet).toContainText(customerName);
    await page.screenshot({ path: `${SCREENS}/reminders-log-390.png` });
    const note = `提醒完成后回访 ${Date.now() % 100_000}`;
    await sheet.getByText('电话', { exact: true }).click();
    await expect(sheet.getByRole('radio', { name: '电话' })).toBeChecked();
    await sheet.getByRole('textbox', { name: '备注' }).fill(note);
    await sheet.getByTestId('log-submit').click();
    await expect(sheet).toHaveCount(0);
    await expect
      .poll(() => withDb(async (sql) => (await sql`select count(*)::int as n from public.interactions where note = ${note} and rep_id = ${me}`)[0]!.n), {
        timeout: 20_000,
      })
      .toBe(1);

    // 2. Snooze to tomorrow 9:00 (the org's day): it leaves today/overdue and waits in "upcoming".
    const second = page.locator('[data-testid="reminders-today"], [data-testid="reminders-overdue"]').getByTestId('reminder-item').first();
    const snoozedId = (await second.getAttribute('data-reminder-id'))!;
    await second.getByTestId('reminder-snooze').click();
    await expect(page).toHaveURL(new RegExp(`\\?snooze=${snoozedId}$`));
    await expect(page.getByTestId('snooze-sheet')).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/reminders-snooze-390.png` });
    await page.getByTestId('snooze-tomorrow').click();
    await expect(page.getByTestId('snooze-sheet')).toHaveCount(0);
    await expect(toast).toContainText('已推迟至');
    await expect.poll(async () => (await reminderRow(snoozedId)).status).toBe('snoozed');
    const until = (await reminderRow(snoozedId)).snoozed_until!;
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(until);
    expect(local).toBe('09:00');
    expect(until.getTime() - Date.now()).toBeGreaterThan(0);
    expect(until.getTime() - Date.now()).toBeLessThanOrEqual(33 * 3_600_000);
    const upcomingItem = page.getByTestId('reminders-upcoming').locator(`[data-reminder-id="${snoozedId}"]`);
    await expect(upcomingItem).toBeVisible();
    await expect(upcomingItem.getByTestId('reminder-due')).toContainText('已推迟至');
    await expectBadge(page, REP);

    // 3. Dismiss with a reason: "其他原因" wants a few words.
    const third = page.locator('[data-testid="reminders-today"], [data-testid="reminders-overdue"]').getByTestId('reminder-item').first();
    const dismissedId = (await third.getAttribute('data-reminder-id'))!;
    await third.getByTestId('reminder-dismiss').click();
    const dismiss = page.getByTestId('dismiss-sheet');
    await expect(dismiss).toBeVisible();
    await dismiss.getByText('其他原因').click();
    await dismiss.getByTestId('dismiss-submit').click();
    await expect(dismiss.getByRole('alert')).toHaveText('选择“其他原因”时请写明原因');
    await page.screenshot({ path: `${SCREENS}/reminders-dismiss-390.png` });
    expect((await reminderRow(dismissedId)).status).toBe('open');
    await dismiss.getByTestId('dismiss-note').fill('客户已转给总部统一采购');
    await dismiss.getByTestId('dismiss-submit').click();
    await expect(dismiss).toHaveCount(0);
    await expect(page.locator(`[data-reminder-id="${dismissedId}"]`)).toHaveCount(0);
    await expect.poll(async () => (await reminderRow(dismissedId)).status).toBe('dismissed');
    expect(await reminderRow(dismissedId)).toMatchObject({ close_reason: 'other', close_note: '客户已转给总部统一采购', closed_by: me });
    await expectBadge(page, REP);

    // 4. When the snooze ends the reminder is due again: back in today, counted by the badge.
    await withDb((sql) => sql`update public.reminders set snoozed_until = now() - interval '1 minute' where id = ${snoozedId}`);
    await page.reload();
    await expect(page.getByTestId('reminders-today').locator(`[data-reminder-id="${snoozedId}"]`)).toBeVisible();
    await expectBadge(page, REP);

    // Each tap target is at least 44 px high.
    for (const id of ['reminder-done', 'reminder-snooze', 'reminder-dismiss', 'reminder-customer']) {
      const box = await page.getByTestId(id).first().boundingBox();
      expect(box!.height, id).toBeGreaterThanOrEqual(44);
    }
  });

  test('routes: someone else\'s or a made-up reminder is 404, a bad body 400 in Chinese and English', async ({ page }) => {
    await signInAndWaitForCustomers(page, REP);
    const [theirs] = await withDb((sql) => sql<{ id: string }[]>`
      select r.id from public.reminders r join public.members m on m.user_id = r.assignee_id
       where m.email = ${OTHER_TEAM_REP} and r.status = 'open' limit 1`);
    const [mine] = await withDb((sql) => sql<{ id: string }[]>`
      select r.id from public.reminders r join public.members m on m.user_id = r.assignee_id
       where m.email = ${REP} and r.status = 'open' limit 1`);
    const post = (id: string, action: string, data: unknown) =>
      page.request.post(`/api/reminders/${id}/${action}`, { data: data as object, headers: { origin: new URL(page.url()).origin } });

    for (const [id, action, body] of [
      [theirs!.id, 'snooze', { preset: 'hour' }],
      [theirs!.id, 'done', {}],
      [theirs!.id, 'dismiss', { reason: 'not_needed' }],
      ['00000000-0000-4000-8000-000000000000', 'done', {}],
      ['not-a-uuid', 'done', {}],
    ] as const) {
      const res = await post(id, action, body);
      expect(res.status(), `${action} ${id}`).toBe(404);
      expect((await res.json()).message).toEqual({ zh: '找不到要操作的记录', en: 'Nothing found to act on' });
    }
    expect((await reminderRow(theirs!.id)).status).toBe('open');

    const badPreset = await post(mine!.id, 'snooze', { preset: 'someday' });
    expect(badPreset.status()).toBe(400);
    const p1 = await badPreset.json();
    expect(p1.fields.preset.zh).toMatch(/^推迟时间只能是以下之一/);
    expect(p1.fields.preset.en).toMatch(/^Snooze time must be one of/);
    const noNote = await post(mine!.id, 'dismiss', { reason: 'other' });
    expect(noNote.status()).toBe(400);
    expect((await noNote.json()).fields.note).toEqual({ zh: '请填写补充说明', en: 'Note is required' });
    const notJson = await page.request.post(`/api/reminders/${mine!.id}/done`, {
      data: '{oops',
      headers: { 'content-type': 'application/json', origin: new URL(page.url()).origin },
    });
    expect(notJson.status()).toBe(400);
    expect((await notJson.json()).message.zh).toBeTruthy();
    expect((await reminderRow(mine!.id)).status).toBe('open');

    // done, then dismiss the same one: 409 says what happened to it
    expect((await post(mine!.id, 'done', {})).status()).toBe(200);
    expect((await post(mine!.id, 'done', {})).status()).toBe(200);
    const late = await post(mine!.id, 'dismiss', { reason: 'not_needed' });
    expect(late.status()).toBe(409);
    expect((await late.json()).message.zh).toBe('这条提醒已完成，不能再修改');
  });

  test('English, and the empty state for a member with nothing due', async ({ page }) => {
    await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: new URL(process.env.E2E_BASE_URL ?? 'http://localhost:3100').origin }]);
    await signInAndWaitForCustomers(page, 'rep2@demo.crystal');
    await page.goto('/reminders');
    await expect(page.getByRole('heading', { name: 'Reminders' })).toBeVisible();
    await expect(page.getByTestId('reminder-done').first()).toHaveText('Done');
    await page.screenshot({ path: `${SCREENS}/reminders-en-390.png` });

    // the admin owns no customers in the demo: no reminders, no badge
    expect(await dueCount('admin@demo.crystal').catch(() => 0)).toBe(0);
    await page.context().clearCookies();
    await signInAndWaitForCustomers(page, 'admin@demo.crystal');
    await page.goto('/reminders');
    await expect(page.getByTestId('empty-state')).toContainText('暂时没有要跟进的提醒');
    await expect(page.getByTestId('tab-badge-reminders')).toHaveCount(0);
    await page.screenshot({ path: `${SCREENS}/reminders-empty-390.png` });
  });
});
