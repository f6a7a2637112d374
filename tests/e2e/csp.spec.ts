// The Content-Security-Policy (issue 13 finding 10) in a real Chromium: the app still works under
// it — scripts run (client state, the JS sign-in, client navigation), the JS-free survey page
// renders — and the browser reports no violation on any screen visited, in zh-CN and en.
// Screens: tests/e2e/.screens/csp-*.png (390×844).
import { expect, type Page, test } from '@playwright/test';
import { SCREENS, signIn } from './helpers/app.ts';
import { withDb } from './helpers/db.ts';

const REP = 'rep1@demo.crystal';

/** Every CSP violation and console complaint the page reports, from the first script on. */
async function watch(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return async () => [...problems, ...((await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? [])) as string[])];
}

for (const locale of ['zh-CN', 'en'] as const) {
  test(`the app works under the CSP with no violations (${locale})`, async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: baseURL! }]);
    const violations = await watch(page);
    await page.goto('/login');
    const csp = (await page.request.get('/login')).headers()['content-security-policy'];
    expect(csp).toContain("'strict-dynamic'");
    // Client state works: the show-password toggle is React.
    const password = page.getByLabel(/^(密码|Password)$/);
    await password.fill('x');
    await page.getByRole('button', { name: /显示密码|Show password/ }).click();
    await expect(password).toHaveAttribute('type', 'text');
    await page.screenshot({ path: `${SCREENS}/csp-login-${locale}.png` });

    await signIn(page, REP);
    await page.waitForURL('**/customers');
    await expect(page.getByTestId('customer-total')).toBeVisible();
    await page.getByTestId('customer-name').first().click(); // client navigation
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}/);
    await page.screenshot({ path: `${SCREENS}/csp-customer-${locale}.png` });
    await page.getByRole('navigation').getByRole('link').last().click();
    await page.waitForURL('**/me');
    await expect(page.getByTestId('me-name')).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/csp-me-${locale}.png` });
    await page.getByTestId('password-link').click();
    await page.waitForURL('**/me/password');
    await page.screenshot({ path: `${SCREENS}/csp-password-${locale}.png` });
    expect(await violations()).toEqual([]);
  });
}

test('the JS-free survey page renders and submits under the CSP with no violations', async ({ page }) => {
  // A link straight in the database (the survey flow itself is tests/e2e/survey.spec.ts).
  const token = `csp${Date.now()}`.padEnd(24, 'x');
  await withDb(async (sql) => {
    const [c] = await sql<{ id: string; org_id: string; owner_id: string }[]>`
      select c.id, c.org_id, c.owner_id from public.customers c join public.members m on m.user_id = c.owner_id
       where m.email = ${REP} and c.merged_into is null order by c.id limit 1`;
    await sql`insert into public.surveys (org_id, customer_id, created_by, token_hash, expires_at)
              values (${c!.org_id}, ${c!.id}, ${c!.owner_id}, encode(sha256(convert_to(${token}, 'UTF8')), 'hex'), now() + interval '7 days')`;
  });
  const violations = await watch(page);
  const res = await page.goto(`/s/${token}`);
  expect(res!.status()).toBe(200);
  expect(res!.headers()['referrer-policy']).toBe('no-referrer');
  await page.screenshot({ path: `${SCREENS}/csp-survey.png` });
  expect(await violations()).toEqual([]);
});
