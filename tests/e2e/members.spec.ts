// Admins add members from the phone: the new rep can sign in at once; others are refused.
import { expect, test } from '@playwright/test';
import { SCREENS, signIn, signInAndWaitForCustomers } from './helpers/app.ts';
import { waitForOrgRecompute } from './helpers/db.ts';

test('an admin adds a rep, who can then sign in; bad input gets field messages', async ({ page, browser }) => {
  await signInAndWaitForCustomers(page, 'admin@demo.crystal');
  await page.goto('/me');
  await page.getByTestId('members-link').click();
  await page.waitForURL('**/me/members');
  await expect(page.getByTestId('member-list').locator('li')).toHaveCount(9);

  const form = page.getByTestId('add-member-form');
  // Bad input first: empty name, a 5-digit phone, a short password.
  await form.locator('input[name=phone]').fill('12345');
  await form.locator('input[name=password]').fill('short');
  await form.getByRole('button', { name: '添加' }).click();
  await expect(form.getByText('请输入 11 位手机号')).toBeVisible();
  await expect(form.getByText('密码至少 8 位')).toBeVisible();
  await expect(page.getByTestId('member-list').locator('li')).toHaveCount(9);

  const phone = `137${String(Date.now()).slice(-8)}`;
  await form.locator('input[name=display_name]').fill('孙新人');
  await form.locator('input[name=phone]').fill(phone);
  await form.locator('input[name=password]').fill('welcome-2026');
  await form.getByRole('button', { name: '添加' }).click();
  await expect(form.getByText('已添加 孙新人')).toBeVisible();
  await expect(page.getByTestId('member-list')).toContainText('孙新人');
  await page.screenshot({ path: `${SCREENS}/members-zh.png`, fullPage: true });

  // The same phone again is a duplicate, not a 500.
  await form.locator('input[name=display_name]').fill('重复');
  await form.locator('input[name=phone]').fill(phone);
  await form.locator('input[name=password]').fill('welcome-2026');
  await form.getByRole('button', { name: '添加' }).click();
  await expect(form.getByText('该手机号或邮箱已被使用')).toBeVisible();

  const fresh = await browser.newContext();
  const newcomer = await fresh.newPage();
  await signIn(newcomer, phone, 'welcome-2026');
  await expect(newcomer).toHaveURL(/\/customers/);
  await fresh.close();
});

test('a rep cannot manage members', async ({ page }) => {
  await signInAndWaitForCustomers(page, 'rep1@demo.crystal');
  await page.goto('/me');
  await expect(page.getByTestId('members-link')).toHaveCount(0);
  await page.goto('/me/members');
  await expect(page.getByText('仅管理员可以管理成员')).toBeVisible();
  await expect(page.getByTestId('add-member-form')).toHaveCount(0);
});

// Issue 12: the nightly run is incremental; the admin sees that it ran and how much it rewrote.
// Tried: admin in zh and en (the start-up run of the launcher's scheduler), a rep (no line).
test('the admin sees the last org recompute on 我; a rep does not', async ({ page, context }) => {
  await waitForOrgRecompute();
  await signInAndWaitForCustomers(page, 'admin@demo.crystal');
  await page.goto('/me');
  // the cell's title says what it is; its value, when and how much
  await expect(page.getByText('上次全组织重算')).toBeVisible();
  await expect(page.getByTestId('me-last-run')).toContainText(/\d+ 位客户 · 改写 \d+ 份画像/);
  await page.screenshot({ path: `${SCREENS}/me-admin-zh.png`, fullPage: true });
  await context.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: page.url() }]);
  await page.goto('/me');
  await expect(page.getByText('Last org recompute')).toBeVisible();
  await expect(page.getByTestId('me-last-run')).toContainText(/\d+ customers · \d+ profiles rewritten/);
  await page.screenshot({ path: `${SCREENS}/me-admin-en.png`, fullPage: true });
  await context.clearCookies();
  await signInAndWaitForCustomers(page, 'rep1@demo.crystal');
  await page.goto('/me');
  await expect(page.getByTestId('me-card')).toBeVisible();
  await expect(page.getByTestId('me-last-run')).toHaveCount(0);
});
