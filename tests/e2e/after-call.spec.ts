// Log after a call (issue 14), on a phone: the customer's number is a tel: link (the dialler);
// coming back to the app within 30 minutes offers 记一笔 for that customer, already set to 电话,
// and the log lands in the database through the outbox. The 怎么做 line opens each tag sheet.
// Chromium here has no dialler, so the test stops the tel: navigation itself and then tells the
// page it is visible again — what a phone does when the rep hangs up and switches back.
import { expect, test } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';
import { pickCustomer, waitForOrgRecompute, withDb } from './helpers/db.ts';

const REP = 'rep1@demo.crystal';

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  await waitForOrgRecompute();
});

test('tapping the number opens the dialler; back within 30 min, a sheet offers 记一笔 prefilled as a call', async ({ page }) => {
  const customer = await pickCustomer(REP);
  await signInAndWaitForCustomers(page, REP);
  await page.goto(`/customers/${customer.id}`);
  const call = page.getByTestId('call-button');
  await expect(call).toHaveAttribute('href', /^tel:\+?\d+$/);
  await page.evaluate(() =>
    window.addEventListener('click', (e) => {
      if ((e.target as Element).closest('a[href^="tel:"]')) e.preventDefault();
    }),
  );
  await call.click();
  // a dial cancelled at once (back within 3 s) offers nothing
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(page.getByTestId('reminder-log-sheet')).toHaveCount(0);
  await page.waitForTimeout(3200);
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  const sheet = page.getByTestId('reminder-log-sheet');
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('刚才的通话，记一笔');
  await expect(sheet).toContainText(customer.name);
  await expect(sheet.getByRole('radio', { name: '电话' })).toBeChecked();
  await page.screenshot({ path: `${SCREENS}/after-call-390.png` });
  const note = `通话后记录 ${Date.now() % 100_000}`;
  await sheet.getByRole('textbox', { name: '备注' }).fill(note);
  await sheet.getByTestId('log-submit').click();
  await expect(sheet).toHaveCount(0);
  await expect
    .poll(() => withDb(async (sql) => (await sql`select kind::text as kind from public.interactions where note = ${note} and customer_id = ${customer.id}`).map((r) => r.kind)), {
      timeout: 20_000,
    })
    .toEqual(['call']);
  // offered once: showing the page again offers nothing
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
  await expect(page.getByTestId('reminder-log-sheet')).toHaveCount(0);
});

test('each relationship / lifecycle chip opens a sheet that says what to do first, then the evidence', async ({ page }) => {
  const customer = await pickCustomer(REP);
  await signInAndWaitForCustomers(page, REP);
  await page.goto(`/customers/${customer.id}`);
  for (const dim of ['relationship', 'lifecycle']) {
    await page.getByTestId(`chip-${dim}`).first().click();
    const sheet = page.getByTestId('dimension-sheet');
    await expect(sheet.getByTestId('sheet-advice')).not.toBeEmpty();
    await expect(sheet.getByTestId('sheet-reasons')).not.toContainText('特征得分');
    await page.screenshot({ path: `${SCREENS}/sheet-${dim}-390.png` });
    await page.goBack();
    await expect(sheet).toHaveCount(0);
  }
});
