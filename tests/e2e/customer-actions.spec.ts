// The customer page's timeline and actions end to end, on a phone: add an order, open a deal and
// move it back a stage, tag and untag — each shows on the timeline at once, and the chips follow
// once the real recompute function has run. Bad bodies are 400 in Chinese, other reps' customers
// 403, and nothing is stored either way. Ground truth comes from the database.
import { expect, type Page, test } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';
import { createLead, pickCustomer, waitForOrgRecompute, withDb } from './helpers/db.ts';

const REP = 'rep1@demo.crystal';
const REP2 = 'rep2@demo.crystal';
const suffix = () => String(Date.now() % 100_000);

test.beforeAll(async () => {
  await waitForOrgRecompute();
});

type Profile = { value_tier: string; lifecycle: string; relationship_type: string; reasons: Record<string, { rule: string }[]> };

/** The customer's stored profile once `ready` says the recompute has caught up with the test's write. */
async function profileWhen(customerId: string, ready: (p: Profile) => boolean): Promise<Profile> {
  let last: Profile | undefined;
  await expect
    .poll(
      async () => {
        [last] = await withDb((sql) => sql<Profile[]>`
          select value_tier, lifecycle, relationship_type, reasons from public.customer_profiles where customer_id = ${customerId}`);
        return last ? ready(last) : false;
      },
      { timeout: 20_000, intervals: [300, 500, 1000] },
    )
    .toBe(true);
  return last!;
}

/** Reload until the chip shows `value` (the page also refreshes itself ~1.5 s and ~4 s after a save). */
async function chipBecomes(page: Page, chip: string, value: string) {
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId(`chip-${chip}`).getAttribute('data-value', { timeout: 1000 }).catch(() => null);
      },
      { timeout: 20_000, intervals: [500, 1000, 2000] },
    )
    .toBe(value);
}

test.describe('customer actions', () => {
  test('add an order: it tops the timeline, and the lifecycle and value chips follow the recompute', async ({ page }) => {
    const c = await createLead(REP, `下单客户${suffix()}`);
    await signInAndWaitForCustomers(page, REP);
    await page.goto(`/customers/${c.id}`);
    await expect(page.getByTestId('timeline-empty')).toBeVisible();

    await page.getByTestId('action-order').click();
    await expect(page).toHaveURL(/\?action=order$/);
    const sheet = page.getByRole('dialog', { name: '记录一笔订单' });
    // The sheet checks the amount before sending anything.
    await sheet.getByLabel('金额（元）').fill('abc');
    await sheet.getByRole('button', { name: '保存订单' }).click();
    await expect(sheet.getByTestId('action-error')).toHaveText('请输入大于 0 的金额，例如 12800');

    await sheet.getByLabel('金额（元）').fill('286,000');
    await sheet.getByText('服务', { exact: true }).click();
    await sheet.getByText('用了折扣', { exact: true }).click();
    await expect(sheet.getByRole('switch', { name: /用了折扣/ })).toBeChecked();
    await page.screenshot({ path: `${SCREENS}/timeline-order-sheet-zh.png`, animations: 'disabled' });
    await sheet.getByRole('button', { name: '保存订单' }).click();
    await expect(sheet).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`/customers/${c.id}$`));
    await expect(page.getByTestId('action-notice')).toHaveText('订单已记录，标签稍后更新');

    // At once: the order is on the timeline (the refresh right after the save) — the newest entry
    // but for the recompute's tag update, which may already have landed above it.
    const entry = page.locator('[data-testid=timeline-entry]:not([data-type=tags])').first();
    await expect(entry).toHaveAttribute('data-type', 'order');
    await expect(entry.getByTestId('timeline-order-amount')).toHaveText('¥286,000.00');
    await expect(entry).toContainText('服务订单');
    await expect(entry).toContainText('用了折扣');
    const [order] = await withDb((sql) => sql<{ amount: string; kind: string; discount_used: boolean; premium: boolean }[]>`
      select amount, kind, discount_used, premium from public.orders where customer_id = ${c.id}`);
    expect(order).toEqual({ amount: '286000.00', kind: 'service', discount_used: true, premium: false });

    // Shortly after: the recompute has rated them; the chips say what the database says.
    const profile = await profileWhen(c.id, (p) => p.lifecycle === 'active');
    await chipBecomes(page, 'lifecycle', profile.lifecycle);
    await expect(page.getByTestId('chip-lifecycle')).toHaveText('活跃客户');
    await expect(page.getByTestId('chip-value')).toHaveAttribute('data-value', profile.value_tier);
    // …and the recompute's first rating is on the timeline, above the order.
    await expect(page.getByTestId('timeline-entry').first()).toHaveAttribute('data-type', 'tags');
    await expect(page.getByTestId('timeline-tags').first()).toContainText('首次判定');
    await expect(page.getByTestId('timeline-tags').first()).toContainText('活跃客户');
    await page.screenshot({ path: `${SCREENS}/timeline-order-zh.png`, fullPage: true });
  });

  test('open a deal at quote, move it back to needs: the timeline shows the step back, the relationship reasons name it', async ({ page }) => {
    const c = await createLead(REP, `商机客户${suffix()}`);
    await signInAndWaitForCustomers(page, REP);
    await page.goto(`/customers/${c.id}`);

    // No deal yet: the sheet opens on "new deal".
    await page.getByTestId('action-deal').click();
    await expect(page).toHaveURL(/\?action=deal$/);
    let sheet = page.getByRole('dialog', { name: '推进商机' });
    await sheet.getByLabel('商机名称').fill('年度采购');
    await sheet.getByText('报价', { exact: true }).click();
    await sheet.getByRole('button', { name: '新建商机' }).click();
    await expect(sheet).toBeHidden();
    await expect(page.getByTestId('timeline-stage').first()).toContainText(/新建商机「年度采购」\s*报价/);

    await page.getByTestId('action-deal').click();
    sheet = page.getByRole('dialog', { name: '推进商机' });
    await expect(sheet.getByTestId('stage-picker')).toContainText('当前');
    await expect(sheet.getByRole('radio', { name: /报价/ })).toBeDisabled();
    await sheet.getByText('需求分析', { exact: true }).click();
    await expect(sheet.getByTestId('step-back-hint')).toContainText('这是一次退回');
    await page.screenshot({ path: `${SCREENS}/timeline-deal-sheet-zh.png`, animations: 'disabled' });
    await sheet.getByRole('button', { name: '移到「需求分析」' }).click();
    await expect(sheet).toBeHidden();
    await expect(page.getByTestId('action-notice')).toHaveText('商机已移到「需求分析」');

    const stage = page.getByTestId('timeline-stage').first();
    await expect(stage).toContainText('报价 → 需求分析');
    await expect(stage.getByTestId('timeline-step-back')).toHaveText('退回');

    const changes = await withDb((sql) => sql<{ from_stage: string | null; to_stage: string; customer_id: string }[]>`
      select s.from_stage, s.to_stage, s.customer_id from public.deal_stage_changes s
        join public.deals d on d.id = s.deal_id
       where d.customer_id = ${c.id} order by s.changed_at`);
    expect(changes).toEqual([
      { from_stage: null, to_stage: 'quote', customer_id: c.id },
      { from_stage: 'quote', to_stage: 'needs', customer_id: c.id },
    ]);
    const [deal] = await withDb((sql) => sql<{ stage: string }[]>`select stage from public.deals where customer_id = ${c.id}`);
    expect(deal!.stage).toBe('needs');

    // Seed 000: going back from quote to needs analysis is what a dependent customer does.
    const profile = await profileWhen(c.id, (p) => (p.reasons.relationship ?? []).some((r) => r.rule === 'relationship.stage_regression'));
    await chipBecomes(page, 'relationship', profile.relationship_type);
    await page.getByTestId('chip-relationship').click();
    const why = page.getByRole('dialog', { name: /关系类型/ });
    await expect(why.getByTestId('sheet-reasons')).toContainText('销售阶段退回 1 次');
    await page.goBack();
    await expect(why).toBeHidden();
  });

  test('add a manual tag and remove it: both show on the timeline, with who did it', async ({ page }) => {
    const c = await pickCustomer(REP);
    const tag = `爱喝茶${suffix()}`;
    await signInAndWaitForCustomers(page, REP);
    await page.goto(`/customers/${c.id}`);

    await page.getByTestId('action-tag').click();
    await expect(page).toHaveURL(/\?action=tag$/);
    const sheet = page.getByRole('dialog', { name: '客户标签' });
    await sheet.getByLabel('添加标签').fill(`#${tag}`);
    await sheet.getByRole('button', { name: '添加', exact: true }).click();
    await expect(sheet.getByTestId('manual-tags')).toContainText(`#${tag}`);
    await expect(sheet).toBeVisible(); // stays open for the next change
    await page.screenshot({ path: `${SCREENS}/timeline-tag-sheet-zh.png`, animations: 'disabled' });
    await expect(page.getByTestId('fact-tags').locator('[data-kind=manual]')).toContainText(tag);
    const [row] = await withDb((sql) => sql<{ kind: string; created_by: string }[]>`
      select t.kind, t.created_by from public.customer_tags t where t.customer_id = ${c.id} and t.tag = ${tag}`);
    expect(row?.kind).toBe('manual');

    await sheet.getByRole('button', { name: `移除标签 ${tag}` }).click();
    await expect(sheet.getByText(`#${tag}`)).toHaveCount(0);
    await page.goBack();
    await expect(sheet).toBeHidden();
    const [removed, added] = await page.getByTestId('timeline-tag').all();
    await expect(removed!).toContainText(`移除了标签 #${tag}`);
    await expect(added!).toContainText(`添加了标签 #${tag}`);
    const [n] = await withDb((sql) => sql<{ n: number }[]>`select count(*)::int as n from public.customer_tags where customer_id = ${c.id} and tag = ${tag}`);
    expect(n!.n).toBe(0);
  });

  test('a survey comment with markup is shown as text, never run', async ({ page }) => {
    const c = await createLead(REP, `问卷客户${suffix()}`);
    const comment = '<script>window.__pwned = 1</script><b>服务很好</b>';
    await withDb(async (sql) => {
      const [s] = await sql<{ id: string; org_id: string }[]>`
        insert into public.surveys (org_id, customer_id, answered_at)
        select org_id, id, now() from public.customers where id = ${c.id} returning id, org_id`;
      await sql`insert into public.survey_responses (org_id, survey_id, customer_id, nps, csat, comment)
                values (${s!.org_id}, ${s!.id}, ${c.id}, 6, 3, ${comment})`;
    });
    await signInAndWaitForCustomers(page, REP);
    await page.goto(`/customers/${c.id}`);
    const survey = page.getByTestId('timeline-survey');
    await expect(survey.getByTestId('timeline-survey-comment')).toHaveText(comment);
    await expect(survey.locator('b, script')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test('load older: a long history pages in, day by day, without repeats', async ({ page }) => {
    const c = await createLead(REP, `老客户${suffix()}`);
    // 45 visits, one every 7 hours back from an hour ago: more than one page, several per day
    await withDb((sql) => sql`
      insert into public.interactions (id, org_id, customer_id, rep_id, kind, occurred_at, note)
      select gen_random_uuid(), c.org_id, c.id, c.owner_id, 'visit', now() - interval '1 hour' - n * interval '7 hours', '第' || (45 - n) || '次拜访'
        from public.customers c, generate_series(0, 44) n where c.id = ${c.id}`);
    await signInAndWaitForCustomers(page, REP);
    await page.goto(`/customers/${c.id}`);
    await expect(page.getByTestId('timeline-entry')).toHaveCount(30);
    await page.getByTestId('timeline-older').click();
    await expect(page.getByTestId('timeline-entry')).toHaveCount(45);
    await expect(page.getByTestId('timeline-end')).toBeVisible();
    const notes = await page.getByTestId('timeline-item').allTextContents();
    expect(new Set(notes).size).toBe(45);
    expect(notes[0]).toContain('第45次拜访');
    expect(notes[44]).toContain('第1次拜访');
    // A day split across the two pages keeps one date heading.
    const headings = await page.locator('[data-testid=timeline-day] > h3').allTextContents();
    expect(new Set(headings).size).toBe(headings.length);
    await page.getByTestId('timeline-end').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENS}/timeline-older-zh.png` });
  });

  test('the timeline in Chinese and in English', async ({ page, context }) => {
    const c = await pickCustomer(REP);
    await signInAndWaitForCustomers(page, REP);
    await page.goto(`/customers/${c.id}`);
    await expect(page.getByTestId('timeline-entry').first()).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/timeline-zh.png`, fullPage: true });

    await context.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: page.url() }]);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible();
    await expect(page.getByTestId('action-order')).toHaveText('Order');
    await page.screenshot({ path: `${SCREENS}/timeline-en.png`, fullPage: true });
  });
});

test.describe('action endpoints refuse what they must', () => {
  test('bad input is 400 with a Chinese message per field, and nothing is stored', async ({ page }) => {
    const c = await createLead(REP, `坏输入${suffix()}`);
    await signInAndWaitForCustomers(page, REP);
    const post = (url: string, data: unknown) => page.request.post(url, { data });

    let res = await post('/api/orders', { customer_id: c.id, amount: -5 });
    expect(res.status()).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_input', message: { zh: '请检查输入内容' }, fields: { amount: { zh: '金额不能小于 0.01' } } });
    res = await post('/api/orders', { customer_id: c.id, amount: 'abc' });
    expect(res.status()).toBe(400);
    expect((await res.json()).fields.amount).toEqual({ zh: '金额必须是数字', en: 'Amount must be a number' });
    res = await post('/api/orders', { customer_id: c.id, amount: 10, kind: 'gift' });
    expect((await res.json()).fields.kind.zh).toBe('订单类型只能是以下之一：product, service');

    const open = await post('/api/deals', { customer_id: c.id, title: '试用' });
    expect(open.status()).toBe(201);
    const { id: dealId } = (await open.json()) as { id: string };
    res = await post(`/api/deals/${dealId}/stage`, { to_stage: 'signed' });
    expect(res.status()).toBe(400);
    expect((await res.json()).fields.to_stage.zh).toBe('目标阶段只能是以下之一：needs, demo, quote, contract, won, lost');
    res = await post('/api/deals', { customer_id: c.id, stage: 'maybe' });
    expect(res.status()).toBe(400);
    expect((await res.json()).fields.stage.zh).toBe('阶段只能是以下之一：needs, demo, quote, contract, won, lost');

    res = await post(`/api/customers/${c.id}/tags`, { tag: '长'.repeat(100) });
    expect(res.status()).toBe(400);
    expect((await res.json()).fields.tag).toEqual({ zh: '标签太长了（最多 20 个字）', en: 'Tag is too long (at most 20 characters)' });
    res = await page.request.delete(`/api/customers/${c.id}/tags`, { data: { tag: '' } });
    expect(res.status()).toBe(400);

    res = await post('/api/deals/not-an-id/stage', { to_stage: 'demo' });
    expect(res.status()).toBe(404);

    const [counts] = await withDb((sql) => sql<{ orders: number; tags: number; stage: string; changes: number }[]>`
      select (select count(*)::int from public.orders where customer_id = ${c.id}) as orders,
             (select count(*)::int from public.customer_tags where customer_id = ${c.id} and kind = 'manual') as tags,
             (select stage::text from public.deals where id = ${dealId}) as stage,
             (select count(*)::int from public.deal_stage_changes where deal_id = ${dealId}) as changes`);
    expect(counts).toEqual({ orders: 0, tags: 0, stage: 'needs', changes: 1 });
  });

  test("another rep's customer is 403 everywhere, and nothing is stored", async ({ page }) => {
    const other = await pickCustomer(REP2);
    const [deal] = await withDb((sql) => sql<{ id: string; stage: string }[]>`
      select d.id, d.stage from public.deals d join public.customers c on c.id = d.customer_id
        join public.members m on m.user_id = c.owner_id where m.email = ${REP2} order by d.id limit 1`);
    const before = await withDb((sql) => sql<{ orders: number; deals: number; tags: number }[]>`
      select (select count(*)::int from public.orders where customer_id = ${other.id}) as orders,
             (select count(*)::int from public.deals where customer_id = ${other.id}) as deals,
             (select count(*)::int from public.customer_tags where customer_id = ${other.id} and kind = 'manual') as tags`);
    await signInAndWaitForCustomers(page, REP);
    const post = (url: string, data: unknown) => page.request.post(url, { data });

    let res = await post('/api/orders', { customer_id: other.id, amount: 100 });
    expect(res.status()).toBe(403);
    expect((await res.json()).message.zh).toContain('不在你的负责范围内');
    res = await post('/api/deals', { customer_id: other.id, title: '越权' });
    expect(res.status()).toBe(403);
    res = await post(`/api/deals/${deal!.id}/stage`, { to_stage: deal!.stage === 'lost' ? 'won' : 'lost' });
    expect(res.status()).toBe(403);
    expect((await res.json()).message.zh).toContain('你不能修改这个商机');
    res = await post(`/api/customers/${other.id}/tags`, { tag: '越权' });
    expect(res.status()).toBe(403);
    res = await page.request.delete(`/api/customers/${other.id}/tags`, { data: { tag: '越权' } });
    expect(res.status()).toBe(403);

    const after = await withDb((sql) => sql<{ orders: number; deals: number; tags: number }[]>`
      select (select count(*)::int from public.orders where customer_id = ${other.id}) as orders,
             (select count(*)::int from public.deals where customer_id = ${other.id}) as deals,
             (select count(*)::int from public.customer_tags where customer_id = ${other.id} and kind = 'manual') as tags`);
    expect(after).toEqual(before);
    const [still] = await withDb((sql) => sql<{ stage: string }[]>`select stage from public.deals where id = ${deal!.id}`);
    expect(still!.stage).toBe(deal!.stage);
  });

  test('signed out is 401', async ({ request }) => {
    const c = await pickCustomer(REP);
    const res = await request.post('/api/orders', { data: { customer_id: c.id, amount: 1 } });
    expect(res.status()).toBe(401);
  });
});
