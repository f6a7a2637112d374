// Small page helpers shared by the e2e specs.
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'crystal123';
export const SCREENS = 'tests/e2e/.screens';

export async function signIn(page: Page, identifier: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel(/手机号或邮箱|Phone or e-mail/).fill(identifier);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
}

export async function signInAndWaitForCustomers(page: Page, identifier: string) {
  await signIn(page, identifier);
  await page.waitForURL('**/customers');
  await expect(page.getByTestId('customer-total')).toBeVisible();
}

/** Clicks "load more" until the list is complete, then returns every name shown, sorted. */
export async function allCustomerNamesOnScreen(page: Page): Promise<string[]> {
  const more = page.getByTestId('load-more');
  for (let i = 0; i < 100 && (await more.count()) > 0; i++) {
    const before = await page.getByTestId('customer-name').count();
    await more.click();
    await expect.poll(() => page.getByTestId('customer-name').count()).toBeGreaterThan(before);
  }
  return (await page.getByTestId('customer-name').allTextContents()).map((s) => s.trim()).sort();
}

export async function totalOnScreen(page: Page): Promise<number> {
  return Number(await page.getByTestId('customer-total').getAttribute('data-count'));
}
