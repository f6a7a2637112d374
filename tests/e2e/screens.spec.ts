// Screens for a human to look at (tests/e2e/.screens, git-ignored), beyond the ones the
// journey specs take: empty search, a long list, the desktop column. (The 提醒, 团队 and 洞察 tabs
// are real screens now, with their own specs.)
import { expect, test } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';

test('a rep typing /team gets a clear refusal', async ({ page }) => {
  await signInAndWaitForCustomers(page, 'rep4@demo.crystal');
  await page.goto('/team');
  await expect(page.getByText('仅主管和管理员可以查看此页面。')).toBeVisible();
});

test('empty search result', async ({ page }) => {
  await signInAndWaitForCustomers(page, 'rep1@demo.crystal');
  await page.goto('/customers?q=' + encodeURIComponent('不存在的客户名zzz'));
  await expect(page.getByTestId('empty-state')).toContainText('没有找到匹配的客户');
  await expect(page.getByTestId('customer-total')).toHaveAttribute('data-count', '0');
  await page.screenshot({ path: `${SCREENS}/customers-empty-search-zh.png` });
});

test('admin list after loading more', async ({ page }) => {
  await signInAndWaitForCustomers(page, 'admin@demo.crystal');
  await page.getByTestId('load-more').click();
  await expect(page.getByTestId('customer-row')).toHaveCount(100);
  await page.getByTestId('customer-row').nth(45).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/customers-admin-more-zh.png` });
});

test('desktop shows the phone column centred', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await signInAndWaitForCustomers(page, 'manager1@demo.crystal');
  await page.screenshot({ path: `${SCREENS}/customers-desktop-zh.png` });
  const box = await page.getByRole('navigation').boundingBox();
  expect(box?.width).toBeLessThanOrEqual(480);
  await context.close();
});
