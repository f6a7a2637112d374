// The manager's 团队 tab end to end, on a phone: manager1 (华东一组) sees their own reps'
// reminders — and the other team's nowhere — reassigns a customer from the list, and the
// customer's reminder moves to the new rep (on screen and in the database, history recorded).
// Refusals through the real route: another team's customer 404, another team's rep 403, a bad
// body 400, a rep 403 — each with zh/en messages and nothing changed. Reminders are made here
// with the superuser connection (the playbook makes the real ones; these have known reasons).
import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';
import { createLead, waitForOrgRecompute, withDb } from './helpers/db.ts';

const MANAGER = 'manager1@demo.crystal';
const REP1 = 'rep1@demo.crystal';
const REP2 = 'rep2@demo.crystal';
const OTHER_REP = 'rep4@demo.crystal'; // 华南二组
const stamp = String(Date.now() % 1_000_000);

type Member = { user_id: string; display_name: string; team_id: string };
let rep1: Member;
let rep2: Member;
let otherRep: Member;
let mine: { id: string; name: string }; // rep1's customer, reassigned in the test
let theirs: { id: string; name: string }; // rep4's (other team)
let otherTeamCustomerIds: Set<string>;
const MY_REASON = `E2E 转交测试 ${stamp}`;
const THEIR_REASON = `E2E 二组提醒 ${stamp}`;

async function member(email: string): Promise<Member> {
  return withDb(async (sql) => (await sql<Member[]>`select user_id, display_name, team_id from public.members where email = ${email}`)[0]!);
}

async function addReminder(customerId: string, email: string, reason: string, dueDaysFromNow: number) {
  await withDb((sql) => sql`
    insert into public.reminders (org_id, customer_id, assignee_id, kind, due_at, dedupe_key, reason)
    select m.org_id, ${customerId}, m.user_id, 'follow_up', now() + make_interval(days => ${dueDaysFromNow}),
           ${`e2e:team:${randomUUID()}`}, ${sql.json({ zh: reason, en: `${reason} (en)`, rule: 'e2e', params: {} })}
      from public.members m where m.email = ${email}`);
}

async function post(page: Page, url: string, body: unknown) {
  return page.evaluate(
    async ([u, b]) => {
      const res = await fetch(u as string, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
      return { status: res.status, body: (await res.json()) as { error?: string; message?: { zh: string; en: string }; fields?: Record<string, { zh: string; en: string }> } };
    },
    [url, body] as const,
  );
}

const rowFor = (page: Page, customerId: string) => page.locator(`[data-testid=team-reminder][data-customer-id="${customerId}"]`);
const repSection = (page: Page, userId: string) => page.locator(`[data-testid=team-rep][data-rep-id="${userId}"]`);

test.beforeAll(async () => {
  await waitForOrgRecompute();
  [rep1, rep2, otherRep] = await Promise.all([member(REP1), member(REP2), member(OTHER_REP)]);
  mine = await createLead(REP1, `转交客户${stamp}`);
  theirs = await createLead(OTHER_REP, `二组客户${stamp}`);
  // Long overdue, so they lead their rep's digest (the demo's own follow-ups go back weeks).
  await addReminder(mine.id, REP1, MY_REASON, -90);
  await addReminder(theirs.id, OTHER_REP, THEIR_REASON, -91);
  otherTeamCustomerIds = new Set(
    await withDb(async (sql) =>
      (await sql<{ id: string }[]>`
        select c.id from public.customers c join public.members o on o.user_id = c.owner_id
         where o.team_id is distinct from ${rep1.team_id}`).map((r) => r.id),
    ),
  );
});

test("a manager sees only their team's reminders, reassigns a customer and the reminder moves", async ({ page }) => {
  await signInAndWaitForCustomers(page, MANAGER);
  await page.getByRole('navigation').getByRole('link', { name: /^团队/ }).click();
  await page.waitForURL('**/team');
  await expect(page.getByTestId('team-page')).toBeVisible();

  // Exactly the team's reps (rep1–3), no one from 华南二组.
  const teamReps = await withDb((sql) => sql<{ user_id: string }[]>`
    select user_id from public.members where team_id = ${rep1.team_id} and role = 'rep' and active`);
  const shown = await page.getByTestId('team-rep').evaluateAll((els) => els.map((e) => e.getAttribute('data-rep-id')));
  expect(shown.sort()).toEqual(teamReps.map((r) => r.user_id).sort());
  expect(shown).not.toContain(otherRep.user_id);

  // The other team's reminders are nowhere: not the one made here, not any of their customers.
  await expect(page.getByText(THEIR_REASON)).toHaveCount(0);
  const customerIds = await page.getByTestId('team-reminder').evaluateAll((els) => els.map((e) => e.getAttribute('data-customer-id')));
  expect(customerIds.filter((id) => id && otherTeamCustomerIds.has(id))).toEqual([]);

  // Our reminder: under rep1, overdue, with the customer and the reason.
  const row = repSection(page, rep1.user_id).locator(`[data-testid=team-reminder][data-customer-id="${mine.id}"]`);
  await expect(row).toHaveAttribute('data-overdue', 'true');
  await expect(row).toContainText(mine.name);
  await expect(row).toContainText(MY_REASON);
  await expect(row.getByTestId('team-reminder-due')).toContainText('逾期');
  await expect(page.getByTestId('team-footnote')).toContainText('完成率 = 已完成 ÷');
  await page.screenshot({ path: `${SCREENS}/team-manager-zh.png` });
  await page.screenshot({ path: `${SCREENS}/team-manager-full-zh.png`, fullPage: true });

  // Reassign from the row: the sheet offers the team's reps only, the owner greyed out.
  await row.getByTestId('reassign-button').click();
  await expect(page).toHaveURL(new RegExp(`reassign=${mine.id}`));
  const sheet = page.getByTestId('reassign-sheet');
  await expect(sheet.getByTestId('reassign-customer')).toHaveText(mine.name);
  const options = sheet.getByTestId('assignee-option');
  await expect(options).toHaveCount(teamReps.length);
  await expect(sheet.getByText(otherRep.display_name)).toHaveCount(0);
  await expect(options.filter({ hasText: rep1.display_name }).locator('input')).toBeDisabled();
  await expect(sheet.getByTestId('reassign-confirm')).toBeDisabled();
  await options.filter({ hasText: rep2.display_name }).click();
  await page.screenshot({ path: `${SCREENS}/team-reassign-sheet-zh.png` });
  await sheet.getByTestId('reassign-confirm').click();

  await expect(page.getByTestId('reassign-notice')).toContainText(`已转交给 ${rep2.display_name}`);
  await expect(page.getByTestId('reassign-sheet')).toHaveCount(0);
  await expect(page).not.toHaveURL(/reassign=/);
  // On screen: the reminder is now rep2's, and the history says so.
  await expect(repSection(page, rep2.user_id).locator(`[data-testid=team-reminder][data-customer-id="${mine.id}"]`)).toContainText(MY_REASON);
  await expect(repSection(page, rep1.user_id).locator(`[data-customer-id="${mine.id}"]`)).toHaveCount(0);
  await expect(page.getByTestId('owner-change').first()).toContainText(mine.name);
  await expect(page.getByTestId('owner-change').first()).toContainText(`${rep1.display_name} → ${rep2.display_name}`);
  // In the database: the owner and every open reminder of the customer moved together.
  const db = await withDb(async (sql) => ({
    owner: (await sql`select owner_id from public.customers where id = ${mine.id}`)[0]!.owner_id as string,
    open: await sql<{ assignee_id: string }[]>`
      select assignee_id from public.reminders where customer_id = ${mine.id} and status in ('open', 'snoozed')`,
  }));
  expect(db.owner).toBe(rep2.user_id);
  expect(db.open.length).toBeGreaterThanOrEqual(1);
  expect(db.open.every((r) => r.assignee_id === rep2.user_id)).toBe(true);

  // One rep's whole list; the other team's rep gives an empty page, not their data.
  await page.goto(`/team?rep=${rep2.user_id}`);
  await expect(page.getByTestId('team-rep')).toHaveCount(1);
  await expect(rowFor(page, mine.id)).toBeVisible();
  await page.goto(`/team?rep=${otherRep.user_id}`);
  await expect(page.getByTestId('team-rep')).toHaveCount(0);
  await expect(page.getByText(THEIR_REASON)).toHaveCount(0);
  // A reassign sheet for the other team's customer does not open (nothing to show for it).
  await page.goto(`/team?reassign=${theirs.id}`);
  await expect(page.getByTestId('team-page')).toBeVisible();
  await expect(page.getByTestId('reassign-sheet')).toHaveCount(0);

  // Desktop width, and English.
  await page.goto('/team');
  await page.setViewportSize({ width: 1280, height: 900 });
  await expect(rowFor(page, mine.id)).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/team-manager-desktop-zh.png` });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.context().addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: page.url() }]);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Team', exact: true })).toBeVisible();
  await expect(rowFor(page, mine.id)).toContainText(`${MY_REASON} (en)`);
  await page.screenshot({ path: `${SCREENS}/team-manager-en.png` });
});

test("a manager reassigns from the customer page too; a rep's customer page has no such tile", async ({ page, browser }) => {
  await signInAndWaitForCustomers(page, MANAGER);
  const owner = async () => withDb(async (sql) => (await sql`select owner_id from public.customers where id = ${mine.id}`)[0]!.owner_id as string);
  const from = await owner();
  const to = from === rep1.user_id ? rep2 : rep1;
  await page.goto(`/customers/${mine.id}`);
  await page.getByTestId('action-reassign').click();
  const sheet = page.getByTestId('reassign-sheet');
  await expect(sheet.getByTestId('reassign-customer')).toHaveText(mine.name);
  await sheet.getByTestId('assignee-option').filter({ hasText: to.display_name }).click();
  await sheet.getByTestId('reassign-confirm').click();
  await expect(page.getByTestId('reassign-notice')).toContainText(`已转交给 ${to.display_name}`);
  await expect.poll(owner).toBe(to.user_id);
  await expect(page.getByTestId('customer-page')).toBeVisible(); // still theirs to see: same team

  const repContext = await browser.newContext();
  const repPage = await repContext.newPage();
  await signInAndWaitForCustomers(repPage, to === rep1 ? REP1 : REP2);
  await repPage.goto(`/customers/${mine.id}`);
  await expect(repPage.getByTestId('customer-actions')).toBeVisible();
  await expect(repPage.getByTestId('action-reassign')).toHaveCount(0);
  await repContext.close();
});

test('the route refuses what a manager may not do, in zh and en, and changes nothing', async ({ page }) => {
  await signInAndWaitForCustomers(page, MANAGER);
  const before = await withDb(async (sql) => ({
    theirs: (await sql`select owner_id from public.customers where id = ${theirs.id}`)[0]!.owner_id as string,
    mine: (await sql`select owner_id from public.customers where id = ${mine.id}`)[0]!.owner_id as string,
  }));

  // another team's customer → 404 (its existence is not confirmed)
  const other = await post(page, `/api/customers/${theirs.id}/owner`, { owner_id: rep1.user_id });
  expect(other.status).toBe(404);
  expect(other.body.message).toEqual({ zh: '找不到这位客户，或客户不在你的团队', en: 'This customer does not exist or is not in your team' });
  // own team's customer to another team's rep → 403
  const otherTeamRep = await post(page, `/api/customers/${mine.id}/owner`, { owner_id: otherRep.user_id });
  expect(otherTeamRep.status).toBe(403);
  expect(otherTeamRep.body.message?.zh).toBe('只能转交给本组在职的销售');
  expect(otherTeamRep.body.message?.en).toBe('You can only reassign to an active rep of your own team');
  // bad bodies → 400 with a field message; not an id → 404
  const bad = await post(page, `/api/customers/${mine.id}/owner`, { owner_id: 'rep2' });
  expect(bad.status).toBe(400);
  expect(bad.body.fields?.owner_id?.zh).toContain('新负责人');
  const extra = await post(page, `/api/customers/${mine.id}/owner`, { owner_id: rep1.user_id, org_id: randomUUID() });
  expect(extra.status).toBe(400);
  expect((await post(page, `/api/customers/${mine.id}/owner`, [])).status).toBe(400);
  expect((await post(page, '/api/customers/not-an-id/owner', { owner_id: rep1.user_id })).status).toBe(404);

  const after = await withDb(async (sql) => ({
    theirs: (await sql`select owner_id from public.customers where id = ${theirs.id}`)[0]!.owner_id as string,
    mine: (await sql`select owner_id from public.customers where id = ${mine.id}`)[0]!.owner_id as string,
    theirReminder: (await sql`select assignee_id from public.reminders where customer_id = ${theirs.id}`)[0]!.assignee_id as string,
  }));
  expect(after.theirs).toBe(before.theirs);
  expect(after.mine).toBe(before.mine);
  expect(after.theirReminder).toBe(otherRep.user_id);
});

test('a rep has no team tab and cannot reassign', async ({ page }) => {
  await signInAndWaitForCustomers(page, REP2);
  await expect(page.getByRole('navigation').getByRole('link', { name: /^团队/ })).toHaveCount(0);
  await page.goto('/team');
  await expect(page.getByText('仅主管和管理员可以查看此页面。')).toBeVisible();
  await expect(page.getByTestId('team-rep')).toHaveCount(0);
  const res = await post(page, `/api/customers/${mine.id}/owner`, { owner_id: rep1.user_id });
  expect(res.status).toBe(403);
  expect(res.body.message?.zh).toBe('只有主管和管理员可以转交客户');
});

test('an admin sees every team, grouped', async ({ page }) => {
  await signInAndWaitForCustomers(page, 'admin@demo.crystal');
  await page.goto('/team');
  // (a third group, 未分组, appears only if someone without a team has reminders)
  const groups = page.getByTestId('team-group');
  await expect(groups.nth(1)).toBeVisible();
  await expect(groups.nth(0).locator('h2')).toHaveText('华东一组');
  await expect(groups.nth(1).locator('h2')).toHaveText('华南二组');
  await expect(rowFor(page, theirs.id)).toContainText(THEIR_REASON);
  await page.screenshot({ path: `${SCREENS}/team-admin-zh.png` });
  await page.goto(`/team?rep=${otherRep.user_id}`);
  await expect(page.getByTestId('team-rep')).toHaveCount(1);
  await expect(rowFor(page, theirs.id)).toContainText(THEIR_REASON);
});
