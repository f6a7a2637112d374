// 洞察 Insights on a phone: a manager sees their team's book, an admin the org's; the numbers on
// screen match the e2e database read as the superuser with the scope applied by hand; tag flows
// drill down to the customers (never another team's); Chart.js is downloaded by this page only.
import { expect, type Page, test } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';
import { hiddenCustomerNames, waitForOrgRecompute, withDb } from './helpers/db.ts';

const MANAGER = 'manager1@demo.crystal';
const ADMIN = 'admin@demo.crystal';
// A string literal of Chart.js that survives minification: how a script is recognised as the library.
const CHART_JS_MARK = 'Canvas is already in use';
const MARK = 'e2e:insights'; // tag_changes rows this spec adds (removed again)

/** Profiled, unmerged customers in scope (the distribution's base) and their at-risk count. */
async function truth(email: string) {
  return withDb(async (sql) => {
    const [me] = await sql<{ org_id: string; role: string; team_id: string | null }[]>`
      select org_id, role, team_id from public.members where email = ${email}`;
    const [r] = await sql<{ customers: number; at_risk: number }[]>`
      select count(*)::int as customers, count(*) filter (where p.loyalty = 'at_risk')::int as at_risk
        from public.customer_profiles p
        join public.customers c on c.id = p.customer_id
        join public.members o on o.user_id = c.owner_id
       where c.org_id = ${me!.org_id} and c.merged_into is null
         and (${me!.role} = 'admin' or o.team_id = ${me!.team_id})`;
    return r!;
  });
}

/** A customer of each team (by owner e-mail) to move between value tiers. */
async function customerOf(ownerEmail: string): Promise<{ id: string; name: string; org: string }> {
  return withDb(async (sql) => {
    const [c] = await sql<{ id: string; name: string; org: string }[]>`
      select c.id, c.name, c.org_id as org from public.customers c join public.members m on m.user_id = c.owner_id
       where m.email = ${ownerEmail} and c.merged_into is null order by c.external_id limit 1`;
    return c!;
  });
}

// The moves this spec makes happen on one day 60 days ago: the demo org's own history starts
// with everybody's first classification at start-up (today), which would be the net "move" of
// any customer in a period reaching today.
const DAY = new Date(Date.now() - 60 * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
const RANGE = `from=${DAY}&to=${DAY}`;

async function scriptsWithChartJs(page: Page, path: string): Promise<string[]> {
  const scripts: Promise<string | null>[] = [];
  const onResponse = (res: import('@playwright/test').Response) => {
    if (res.request().resourceType() === 'script')
      scripts.push(res.text().then((body) => (body.includes(CHART_JS_MARK) ? res.url() : null), () => null));
  };
  page.on('response', onResponse);
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  page.off('response', onResponse);
  return (await Promise.all(scripts)).filter((u): u is string => u !== null);
}

test.beforeAll(async () => {
  test.setTimeout(150_000);
  await waitForOrgRecompute();
  // one customer of each team moved 低价值 → 高价值 on DAY
  const moved = [await customerOf('rep1@demo.crystal'), await customerOf('rep4@demo.crystal')];
  await withDb(async (sql) => {
    for (const c of moved)
      await sql`insert into public.tag_changes (org_id, customer_id, dimension, from_value, to_value, reasons, changed_at)
                values (${c.org}, ${c.id}, 'value', 'low', 'high', ${sql.json([{ rule: MARK }])}, ${`${DAY}T12:00:00+08:00`})`;
  });
});

test.afterAll(async () => {
  await withDb((sql) => sql`delete from public.tag_changes where reasons = ${sql.json([{ rule: MARK }])}`);
});

test('manager 1: the team book, numbers that match the database, charts with tap-for-numbers', async ({ page }) => {
  const want = await truth(MANAGER);
  expect(want.customers).toBeGreaterThan(0);
  await signInAndWaitForCustomers(page, MANAGER);
  await page.goto('/insights');
  await expect(page.getByRole('heading', { level: 1, name: '洞察' })).toBeVisible();
  await expect(page.getByTestId('insights-scope')).toHaveText('华东一组');
  await expect(page.getByTestId('period-30d')).toHaveAttribute('aria-current', 'true');

  const dist = page.getByTestId('insights-distribution');
  await expect(dist).toContainText(`共 ${want.customers.toLocaleString('zh-CN')} 位客户`);
  await expect(page.getByTestId('distribution-chart')).toHaveAttribute('data-ready', '1');
  await page.screenshot({ path: `${SCREENS}/insights-manager-zh.png` });

  // The numbers behind the chart: the tiers add up to the whole team book.
  await dist.getByTestId('dist-tab-value').click();
  await page.getByTestId('distribution-numbers').locator('summary').click();
  const counts = await page.getByTestId('distribution-numbers').locator('tbody tr td:nth-child(2)').allTextContents();
  expect(counts.map((s) => Number(s.replace(/\D/g, ''))).reduce((a, b) => a + b, 0)).toBe(want.customers);
  await dist.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/insights-manager-value-numbers-zh.png` });

  // Tap a bar: Chart.js draws the category's numbers (checked by eye in the screenshot).
  const canvas = page.getByTestId('distribution-chart').locator('canvas');
  const box = (await canvas.boundingBox())!;
  await page.touchscreen.tap(box.x + box.width * 0.4, box.y + 60);
  await page.screenshot({ path: `${SCREENS}/insights-manager-tap-zh.png` });

  // At risk: the count is the team's; nobody from another team is listed.
  await expect(page.getByTestId('at-risk-summary')).toContainText(`共 ${want.at_risk.toLocaleString('zh-CN')} 位`);
  const atRisk = await page.getByTestId('at-risk-list').getByTestId('at-risk-name').allTextContents();
  const hidden = new Set(await hiddenCustomerNames(MANAGER));
  expect(atRisk.length).toBeGreaterThan(0);
  expect(atRisk.filter((n) => hidden.has(n))).toEqual([]);

  for (const id of ['insights-funnel', 'insights-at-risk', 'insights-reminders', 'insights-surveys']) {
    await page.getByTestId(id).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/${id}-manager-zh.png` });
  }
  // Reminder completion lists this team's reps only.
  await page.getByTestId('reminders-numbers').locator('summary').click();
  const reps = await page.getByTestId('reminders-numbers').locator('tbody th').allTextContents();
  const teamReps = await withDb(async (sql) =>
    (await sql<{ display_name: string }[]>`
      select display_name from public.members where role = 'rep' and team_id = (select team_id from public.members where email = ${MANAGER})`).map((r) => r.display_name));
  for (const r of reps) expect(teamReps).toContain(r);
});

test('tag flows: a move shows with its count and drills down to the team’s customers only', async ({ page }) => {
  const mine = await customerOf('rep1@demo.crystal');
  const theirs = await customerOf('rep4@demo.crystal'); // 华南二组
  await signInAndWaitForCustomers(page, MANAGER);
  await page.goto(`/insights?${RANGE}`);
  const flows = page.getByTestId('insights-flows');
  const move = flows.getByTestId('flow-move').filter({ hasText: '低价值客户 → 高价值客户' });
  await expect(move).toHaveCount(1);
  await move.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/insights-flows-zh.png` });
  await move.click();
  await expect(page).toHaveURL(/move=low\.high/);
  const sheet = page.getByTestId('flow-sheet');
  await expect(sheet.getByTestId('flow-customers')).toContainText(mine.name);
  await expect(sheet).not.toContainText(theirs.name);
  await page.screenshot({ path: `${SCREENS}/insights-flow-drill-zh.png` });
  // back closes the sheet
  await page.goBack();
  await expect(sheet).toHaveCount(0);

  // another dimension (its own flows), then the admin sees both customers
  await flows.getByTestId('flow-dim-lifecycle').click();
  await expect(page).toHaveURL(/flow=lifecycle/);
});

test('admin: the whole org; a custom range; a bad range is explained', async ({ page }) => {
  const want = await truth(ADMIN);
  await signInAndWaitForCustomers(page, ADMIN);
  await page.goto('/insights?p=90d');
  await expect(page.getByTestId('insights-scope')).toContainText('全公司');
  await expect(page.getByTestId('insights-distribution')).toContainText(`共 ${want.customers.toLocaleString('zh-CN')} 位客户`);
  await expect(page.getByTestId('at-risk-summary')).toContainText(`共 ${want.at_risk.toLocaleString('zh-CN')} 位`);
  await expect(page.getByTestId('funnel-chart')).toHaveAttribute('data-ready', '1');
  await page.screenshot({ path: `${SCREENS}/insights-admin-zh.png` });
  await page.getByTestId('insights-funnel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/insights-funnel-admin-zh.png` });

  // custom range through the form
  await page.getByTestId('period-range').click();
  await page.getByLabel('开始日期').fill('2026-01-01');
  await page.getByLabel('结束日期').fill('2026-01-31');
  await page.getByRole('button', { name: '查看' }).click();
  await expect(page).toHaveURL(/from=2026-01-01&to=2026-01-31/);
  await expect(page.getByTestId('period-shown')).toHaveText('2026-01-01 至 2026-01-31');

  // end before start: a clear note and the default period, not an error page
  await page.goto('/insights?from=2026-03-10&to=2026-03-01');
  await expect(page.getByTestId('period-bad-range')).toContainText('日期范围无效');
  await expect(page.getByTestId('period-30d')).toHaveAttribute('aria-current', 'true');

  // drill-down with the admin, opened from a link: both teams' customers moved low → high
  const theirs = await customerOf('rep4@demo.crystal');
  await page.goto(`/insights?${RANGE}&move=low.high`);
  await expect(page.getByTestId('flow-sheet').getByTestId('flow-customers')).toContainText(theirs.name);
});

test('Chart.js is loaded by the insights page only', async ({ page }) => {
  await signInAndWaitForCustomers(page, MANAGER);
  expect(await scriptsWithChartJs(page, '/customers')).toEqual([]);
  expect(await scriptsWithChartJs(page, '/me')).toEqual([]);
  const onInsights = await scriptsWithChartJs(page, '/insights');
  expect(onInsights.length).toBe(1);
});

test('a rep typing /insights gets a clear refusal', async ({ page }) => {
  await signInAndWaitForCustomers(page, 'rep1@demo.crystal');
  await page.goto('/insights');
  await expect(page.getByText('仅主管和管理员可以查看此页面。')).toBeVisible();
  await expect(page.getByTestId('insights-distribution')).toHaveCount(0);
});

