// The customer page (chips → "why" sheet kept in the URL, timeline) and POST /api/interactions
// end to end: a logged observation moves the funnel stage through the real recompute function.
// Ground truth comes from the database.
import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';
import { createLead, pickCustomer, waitForOrgRecompute, withDb } from './helpers/db.ts';

const REP = 'rep1@demo.crystal';

test.beforeAll(async () => {
  await waitForOrgRecompute();
});

/** Open a customer the way a rep does: search the list, tap the row. */
async function openFromList(page: Page, name: string) {
  await page.getByRole('searchbox').fill(name);
  await page.getByRole('searchbox').press('Enter');
  await page.waitForURL(/q=/);
  await page.getByTestId('customer-row').filter({ hasText: name }).first().click();
  await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('customer-title')).toHaveText(name);
}

const dateIn = (tz: string, d: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);

const interaction = (customerId: string, extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  customer_id: customerId,
  kind: 'visit',
  occurred_at: new Date().toISOString(),
  attitude: 'accept',
  cognition: 'specific',
  note: '客户想看同行案例，下周带方案再来',
  ...extra,
});

test.describe('customer page', () => {
  test('a rep opens a customer from the list, taps the value chip for the reasons, back closes it', async ({ page }) => {
    const c = await pickCustomer(REP);
    const [stored] = await withDb(
      (sql) => sql<{ zh: string }[]>`select reasons -> 'value' -> 0 ->> 'zh' as zh from public.customer_profiles where customer_id = ${c.id}`,
    );

    await signInAndWaitForCustomers(page, REP);
    await openFromList(page, c.name);
    const chips = page.getByTestId('profile-chips');
    await expect(chips.getByTestId('chip-relationship')).toBeVisible();
    await expect(chips.getByTestId('chip-funnel')).toBeVisible();
    await expect(chips.getByTestId('chip-value')).toHaveText('高价值客户');
    await expect(page.getByTestId('fact-tags')).toContainText('下单');
    await expect(page.getByTestId('timeline-item').first()).toBeVisible();
    await expect(page.getByTestId('call-button')).toHaveAttribute('href', /^tel:\+?\d+$/);
    await page.screenshot({ path: `${SCREENS}/customer-zh.png`, fullPage: true });

    await chips.getByTestId('chip-value').click();
    await expect(page).toHaveURL(/\?dim=value$/);
    const sheet = page.getByRole('dialog', { name: /客户价值/ });
    await expect(sheet).toBeVisible();
    await expect(sheet.getByTestId('sheet-reasons')).toContainText(stored!.zh);
    // The start-up recompute is this customer's first rating: the history says so, with its day.
    await expect(sheet.getByTestId('sheet-history')).toContainText('首次判定');
    await page.screenshot({ path: `${SCREENS}/customer-sheet-zh.png`, animations: 'disabled' });

    await page.goBack();
    await expect(sheet).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`/customers/${c.id}$`));
    await expect(page.getByTestId('customer-title')).toHaveText(c.name);

    // The navigation bar's back returns to the list with its search intact.
    await page.getByTestId('back-button').click();
    await expect(page).toHaveURL(/\/customers\?q=/);
  });

  test('a sheet in the URL opens on load (and in English); closing it leaves the page', async ({ page, context }) => {
    const c = await pickCustomer(REP);
    await signInAndWaitForCustomers(page, REP);
    await context.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: page.url() }]);
    await page.goto(`/customers/${c.id}`);
    await expect(page.getByTestId('chip-value')).toHaveText('High value');
    await page.screenshot({ path: `${SCREENS}/customer-en.png`, fullPage: true });

    await page.goto(`/customers/${c.id}?dim=loyalty`);
    const sheet = page.getByRole('dialog', { name: /Loyalty/ });
    await expect(sheet).toBeVisible();
    await expect(sheet.getByTestId('sheet-reasons')).toContainText(/churn risk|stopped buying/i);
    await page.screenshot({ path: `${SCREENS}/customer-sheet-en.png`, animations: 'disabled' });
    await sheet.getByRole('button', { name: 'Close' }).click();
    await expect(sheet).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`/customers/${c.id}$`));
  });

  test("another rep's customer is not found", async ({ page }) => {
    const other = await pickCustomer('rep2@demo.crystal');
    await signInAndWaitForCustomers(page, REP);
    // (200, not 404: the page streams behind the tab's loading skeleton, so the status is sent
    // before the lookup finds nothing — the screen is what tells the rep.)
    await page.goto(`/customers/${other.id}`);
    await expect(page.getByTestId('customer-not-found')).toContainText('找不到这位客户');
    await expect(page.getByText(other.name)).toHaveCount(0);
    await page.screenshot({ path: `${SCREENS}/customer-not-found-zh.png` });
  });
});

test.describe('POST /api/interactions', () => {
  test('an accepting, specific visit makes a fresh lead an opportunity; a replay stores nothing new', async ({ page }) => {
    const c = await createLead(REP, `新线索${Date.now() % 100_000}`);
    await signInAndWaitForCustomers(page, REP);
    await page.goto(`/customers/${c.id}`);
    await expect(page.getByTestId('profile-not-computed')).toContainText('标签尚未计算');
    await expect(page.getByTestId('timeline-empty')).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/customer-new-lead-zh.png` });

    const body = interaction(c.id);
    const res = await page.request.post('/api/interactions', { data: body });
    expect(res.status()).toBe(201);
    expect(await res.json()).toEqual({ id: body.id, inserted: true });

    // The recompute runs after the response; reload until the chip has moved.
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId('chip-funnel').getAttribute('data-value', { timeout: 1000 }).catch(() => null);
        },
        { timeout: 20_000, intervals: [500, 1000, 2000] },
      )
      .toBe('opportunity');
    await expect(page.getByTestId('chip-funnel')).toHaveText('商机');
    await expect(page.getByTestId('timeline-item').first()).toContainText(body.note);
    await expect(page.getByTestId('timeline-observation').first()).toHaveText('接纳 · 具体 → 商机');

    await page.getByTestId('chip-funnel').click();
    const sheet = page.getByRole('dialog', { name: /漏斗阶段/ });
    const day = dateIn('Asia/Shanghai', new Date(body.occurred_at));
    await expect(sheet.getByTestId('sheet-reasons')).toHaveText(`${day} 拜访：接纳+具体 → 商机`);
    await expect(sheet.getByTestId('sheet-history').locator('> li').first()).toContainText(/首次判定\s*商机/);
    await page.screenshot({ path: `${SCREENS}/customer-sheet-funnel-zh.png`, animations: 'disabled' });

    const replay = await page.request.post('/api/interactions', { data: body });
    expect(replay.status()).toBe(200);
    expect(await replay.json()).toEqual({ id: body.id, inserted: false });
    const [n] = await withDb((sql) => sql<{ n: number }[]>`select count(*)::int as n from public.interactions where id = ${body.id}`);
    expect(n!.n).toBe(1);

    // The same id for a different customer is a clash, not a replay.
    const other = await pickCustomer(REP);
    const clash = await page.request.post('/api/interactions', { data: { ...body, customer_id: other.id } });
    expect(clash.status()).toBe(409);
  });

  test('bad bodies are 400 with a message per field in Chinese and English, never a 500', async ({ page }) => {
    const c = await pickCustomer(REP);
    await signInAndWaitForCustomers(page, REP);
    const post = (data: unknown, headers?: Record<string, string>) => page.request.post('/api/interactions', { data, headers });

    const { kind: _kind, ...noKind } = interaction(c.id);
    let res = await post(noKind);
    expect(res.status()).toBe(400);
    expect(await res.json()).toMatchObject({
      error: 'invalid_input',
      message: { zh: '请检查输入内容' },
      fields: { kind: { zh: '请填写互动方式', en: 'Interaction kind is required' } },
    });

    res = await post(interaction(c.id, { attitude: 'maybe' }));
    expect(res.status()).toBe(400);
    expect((await res.json()).fields.attitude.zh).toBe('态度只能是以下之一：accept, doubt');

    res = await post(Buffer.from('{"kind": "visit",'), { 'content-type': 'application/json' });
    expect(res.status()).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_json', message: { zh: '请求内容不是有效的 JSON' } });

    res = await post(interaction(c.id, { note: 'x'.repeat(20_000) })); // 20 kB: under the body limit, over the field's
    expect(res.status()).toBe(400);
    expect((await res.json()).fields.note.zh).toBe('备注太长了（最多 5000 个字）');

    res = await post(interaction(c.id, { note: '长'.repeat(30_000) })); // 90 kB: over the body limit
    expect(res.status()).toBe(413);
    expect((await res.json()).message.zh).toContain('请求内容太大');

    const [n] = await withDb((sql) => sql<{ n: number }[]>`select count(*)::int as n from public.interactions where note like '长长长%' or note like 'xxx%'`);
    expect(n!.n).toBe(0);
  });

  test("another rep's customer is 403 with a clear reason, and nothing is stored", async ({ page }) => {
    const other = await pickCustomer('rep2@demo.crystal');
    await signInAndWaitForCustomers(page, REP);
    const body = interaction(other.id);
    const res = await page.request.post('/api/interactions', { data: body });
    expect(res.status()).toBe(403);
    expect(await res.json()).toMatchObject({ error: 'forbidden', message: { zh: expect.stringContaining('不在你的负责范围内') } });
    const [n] = await withDb((sql) => sql<{ n: number }[]>`select count(*)::int as n from public.interactions where id = ${body.id}`);
    expect(n!.n).toBe(0);
  });

  test('signed out is 401', async ({ request }) => {
    const c = await pickCustomer(REP);
    const res = await request.post('/api/interactions', { data: interaction(c.id) });
    expect(res.status()).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'unauthenticated', message: { zh: '请先登录', en: 'Please sign in' } });
  });

  test('the quick log on the page posts and shows the interaction', async ({ page }) => {
    const c = await pickCustomer(REP);
    await signInAndWaitForCustomers(page, REP);
    await page.goto(`/customers/${c.id}`);
    await page.getByTestId('quick-log-open').click();
    await expect(page).toHaveURL(/\?log=1$/);
    const sheet = page.getByRole('dialog', { name: '记录一次互动' });
    await sheet.getByText('电话', { exact: true }).click();
    await sheet.getByText('质疑', { exact: true }).click();
    await sheet.getByText('笼统', { exact: true }).click();
    const note = `电话回访 ${Date.now()}`;
    await sheet.getByRole('textbox', { name: '备注' }).fill(note);
    await page.screenshot({ path: `${SCREENS}/customer-quick-log-zh.png`, animations: 'disabled' });
    await sheet.getByRole('button', { name: '保存' }).click();
    await expect(sheet).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`/customers/${c.id}$`));
    await expect(page.getByTestId('timeline-item').first()).toContainText(note);
    await expect(page.getByTestId('timeline-observation').first()).toHaveText('质疑 · 笼统 → 潜在');
    const [row] = await withDb((sql) => sql<{ kind: string }[]>`select kind from public.interactions where note = ${note}`);
    expect(row?.kind).toBe('call');
  });
});
