// Issue 15 item 3, "forms refuse and keep", on a 390×844 phone in zh-CN and en: an untouched log
// sheet is refused with a clear message (nothing stored, the sheet stays open); a follow-up day in
// the past is refused, one in the future shows on the timeline bubble; an order over ¥10亿 states
// the limit; the add-member form keeps what was typed after a refusal. Also the API refuses an
// empty log and a past follow-up day with a 400 and zh/en words (what the outbox would show).
import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';
import { pickCustomer, withDb } from './helpers/db.ts';

const REP = 'rep1@demo.crystal';

const day = (offset: number) => {
  const d = new Date(Date.now() + offset * 86_400_000);
  return d.toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' }); // YYYY-MM-DD, the org's day
};
const count = (customerId: string) =>
  withDb(async (sql) => (await sql<{ n: number }[]>`select count(*)::int as n from public.interactions where customer_id = ${customerId}`)[0]!.n);

async function openLog(page: Page, customerId: string) {
  await page.goto(`/customers/${customerId}`);
  await page.getByTestId('quick-log-open').click();
  const sheet = page.getByTestId('quick-log-sheet');
  await expect(sheet.getByTestId('log-form')).toBeVisible();
  return sheet;
}

for (const locale of ['zh-CN', 'en'] as const) {
  const zh = locale === 'zh-CN';
  test(`log sheet (${locale}): empty refused, past follow-up refused, future follow-up on the bubble`, async ({ page, context }) => {
    const c = await pickCustomer(REP);
    await signInAndWaitForCustomers(page, REP);
    if (!zh) await context.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: page.url() }]);
    const before = await count(c.id);

    // Tried: save the untouched sheet.
    const sheet = await openLog(page, c.id);
    await sheet.getByTestId('log-submit').click();
    await expect(sheet.getByTestId('log-refusal')).toHaveText(zh ? '还什么都没记：请选择客户态度或认知，或写一句备注' : 'Nothing to save yet: pick their attitude or need, or write a note');
    await page.screenshot({ path: `${SCREENS}/log-empty-refused-${locale}.png`, animations: 'disabled' });
    // Filling something in clears the message.
    await sheet.getByText(zh ? '接纳' : 'Accepting', { exact: true }).click();
    await expect(sheet.getByTestId('log-refusal')).toHaveCount(0);

    // Tried: a follow-up day yesterday (typed, past the picker's min).
    const follow = sheet.locator('input[type=date]');
    await follow.fill(day(-1));
    await sheet.getByTestId('log-submit').click();
    await expect(sheet.getByTestId('log-refusal')).toHaveText(zh ? '跟进日期不能早于今天' : "The follow-up day can't be before today");
    // The follow-up field is not under the sticky save bar once focused.
    await follow.focus();
    const [field, bar] = await Promise.all([follow.boundingBox(), sheet.getByTestId('log-submit').boundingBox()]);
    expect(field!.y + field!.height).toBeLessThanOrEqual(bar!.y);
    expect(await count(c.id)).toBe(before);

    // A day in the future is fine and shows on the bubble.
    await follow.fill(day(3));
    const note = `跟进测试 ${Date.now()}`;
    await sheet.getByRole('textbox', { name: zh ? '备注' : 'Note' }).fill(note);
    await sheet.getByTestId('log-submit').click();
    await expect(sheet).toBeHidden();
    const bubble = page.getByTestId('timeline-item').filter({ hasText: note });
    await expect(bubble.getByTestId('timeline-follow-up')).toContainText(zh ? '跟进：' : 'Follow up: ');
    await page.screenshot({ path: `${SCREENS}/log-follow-up-bubble-${locale}.png`, animations: 'disabled' });
    await expect.poll(() => count(c.id)).toBe(before + 1);
  });
}

test('the API refuses an empty log and a follow-up day before the log\'s day (400, zh/en), storing nothing', async ({ page }) => {
  const c = await pickCustomer(REP);
  await signInAndWaitForCustomers(page, REP);
  const base = { customer_id: c.id, kind: 'visit', occurred_at: new Date().toISOString() };
  const empty = await page.request.post('/api/interactions', { data: { ...base, id: randomUUID() } });
  expect(empty.status()).toBe(400);
  expect((await empty.json()).fields.note).toMatchObject({ zh: expect.stringContaining('这条记录是空的'), en: expect.stringContaining('This log is empty') });
  const past = await page.request.post('/api/interactions', {
    data: { ...base, id: randomUUID(), attitude: 'accept', follow_up_at: new Date(Date.now() - 2 * 86_400_000).toISOString() },
  });
  expect(past.status()).toBe(400);
  expect((await past.json()).fields.follow_up_at).toMatchObject({ zh: '跟进日期不能早于记录当天' });
});

test('an order over ¥10亿 states the limit, not "请输入大于 0 的金额"', async ({ page }) => {
  const c = await pickCustomer(REP);
  await signInAndWaitForCustomers(page, REP);
  await page.goto(`/customers/${c.id}`);
  await page.getByTestId('action-order').click();
  const sheet = page.getByRole('dialog', { name: '记录一笔订单' });
  // Tried: two billion (one 0 too many on ¥2亿).
  await sheet.getByLabel('金额（元）').fill('2000000000');
  await sheet.getByRole('button', { name: '保存订单' }).click();
  await expect(sheet.getByText(/金额不能超过 10 亿元（¥1,000,000,000）/)).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/order-too-big-zh-CN.png`, animations: 'disabled' });
});

test('the add-member form keeps what was typed after a refusal', async ({ page }) => {
  await signInAndWaitForCustomers(page, 'admin@demo.crystal');
  await page.goto('/me/members');
  const form = page.getByTestId('add-member-form');
  // Tried: a good name and e-mail with a too-short password and a 5-digit phone.
  await form.locator('input[name=display_name]').fill('保留测试');
  await form.locator('input[name=email]').fill('keep@example.com');
  await form.locator('input[name=phone]').fill('12345');
  await form.locator('input[name=password]').fill('short');
  await form.locator('select[name=role]').selectOption('manager');
  await form.getByRole('button', { name: '添加' }).click();
  await expect(form.getByText('密码至少 8 位')).toBeVisible();
  await expect(form.locator('input[name=display_name]')).toHaveValue('保留测试');
  await expect(form.locator('input[name=email]')).toHaveValue('keep@example.com');
  await expect(form.locator('input[name=phone]')).toHaveValue('12345');
  await expect(form.locator('select[name=role]')).toHaveValue('manager');
  await page.screenshot({ path: `${SCREENS}/members-kept-zh-CN.png`, fullPage: true });
});
