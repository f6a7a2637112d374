// The Customers tab on a phone: pinyin search, tag filter chips, sorts, and creating / editing a
// customer. Ground truth comes from the e2e database (helpers/db.ts), read as the superuser with
// the rep's scope (own customers) applied by hand.
import { expect, type Page, test } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers, totalOnScreen } from './helpers/app.ts';
import { waitForOrgRecompute, withDb } from './helpers/db.ts';

const REP = 'rep1@demo.crystal';

/** The customer ids of the rows on screen, in order. */
async function idsOnScreen(page: Page): Promise<string[]> {
  const hrefs = await page.getByTestId('customer-row').locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((h) => h.replace('/customers/', ''));
}

async function repId(email: string): Promise<string> {
  return withDb(async (sql) => (await sql<{ user_id: string }[]>`select user_id from public.members where email = ${email}`)[0]!.user_id);
}

test.beforeAll(async () => {
  test.setTimeout(150_000);
  await waitForOrgRecompute(); // filters and "by priority" read the computed profiles
});

test('search by pinyin initials finds the customer', async ({ page }) => {
  const owner = await repId(REP);
  // A customer of rep 1 whose initials (e.g. 'wgx' for 王桂欣) pick out few customers.
  const { name, initials, truth } = await withDb(async (sql) => {
    const [c] = await sql<{ name: string; initials: string }[]>`
      select name, split_part(search_pinyin, ' ', 2) as initials from public.customers
       where owner_id = ${owner} and merged_into is null and char_length(name) = 3
       order by external_id limit 1`;
    const pattern = `%${c!.initials}%`;
    const [n] = await sql<{ n: number }[]>`
      select count(*)::int as n from public.customers
       where owner_id = ${owner} and merged_into is null
         and (search_pinyin like ${pattern} or name ilike ${pattern} or company ilike ${pattern} or phone like ${pattern})`;
    return { name: c!.name, initials: c!.initials, truth: n!.n };
  });
  expect(initials).toMatch(/^[a-z]{3}$/);

  await signInAndWaitForCustomers(page, REP);
  await page.screenshot({ path: `${SCREENS}/customers-list-zh.png` });
  await page.getByRole('searchbox').fill(initials);
  await page.getByRole('searchbox').press('Enter');
  await page.waitForURL(new RegExp(`q=${initials}`));
  await expect(page.getByTestId('customer-name').filter({ hasText: name }).first()).toBeVisible();
  expect(await totalOnScreen(page)).toBe(truth);
  await page.screenshot({ path: `${SCREENS}/customers-search-pinyin-zh.png` });
});

test('the 忠诚型 chip shows only loyal customers, and the filters live in the URL', async ({ page }) => {
  const owner = await repId(REP);
  const loyal = await withDb(async (sql) =>
    (await sql<{ id: string }[]>`
      select c.id from public.customers c join public.customer_profiles p on p.customer_id = c.id
       where c.owner_id = ${owner} and c.merged_into is null and p.relationship_type = 'loyal'`).map((r) => r.id));
  expect(loyal.length).toBeGreaterThan(0);

  await signInAndWaitForCustomers(page, REP);
  const all = await totalOnScreen(page);
  await page.getByTestId('customer-filters').getByRole('link', { name: '忠诚型' }).click();
  await page.waitForURL(/rel=loyal/);
  await expect(page.getByTestId('customer-filters').getByRole('link', { name: '忠诚型' })).toHaveAttribute('aria-current', 'true');
  expect(await totalOnScreen(page)).toBe(loyal.length);
  const shown = await idsOnScreen(page);
  expect(shown.length).toBe(Math.min(50, loyal.length));
  for (const id of shown) expect(loyal).toContain(id);
  // Every row carries the chip it was filtered by.
  await expect(page.getByTestId('customer-row').filter({ hasNotText: '忠诚型' })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/customers-filter-loyal-zh.png` });

  // Narrow further with another dimension, then step back with the phone's back button.
  await page.getByTestId('customer-filters').getByRole('link', { name: '高价值客户' }).click();
  await page.waitForURL(/rel=loyal.*value=high|value=high.*rel=loyal/);
  const both = await withDb(async (sql) =>
    (await sql<{ n: number }[]>`
      select count(*)::int as n from public.customers c join public.customer_profiles p on p.customer_id = c.id
       where c.owner_id = ${owner} and c.merged_into is null and p.relationship_type = 'loyal' and p.value_tier = 'high'`)[0]!.n);
  await expect.poll(() => totalOnScreen(page)).toBe(both);
  await page.goBack();
  await page.waitForURL(/\?rel=loyal$/);
  await expect.poll(() => totalOnScreen(page)).toBe(loyal.length);
  await page.getByTestId('clear-filters').click();
  await page.waitForURL(/\/customers$/);
  await expect.poll(() => totalOnScreen(page)).toBe(all);
});

test('by priority (default) and by last contact, the order is the database\'s', async ({ page }) => {
  const owner = await repId(REP);
  const [byPriority, byContact] = await withDb(async (sql) => [
    (await sql<{ id: string }[]>`
      select c.id from public.customers c join public.customer_profiles p on p.customer_id = c.id
       where c.owner_id = ${owner} and c.merged_into is null
       order by p.priority desc, c.id desc limit 50`).map((r) => r.id),
    (await sql<{ id: string }[]>`
      select c.id from public.customers c
       where c.owner_id = ${owner} and c.merged_into is null
       order by (select max(i.occurred_at) from public.interactions i where i.customer_id = c.id) desc nulls last, c.id desc
       limit 50`).map((r) => r.id),
  ]);

  await signInAndWaitForCustomers(page, REP);
  await expect(page.getByTestId('customer-sort').getByRole('link', { name: '优先级' })).toHaveAttribute('aria-current', 'true');
  expect(await idsOnScreen(page)).toEqual(byPriority);

  await page.getByTestId('customer-sort').getByRole('link', { name: '最近联系' }).click();
  await page.waitForURL(/sort=contact/);
  await expect.poll(() => idsOnScreen(page)).toEqual(byContact);
  await page.screenshot({ path: `${SCREENS}/customers-sort-contact-zh.png` });
});

test('create a customer: field messages, duplicate number, then the customer page; edit it', async ({ page }) => {
  const owner = await repId(REP);
  const existing = await withDb(async (sql) =>
    (await sql<{ name: string; phone: string }[]>`
      select name, phone from public.customers where owner_id = ${owner} and phone is not null order by external_id limit 1`)[0]!);

  await signInAndWaitForCustomers(page, REP);
  await page.getByTestId('new-customer').click();
  await page.waitForURL('**/customers/new');
  await expect(page.getByRole('heading', { level: 1, name: '新建客户' })).toBeVisible();
  // A rep's customers are their own: no owner picker.
  await expect(page.getByTestId('field-owner_id')).toHaveCount(0);

  // Empty name and a number that is not one: both say what is wrong, in Chinese.
  await page.getByLabel('电话').fill('12345');
  await page.getByTestId('customer-submit').click();
  await expect(page.getByTestId('field-name-error')).toHaveText('请填写客户姓名');
  await expect(page.getByTestId('field-phone-error')).toHaveText('请输入有效的手机号（11 位）或带区号的座机号');
  await expect(page.getByTestId('form-error')).toHaveText('请修改标红的内容后再保存');
  await expect(page).toHaveURL(/\/customers\/new$/);
  await page.screenshot({ path: `${SCREENS}/customers-new-errors-zh.png` });

  // Someone's number: a warning that names them, and "save anyway".
  await page.getByLabel('姓名').fill('欧阳晓芸');
  await page.getByLabel('公司').fill('杭州恒远科技有限公司');
  await page.getByLabel('电话').fill(`+86 ${existing.phone}`);
  await expect(page.getByTestId('field-name-error')).toHaveCount(0);
  await page.getByTestId('customer-submit').click();
  await expect(page.getByTestId('duplicate-warning')).toContainText(`这个号码已经是客户「${existing.name}」的电话`);
  await page.screenshot({ path: `${SCREENS}/customers-duplicate-zh.png` });

  // A new number in full-width digits (a Chinese IME): stored normalised.
  await page.getByLabel('电话').fill('１３９ ８８００ ７７１７');
  await expect(page.getByTestId('duplicate-warning')).toHaveCount(0);
  await page.getByText('个人客户').click();
  await expect(page.getByRole('radio', { name: '个人客户' })).toBeChecked();
  await page.getByTestId('customer-submit').click();
  await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('customer-title')).toHaveText('欧阳晓芸');
  const id = page.url().split('/').pop()!;
  const row = await withDb(async (sql) =>
    (await sql`select name, company, phone, kind, owner_id, search_pinyin from public.customers where id = ${id}`)[0]!);
  expect(row).toEqual({
    name: '欧阳晓芸', company: '杭州恒远科技有限公司', phone: '13988007717', kind: 'b2c', owner_id: owner,
    search_pinyin: 'ouyangxiaoyun oyxy hangzhouhengyuankejiyouxiangongsi hzhykjyxgs',
  });

  // Edit: the form comes filled in; the change shows on the customer's page.
  await page.getByTestId('edit-customer').click();
  await page.waitForURL(`**/customers/${id}/edit`);
  await expect(page.getByLabel('姓名')).toHaveValue('欧阳晓芸');
  await expect(page.getByLabel('电话')).toHaveValue('13988007717');
  await page.getByLabel('公司').fill('');
  await page.getByLabel('地区').fill('浙江·杭州');
  await page.screenshot({ path: `${SCREENS}/customers-edit-zh.png` });
  await page.getByTestId('customer-submit').click();
  await page.waitForURL(`**/customers/${id}`);
  await expect(page.getByText('浙江·杭州')).toBeVisible();
  expect(await withDb(async (sql) => (await sql`select company, region from public.customers where id = ${id}`)[0])).toEqual({
    company: null, region: '浙江·杭州',
  });
  // "Back" from the customer's page skips the form it came from.
  await page.goBack();
  await expect(page).not.toHaveURL(/\/edit$/);

  // The new customer is found by pinyin initials.
  await page.goto('/customers?q=oyxy');
  await expect(page.getByTestId('customer-name')).toHaveText(['欧阳晓芸']);
});

test('the server decides: an owner outside the manager\'s team is refused with a field message, input kept', async ({ page }) => {
  // Another team's rep: the picker never offers them, so forge the option the way a crafted request would.
  const outsider = await repId('rep4@demo.crystal');
  await signInAndWaitForCustomers(page, 'manager1@demo.crystal');
  await page.goto('/customers/new');
  const picker = page.getByTestId('field-owner_id').locator('select');
  await expect(picker.locator('option')).toHaveCount(4); // the manager and the three reps of 华东一组
  await page.getByLabel('姓名').fill('越权测试');
  // Last, right before submitting: a re-render of the controlled select would undo it.
  await picker.evaluate((el, id) => {
    const select = el as HTMLSelectElement;
    select.options[1]!.value = id;
    select.selectedIndex = 1;
  }, outsider);
  await page.getByTestId('customer-submit').click();
  await expect(page.getByTestId('field-owner_id-error')).toHaveText('只能选择你团队中的同事');
  await expect(page.getByLabel('姓名')).toHaveValue('越权测试');
  await expect(page).toHaveURL(/\/customers\/new$/);
  expect(await withDb(async (sql) => (await sql`select count(*)::int as n from public.customers where name = '越权测试'`)[0]!.n)).toBe(0);
});

test('English: the list chips and the form read in English', async ({ page, context }) => {
  await signInAndWaitForCustomers(page, 'manager1@demo.crystal');
  await context.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: page.url() }]);
  await page.goto('/customers?risk=1');
  await expect(page.getByTestId('customer-filters').getByRole('link', { name: 'At risk' })).toHaveAttribute('aria-current', 'true');
  await page.screenshot({ path: `${SCREENS}/customers-filter-risk-en.png` });
  await page.goto('/customers/new');
  // Managers hand customers to their team.
  await expect(page.getByTestId('field-owner_id')).toBeVisible();
  await page.getByTestId('customer-submit').click();
  await expect(page.getByTestId('field-name-error')).toHaveText("Enter the customer's name");
  await page.screenshot({ path: `${SCREENS}/customers-new-en.png` });
});
