// The 提醒 tab end to end on a phone: the demo org's reminders come from the launcher's start-up
// recompute (the playbook — nothing is inserted by hand here, except a detractor survey answer).
// 提醒 opens on 今日: at most 12 customers, one cell each, the routine care folded into a digest
// row that opens them by customer (issue 14); ≥ 8 compact cells fit the screen. rep1 completes
// one with the checkmark and takes it back with the toast's 撤销, completes it again and logs the
// call right there, swipes one left to 推迟 it to tomorrow 9:00, swipes another to 忽略 it with a
// reason; a snoozed reminder comes back when due; the badge follows private.reminder_state. A
// detractor answer tops 今日 at once, closing it asks the outcome (on the timeline) and its
// manager sees it on 团队, escalated after 24 h. The routes answer 404 for someone else's
// reminder (not 403) and 400 with zh/en messages for a bad body. Ground truth comes from the database.
import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { SCREENS, signIn } from './helpers/app.ts';
import { waitForOrgRecompute, withDb } from './helpers/db.ts';

const REP = 'rep1@demo.crystal';
const OTHER_TEAM_REP = 'rep4@demo.crystal';

type Row = { id: string; status: string; close_reason: string | null; close_note: string | null; snoozed_until: Date | null; closed_by: string | null };
const reminderRow = (id: string) =>
  withDb(async (sql) => {
    const [r] = await sql<Row[]>`select id, status::text as status, close_reason, close_note, snoozed_until, closed_by from public.reminders where id = ${id}`;
    return r!;
  });

/** What the badge should say: the member's reminders overdue or due today, by the one definition (private.reminder_state). */
const dueCount = (email: string) =>
  withDb(async (sql) => {
    const [r] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.reminders r join public.members m on m.user_id = r.assignee_id
       where m.email = ${email} and r.status in ('open', 'snoozed')
         and private.reminder_state(r.status, r.due_at, r.snoozed_until, now(), private.org_tz(r.org_id)) in ('overdue', 'today')`;
    return r!.n;
  });

/** Swipes a cell left (pointer drag), revealing 推迟 / 忽略. */
async function swipeLeft(page: Page, cell: ReturnType<Page['locator']>) {
  const box = (await cell.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width - 120, y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(box.x + box.width - 120 - i * 25, y);
  await page.mouse.up();
  await expect(cell).toHaveAttribute('data-swiped', 'true');
}

const userId = (email: string) => withDb(async (sql) => (await sql`select user_id from public.members where email = ${email}`)[0]!.user_id as string);

async function expectBadge(page: Page, email: string) {
  const n = await dueCount(email);
  expect(n).toBeGreaterThan(0);
  await expect(page.getByTestId('tab-badge-reminders')).toHaveText(n > 99 ? '99+' : String(n));
}

// The customer list after sign-in can take over 10 s on a busy 2-core machine (cold server).
async function signInAndWaitForCustomers(page: Page, who: string) {
  await signIn(page, who);
  await page.waitForURL('**/customers', { timeout: 30_000 });
  await expect(page.getByTestId('customer-total')).toBeVisible({ timeout: 30_000 });
}

// These journeys sign in twice and walk many screens; on a busy 2-core machine one takes over a minute.
test.describe.configure({ timeout: 180_000 });

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
    // 今日: ≤ 12 cells, one per customer, the digest row for the rest (the demo's busiest rep)
    const today = page.getByTestId('reminders-today');
    const cells = today.getByTestId('reminder-item');
    await expect(cells.first()).toBeVisible();
    const n = await cells.count();
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThanOrEqual(12);
    const customers = await cells.evaluateAll((els) => els.map((e) => e.querySelector('a')!.getAttribute('href')));
    expect(new Set(customers).size).toBe(n);
    const digest = page.getByTestId('reminders-digest-row');
    await expect(digest).toContainText(/还有 \d+ 条/);
    const digestCount = Number(await digest.getAttribute('data-count'));
    // every due reminder is in 今日 or the digest: nothing lost by the cap
    const inToday = (await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-reminder-ids')!.split(' ').length))).reduce((a, b) => a + b, 0);
    expect(inToday + digestCount).toBe(await dueCount(REP));
    console.log(`rep1 今日 ${n} items, digest ${digestCount} reminders, due ${await dueCount(REP)}`);
    // compact: each cell ≤ 72 px, so ≥ 8 fit under the header on 390×844
    const heights = await cells.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    expect(Math.max(...heights)).toBeLessThanOrEqual(72);
    if (n >= 8) {
      const inView = await cells.evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().bottom <= window.innerHeight - 56).length);
      expect(inView).toBeGreaterThanOrEqual(8);
    }
    await page.screenshot({ path: `${SCREENS}/reminders-390.png` });
    await page.screenshot({ path: 'docs/screens/reminders-today.png' });
    // tap targets ≥ 44 px
    for (const id of ['reminder-done', 'reminder-customer']) {
      const box = await cells.first().getByTestId(id).boundingBox();
      expect(box!.height, id).toBeGreaterThanOrEqual(44);
      expect(box!.width, id).toBeGreaterThanOrEqual(44);
    }

    // The digest opens its reminders grouped by customer.
    await digest.click();
    await page.waitForURL('**/reminders?view=digest');
    await expect(page.getByTestId('reminders-digest-count')).toContainText(`${digestCount} 条`);
    await page.screenshot({ path: `${SCREENS}/reminders-digest-390.png` });
    await page.goto('/reminders');

    // 1. Done with the checkmark, undone from the toast, done again, then 记一笔 from the toast.
    const first = cells.first();
    const doneIds = (await first.getAttribute('data-reminder-ids'))!.split(' ');
    const doneId = doneIds[0]!;
    const firstKind = await first.getAttribute('data-kind');
    const customerName = (await first.getByTestId('reminder-customer').locator('span span').first().textContent())!.trim();
    await expect(first.getByTestId('reminder-customer')).toHaveAttribute('href', /\/customers\/[0-9a-f-]{36}$/);
    await expect(first.getByTestId('reminder-done')).toHaveAccessibleName(`完成：${customerName}`);
    const toast = page.getByTestId('reminders-toast');
    const completeFirst = async () => {
      await page.locator(`[data-reminder-id="${doneId}"]`).getByTestId('reminder-done').click();
      if (firstKind === 'detractor') {
        await page.getByTestId('outcome-resolved').check();
        await page.getByTestId('outcome-submit').click();
      }
    };
    await completeFirst();
    await expect(page.locator(`[data-reminder-id="${doneId}"]`)).toHaveCount(0);
    await expect(toast).toContainText('已完成');
    // the toast shows once the server has it done; 撤销 within its 5 s
    expect((await reminderRow(doneId)).status).toBe('done');
    expect((await reminderRow(doneId)).closed_by).toBe(me);
    await toast.getByTestId('reminders-toast-undo').click();
    await expect.poll(async () => (await reminderRow(doneId)).status).toBe('open');
    for (const id of doneIds) await expect.poll(async () => (await reminderRow(id)).status).toBe('open');
    await expect(page.locator(`[data-reminder-id="${doneId}"]`)).toHaveCount(1);
    await completeFirst();
    await expect.poll(async () => (await reminderRow(doneId)).status).toBe('done');
    for (const id of doneIds) await expect.poll(async () => (await reminderRow(id)).status).toBe('done');
    await expectBadge(page, REP);
    if (firstKind !== 'detractor') {
      await toast.getByTestId('reminders-toast-log').click();
      await expect(page).toHaveURL(/\?log=[0-9a-f-]{36}$/);
      const sheet = page.getByTestId('reminder-log-sheet');
      await expect(sheet).toContainText(customerName);
      const note = `提醒完成后回访 ${Date.now() % 100_000}`;
      await sheet.getByText('电话', { exact: true }).click();
      await sheet.getByRole('textbox', { name: '备注' }).fill(note);
      await sheet.getByTestId('log-submit').click();
      await expect(sheet).toHaveCount(0);
      await expect
        .poll(() => withDb(async (sql) => (await sql`select count(*)::int as n from public.interactions where note = ${note} and rep_id = ${me}`)[0]!.n), {
          timeout: 20_000,
        })
        .toBe(1);
    }

    // 2. Swipe left → 推迟 → tomorrow 9:00 (the org's day): it leaves 今日 and waits in 全部's "upcoming".
    const second = today.getByTestId('reminder-item').first();
    const snoozedId = (await second.getAttribute('data-reminder-id'))!;
    await swipeLeft(page, second);
    await page.screenshot({ path: `${SCREENS}/reminders-swipe-390.png` });
    await second.getByTestId('reminder-snooze').click();
    await expect(page).toHaveURL(new RegExp(`\\?snooze=${snoozedId}$`));
    await expect(page.getByTestId('snooze-sheet')).toBeVisible();
    await page.getByTestId('snooze-tomorrow').click();
    await expect(page.getByTestId('snooze-sheet')).toHaveCount(0);
    await expect(toast).toContainText('已推迟至');
    await expect.poll(async () => (await reminderRow(snoozedId)).status).toBe('snoozed');
    await expect(toast).toHaveCount(0, { timeout: 8000 }); // the undo toast goes after 5 s
    const until = (await reminderRow(snoozedId)).snoozed_until!;
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(until);
    expect(local).toBe('09:00');
    expect(until.getTime() - Date.now()).toBeGreaterThan(0);
    expect(until.getTime() - Date.now()).toBeLessThanOrEqual(33 * 3_600_000);
    await expectBadge(page, REP);

    // 3. Swipe left → 忽略 with a reason: "其他原因" wants a few words.
    const third = today.getByTestId('reminder-item').first();
    const dismissedId = (await third.getAttribute('data-reminder-id'))!;
    await swipeLeft(page, third);
    await third.getByTestId('reminder-dismiss').click();
    const dismiss = page.getByTestId('dismiss-sheet');
    await expect(dismiss).toBeVisible();
    await dismiss.getByText('其他原因').click();
    await dismiss.getByTestId('dismiss-submit').click();
    await expect(dismiss.getByRole('alert')).toHaveText('选择“其他原因”时请写明原因');
    expect((await reminderRow(dismissedId)).status).toBe('open');
    await dismiss.getByTestId('dismiss-note').fill('客户已转给总部统一采购');
    await dismiss.getByTestId('dismiss-submit').click();
    await expect(dismiss).toHaveCount(0);
    await expect(page.locator(`[data-reminder-id="${dismissedId}"]`)).toHaveCount(0);
    await expect.poll(async () => (await reminderRow(dismissedId)).status).toBe('dismissed');
    expect(await reminderRow(dismissedId)).toMatchObject({ close_reason: 'other', close_note: '客户已转给总部统一采购', closed_by: me });
    await expectBadge(page, REP);

    // 4. 全部 lists the snoozed one under "upcoming"; when the snooze ends it is due again.
    await page.getByTestId('reminders-view-all').click();
    await page.waitForURL('**/reminders?view=all');
    const upcomingItem = page.getByTestId('reminders-upcoming').locator(`[data-reminder-id="${snoozedId}"]`);
    await expect(upcomingItem).toBeVisible();
    await expect(upcomingItem.getByTestId('reminder-due')).toContainText('已推迟至');
    await withDb((sql) => sql`update public.reminders set snoozed_until = now() - interval '1 minute' where id = ${snoozedId}`);
    await page.reload();
    await expect(page.getByTestId('reminders-today').locator(`[data-reminder-id="${snoozedId}"]`)).toBeVisible();
    await expectBadge(page, REP);
  });

  test('a detractor answer tops 今日 at once; closing it asks the outcome, on the timeline; the manager sees it, escalated after 24 h', async ({ page }) => {
    const me = await userId(REP);
    const customer = await withDb(async (sql) => {
      const [c] = await sql<{ id: string; name: string; org_id: string }[]>`
        select c.id, c.name, c.org_id from public.customers c where c.owner_id = ${me} and c.merged_into is null order by c.name limit 1`;
      const [s] = await sql`insert into public.surveys (org_id, customer_id, token_hash, answered_at) values (${c!.org_id}, ${c!.id}, ${randomUUID()}, now()) returning id`;
      await sql`insert into public.survey_responses (org_id, survey_id, customer_id, nps, csat, comment) values (${c!.org_id}, ${s!.id}, ${c!.id}, 2, 1, '没人回电话，很失望')`;
      return c!;
    });
    await signInAndWaitForCustomers(page, REP);
    await page.goto('/reminders');
    const top = page.getByTestId('reminders-today').getByTestId('reminder-item').first();
    await expect(top).toHaveAttribute('data-kind', 'detractor');
    await expect(top).toContainText(customer.name);
    await expect(top.getByTestId('reminder-reason')).toContainText('24 小时内回访');
    await page.screenshot({ path: `${SCREENS}/reminders-detractor-390.png` });
    const id = (await top.getAttribute('data-reminder-id'))!;

    // the manager's 团队 tab: at once, with the rep's name; after 24 h, escalated
    const manager = await page.context().browser()!.newContext({ ...test.info().project.use, baseURL: page.url().replace(/\/reminders.*/, '') });
    const mpage = await manager.newPage();
    await signInAndWaitForCustomers(mpage, 'manager1@demo.crystal');
    await mpage.goto('/team');
    const row = mpage.locator(`[data-testid=team-escalation][data-kind=detractor]`).filter({ hasText: customer.name });
    await expect(row).toContainText('差评 · 待回访');
    await withDb((sql) => sql`update public.reminders set created_at = now() - interval '25 hours' where id = ${id}`);
    await mpage.reload();
    await expect(row).toHaveAttribute('data-escalated', 'true');
    await expect(row.getByTestId('team-escalation-chip')).toHaveText('差评超 24 小时未回访');
    await mpage.screenshot({ path: `${SCREENS}/team-escalations-390.png` });
    await manager.close();

    // closing asks the outcome; without one nothing changes
    await top.getByTestId('reminder-done').click();
    const sheet = page.getByTestId('outcome-sheet');
    await expect(sheet).toBeVisible();
    await sheet.getByTestId('outcome-submit').click();
    await expect(sheet.getByRole('alert')).toHaveText('请选择结果');
    expect((await reminderRow(id)).status).toBe('open');
    await sheet.getByTestId('outcome-partly').check();
    await sheet.getByTestId('outcome-note').fill('换了新货');
    await page.screenshot({ path: `${SCREENS}/reminders-outcome-390.png` });
    await sheet.getByTestId('outcome-submit').click();
    await expect(sheet).toHaveCount(0);
    await expect.poll(async () => (await reminderRow(id)).status).toBe('done');
    expect(await reminderRow(id)).toMatchObject({ close_reason: 'partly', close_note: '换了新货', closed_by: me });
    const notes = await withDb((sql) => sql<{ note: string }[]>`select note from public.interactions where customer_id = ${customer.id} and note like '差评回访%'`);
    expect(notes.map((n) => n.note)).toContain('差评回访：部分解决，继续跟进。换了新货');
    await page.goto(`/customers/${customer.id}`);
    await expect(page.getByText('差评回访：部分解决，继续跟进。换了新货')).toBeVisible();
  });

  test('routes: someone else\'s or a made-up reminder is 404, a bad body 400 in Chinese and English', async ({ page }) => {
    await signInAndWaitForCustomers(page, REP);
    const [theirs] = await withDb((sql) => sql<{ id: string }[]>`
      select r.id from public.reminders r join public.members m on m.user_id = r.assignee_id
       where m.email = ${OTHER_TEAM_REP} and r.status = 'open' limit 1`);
    const [mine] = await withDb((sql) => sql<{ id: string }[]>`
      select r.id from public.reminders r join public.members m on m.user_id = r.assignee_id
       where m.email = ${REP} and r.status = 'open' and r.kind <> 'detractor' limit 1`);
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
    // undo (reopen) by the one who closed it: open again; someone else's: 404
    expect((await post(mine!.id, 'reopen', {})).status()).toBe(200);
    expect((await reminderRow(mine!.id)).status).toBe('open');
    expect((await post(theirs!.id, 'reopen', {})).status()).toBe(404);
    // a bad outcome is 400 with both languages
    const badOutcome = await post(mine!.id, 'done', { outcome: 'meh' });
    expect(badOutcome.status()).toBe(400);
    expect((await badOutcome.json()).fields.outcome.zh).toBeTruthy();
  });

  test('English, and the empty state for a member with nothing due', async ({ page }) => {
    await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: new URL(process.env.E2E_BASE_URL ?? 'http://localhost:3100').origin }]);
    await signInAndWaitForCustomers(page, 'rep2@demo.crystal');
    await page.goto('/reminders');
    await expect(page.getByRole('heading', { name: 'Reminders' })).toBeVisible();
    await expect(page.getByTestId('reminders-view-today')).toContainText('Today');
    await expect(page.getByTestId('reminder-done').first()).toHaveAccessibleName(/^Done: /);
    await page.screenshot({ path: `${SCREENS}/reminders-en-390.png` });

    // the admin owns no customers in the demo: no reminders, no badge
    expect(await dueCount('admin@demo.crystal').catch(() => 0)).toBe(0);
    await page.context().clearCookies();
    await signInAndWaitForCustomers(page, 'admin@demo.crystal');
    await page.goto('/reminders');
    await expect(page.getByTestId('empty-state')).toContainText('暂时没有要跟进的提醒');
    await page.goto('/reminders?view=all');
    await expect(page.getByTestId('empty-state')).toContainText('暂时没有要跟进的提醒');
    await expect(page.getByTestId('tab-badge-reminders')).toHaveCount(0);
    await page.screenshot({ path: `${SCREENS}/reminders-empty-390.png` });
  });
});
