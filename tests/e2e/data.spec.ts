// The data screen on a phone: an admin uploads a small CSV, sees the preview's errors (line +
// reason), fixes the file and imports it; reviews the duplicate pair the import made and merges
// it (the merged one's old URL then opens the kept one), undoes the merge, then says the pair is
// not duplicates. Reps get neither the screen nor the API. Checked against the
// database (superuser, bypassing RLS).
import { expect, test, type Page } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';
import { withDb } from './helpers/db.ts';

const HEADER = 'external_id,name,kind,industry,region,phone,email,company,owner,created_at';
const csv = (lines: string[]) => ({ name: 'my-customers.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + [HEADER, ...lines].join('\r\n') + '\r\n') });
const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

async function openDataScreen(page: Page) {
  await page.goto('/me');
  await page.getByTestId('data-link').click();
  await page.waitForURL('**/me/data');
  await expect(page.getByTestId('import-panel')).toBeVisible();
}

test('admin: preview errors → fix → import; merge the duplicate it made, then undo', async ({ page }) => {
  test.setTimeout(120_000);
  const run = String(Date.now()).slice(-7);
  // An existing customer of rep 1, whose number the new file repeats in full-width digits.
  const existing = await withDb(async (sql) => (await sql<{ id: string; name: string; phone: string }[]>`
    select c.id, c.name, c.phone from customers c join members m on m.user_id = c.owner_id
     where m.email = 'rep1@demo.crystal' and c.merged_into is null and c.phone ~ '^1[3-9][0-9]{9}$' order by c.name limit 1`)[0]!);
  const dupName = `重复客户${run}`;

  await signInAndWaitForCustomers(page, 'admin@demo.crystal');
  await openDataScreen(page);

  // 1. A file with two bad rows: nothing is written, each is named by line and reason.
  await page.getByTestId('import-files').setInputFiles(csv([
    `E2E${run}-1,${dupName},b2b,制造,华东,${fullWidth(existing.phone)},,,rep1@demo.crystal,2026-03-05`,
    `E2E${run}-2,坏类型${run},vip,,,,,,rep1@demo.crystal,`,
    `E2E${run}-3,坏日期${run},b2c,,,,,,rep1@demo.crystal,2026-02-30`,
  ]));
  await expect(page.getByTestId('import-file-list')).toContainText('客户');
  await expect(page.getByTestId('import-file-list')).toContainText('3 行');
  await page.getByTestId('import-preview').click();
  const errors = page.getByTestId('import-errors');
  await expect(errors).toContainText('2 处问题，什么都没有写入');
  await expect(page.getByTestId('import-error')).toHaveCount(2);
  await expect(page.getByTestId('import-error').nth(0)).toContainText('第 3 行');
  await expect(page.getByTestId('import-error').nth(0)).toContainText('只能是 b2b 或 b2c');
  await expect(page.getByTestId('import-error').nth(1)).toContainText('第 4 行');
  await expect(page.getByTestId('import-error').nth(1)).toContainText('不是日期');
  await expect(page.getByTestId('import-commit')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/data-preview-errors.png` });
  const written = () => withDb(async (sql) => (await sql`select count(*)::int as n from customers where external_id like ${`E2E${run}-%`}`)[0]!.n);
  expect(await written()).toBe(0);

  // 2. Fixed file: the preview passes and sees the duplicate; import shows progress, then done.
  await page.getByTestId('import-files').setInputFiles(csv([
    `E2E${run}-1,${dupName},b2b,制造,华东,${fullWidth(existing.phone)},,,rep1@demo.crystal,2026-03-05`,
    `E2E${run}-2,好类型${run},b2b,,,,,,rep1@demo.crystal,`,
    `E2E${run}-3,好日期${run},b2c,,,,,,rep1@demo.crystal,2026-02-28`,
  ]));
  await page.getByTestId('import-preview').click();
  await expect(page.getByTestId('import-ready')).toContainText('检查通过：3 行可以导入');
  await expect(page.getByTestId('import-ready')).toContainText('1 对可能是重复客户');
  expect(await written()).toBe(0);
  await page.getByTestId('import-commit').click();
  await expect(page.getByTestId('import-done')).toContainText('已导入 3 行');
  expect(await written()).toBe(3);

  // 3. The pair is listed with why; keep the existing customer, merge the new one into it.
  const pair = page.getByTestId('dup-pair').filter({ hasText: dupName });
  await expect(pair).toHaveCount(1);
  await page.screenshot({ path: `${SCREENS}/data-imported.png` });
  await expect(pair.getByTestId('dup-reason')).toHaveText(['手机号相同']);
  await pair.locator('div', { hasText: existing.name }).getByTestId('dup-keep').last().click();
  await expect(pair.getByTestId('dup-confirm')).toContainText(`把“${dupName}”合并进“${existing.name}”`);
  // Side by side (issue 15 item 6): the rows where the two differ are marked — here at least the
  // history (the imported one has none) and the day each was added.
  const compare = pair.getByTestId('dup-compare');
  await expect(compare).toContainText('最近联系');
  expect(await compare.getByTestId('dup-differs').count()).toBeGreaterThanOrEqual(2);
  await pair.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/data-merge-confirm.png` });
  await pair.getByTestId('dup-merge').click();
  await expect(page.getByTestId('dup-pair').filter({ hasText: dupName })).toHaveCount(0);
  const mergedRow = page.getByTestId('merge-row').filter({ hasText: dupName }).first();
  await expect(mergedRow).toContainText(`“${dupName}”并入“${existing.name}”`);
  const mergedInto = () => withDb(async (sql) => (await sql`select merged_into from customers where external_id = ${`E2E${run}-1`}`)[0]!.merged_into);
  expect(await mergedInto()).toBe(existing.id);
  await mergedRow.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/data-merged.png` });
  // The merged customer's old page (a bookmark, a shared link) now opens the kept one.
  const dupId = await withDb(async (sql) => (await sql`select id from customers where external_id = ${`E2E${run}-1`}`)[0]!.id as string);
  const old = await page.context().newPage();
  const visit = await old.goto(`/customers/${dupId}`);
  expect(visit!.status()).toBe(200);
  await expect(old).toHaveURL(new RegExp(`/customers/${existing.id}$`));
  await expect(old.getByTestId('customer-title')).toContainText(existing.name);
  await old.close();

  // 4. Undo: both customers are back, the pair too.
  await mergedRow.getByTestId('merge-undo').click();
  await expect(mergedRow).toContainText('已撤销');
  expect(await mergedInto()).toBeNull();
  await expect(page.getByTestId('dup-pair').filter({ hasText: dupName })).toHaveCount(1);

  // 4b. "Not duplicates": asked once, then the pair is gone for good (reloaded: still gone).
  const again = page.getByTestId('dup-pair').filter({ hasText: dupName });
  await again.getByTestId('dup-not').click();
  await expect(again.getByTestId('dup-not-confirm')).toContainText(`不是同一位客户`);
  await again.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/data-not-duplicates.png` });
  await again.getByTestId('dup-not-ok').click();
  await expect(page.getByTestId('dup-pair').filter({ hasText: dupName })).toHaveCount(0);
  const dismissed = await withDb(async (sql) => (await sql`select count(*)::int as n from duplicate_dismissals
    where ${dupId} in (customer_a, customer_b) and ${existing.id} in (customer_a, customer_b)`)[0]!.n);
  expect(dismissed).toBe(1);
  await page.reload();
  await expect(page.getByTestId('import-panel')).toBeVisible();
  await expect(page.getByTestId('dup-pair').filter({ hasText: dupName })).toHaveCount(0);

  // 5. Export (same filters as the list): a UTF-8 BOM CSV with the imported customer in it.
  const res = await page.request.get(`/api/customers/export?q=${encodeURIComponent(dupName)}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toContain('text/csv');
  const body = await res.body();
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = body.toString('utf8');
  expect(text.split('\r\n')[0]).toContain('external_id,name,kind');
  expect(text).toContain(`E2E${run}-1,${dupName}`);
  expect(text.trim().split(/\r?\n/)).toHaveLength(2);
});

test('a large file shows progress while it is checked; the preview reads in English too', async ({ page, context }) => {
  test.setTimeout(120_000);
  await signInAndWaitForCustomers(page, 'manager1@demo.crystal');
  await context.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: page.url() }]);
  await openDataScreen(page);
  const run = String(Date.now()).slice(-7);
  const rows = Array.from({ length: 20_000 }, (_, i) => `BIG${run}-${i},大客户${i},b2b,,,,,,rep1@demo.crystal,`);
  rows[19_998] = `BIG${run}-19998,别组客户,b2b,,,,,,rep4@demo.crystal,`; // team 2's rep: not manager 1's to assign
  await page.getByTestId('import-files').setInputFiles(csv(rows));
  await expect(page.getByTestId('import-file-list')).toContainText('20,000 rows');
  await page.getByTestId('import-preview').click();
  // The server reports rows done after each 5,000-row chunk.
  await expect(page.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^(5|10|15|20)000$/, { timeout: 60_000 });
  await page.screenshot({ path: `${SCREENS}/data-progress-en.png` });
  await expect(page.getByTestId('import-errors')).toContainText('1 problem — nothing was written', { timeout: 60_000 });
  await expect(page.getByTestId('import-error')).toContainText('Line 20000');
  await expect(page.getByTestId('import-error')).toContainText('"rep4@demo.crystal" is not in your team');
  await page.screenshot({ path: `${SCREENS}/data-preview-errors-en.png` });
  expect(await withDb(async (sql) => (await sql`select count(*)::int as n from customers where external_id like ${`BIG${run}-%`}`)[0]!.n)).toBe(0);
});

test('a rep gets neither the data screen nor the import API', async ({ page }) => {
  await signInAndWaitForCustomers(page, 'rep1@demo.crystal');
  await expect(page.getByTestId('export-list')).toHaveCount(0);
  await page.goto('/me');
  await expect(page.getByTestId('me-name')).toBeVisible();
  await expect(page.getByTestId('data-link')).toHaveCount(0);
  await page.goto('/me/data');
  await expect(page.getByText('只有主管和管理员可以导入、合并和导出数据。')).toBeVisible();
  const status = await page.evaluate(async (header) => {
    const r = await fetch('/api/import', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dry: true, files: [{ file: 'customers.csv', text: `${header}\nX,x,b2b,,,,,,rep1@demo.crystal,\n` }] }),
    });
    return { status: r.status, body: (await r.json()) as { message: { zh: string } } };
  }, HEADER);
  expect(status.status).toBe(403);
  expect(status.body.message.zh).toContain('只有主管和管理员');
  expect((await page.request.get('/api/customers/export')).status()).toBe(403);
});
