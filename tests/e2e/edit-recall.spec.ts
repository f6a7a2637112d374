// Edit and recall, WeChat-style (issue 15 item 4), on a 390×844 phone in zh-CN and en: the rep
// logs twice, edits the first (编辑 → the log sheet with what was saved → 保存修改: the bubble shows the
// correction and 已编辑), recalls the second (撤回: only "你撤回了一条记录" stays, and the row is gone);
// their manager opens the customer and reads the edit history and the recall trace. The API
// refuses the edit and recall of a log older than 24 h with a zh/en reason.
import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';
import { pickCustomer, withDb } from './helpers/db.ts';

const REP = 'rep1@demo.crystal';
const MANAGER = 'manager1@demo.crystal';

async function logFromPage(page: Page, words: { doubt: string; vague: string; note: string; save: string }, note: string) {
  await page.getByTestId('quick-log-open').click();
  const sheet = page.getByTestId('quick-log-sheet');
  await sheet.getByText(words.doubt, { exact: true }).click();
  await sheet.getByText(words.vague, { exact: true }).click();
  await sheet.getByRole('textbox', { name: words.note }).fill(note);
  await sheet.getByTestId('log-submit').click();
  await expect(sheet).toBeHidden();
  // Stored (the outbox sent it) before it can be edited or recalled.
  await expect
    .poll(() => withDb(async (sql) => (await sql`select 1 from public.interactions where note = ${note}`).length), { timeout: 15_000 })
    .toBe(1);
  await page.reload();
}

for (const locale of ['zh-CN', 'en'] as const) {
  const zh = locale === 'zh-CN';
  const words = zh
    ? { doubt: '质疑', vague: '笼统', accept: '接纳', specific: '具体', note: '备注', save: '保存', edit: '编辑', recall: '撤回', saveEdit: '保存修改', edited: '已编辑', recalled: '你撤回了一条记录' }
    : { doubt: 'Doubting', vague: 'Vague', accept: 'Accepting', specific: 'Specific', note: 'Note', save: 'Save', edit: 'Edit', recall: 'Recall', saveEdit: 'Save changes', edited: 'Edited', recalled: 'You recalled a log' };

  test(`the author edits and recalls a log; the manager sees the history (${locale})`, async ({ page, context, browser }) => {
    // Two logs stored through the outbox, a reload each, and a second signed-in browser: longer than
    // the default minute on a shared 2-core box.
    test.setTimeout(240_000);
    const c = await pickCustomer(REP);
    await signInAndWaitForCustomers(page, REP);
    if (!zh) await context.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: page.url() }]);
    await page.goto(`/customers/${c.id}`);

    const first = `第一条 ${locale} ${Date.now()}`;
    await logFromPage(page, words, first);
    const bubble = page.getByTestId('timeline-item').filter({ hasText: first });
    const footer = page.getByTestId('timeline-log-footer').first();
    await expect(footer.getByTestId('log-recall')).toHaveText(words.recall);
    await page.screenshot({ path: `${SCREENS}/log-actions-${locale}.png`, animations: 'disabled' });

    // Edit: the sheet starts from what was saved.
    await footer.getByTestId('log-edit').click();
    const sheet = page.getByTestId('edit-log-sheet');
    await expect(sheet.getByRole('textbox', { name: words.note })).toHaveValue(first);
    await sheet.getByText(words.accept, { exact: true }).click();
    await sheet.getByText(words.specific, { exact: true }).click();
    const corrected = `${first} 改`;
    await sheet.getByRole('textbox', { name: words.note }).fill(corrected);
    await page.screenshot({ path: `${SCREENS}/log-edit-sheet-${locale}.png`, animations: 'disabled' });
    await sheet.getByTestId('log-submit').click();
    await expect(sheet).toBeHidden();
    await expect(page.getByTestId('timeline-item').filter({ hasText: corrected })).toBeVisible();
    await expect(page.getByTestId('timeline-edits').first()).toContainText(words.edited);
    await expect(bubble).toHaveCount(1); // the same bubble, its note corrected (first is a prefix of corrected)
    const [row] = await withDb((sql) => sql<{ attitude: string; n: number }[]>`
      select i.attitude, (select count(*)::int from public.interaction_edits e where e.interaction_id = i.id) as n
        from public.interactions i where i.note = ${corrected}`);
    expect(row).toEqual({ attitude: 'accept', n: 1 });

    // Recall a second one.
    const second = `第二条 ${locale} ${Date.now()}`;
    await logFromPage(page, words, second);
    await page.getByTestId('timeline-log-footer').first().getByTestId('log-recall').click();
    await expect(page.getByTestId('timeline-recall').first()).toContainText(words.recalled);
    await expect(page.getByTestId('timeline-item').filter({ hasText: second })).toHaveCount(0);
    await page.screenshot({ path: `${SCREENS}/log-recalled-${locale}.png`, animations: 'disabled' });
    expect(await withDb(async (sql) => (await sql`select 1 from public.interactions where note = ${second}`).length)).toBe(0);

    // The manager reads both.
    const mgrContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale });
    const mgr = await mgrContext.newPage();
    await signInAndWaitForCustomers(mgr, MANAGER);
    if (!zh) await mgrContext.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: mgr.url() }]);
    await mgr.goto(`/customers/${c.id}`);
    await expect(mgr.getByTestId('timeline-recall').first()).toContainText(zh ? '撤回了一条记录' : 'recalled a log');
    const history = mgr.getByTestId('timeline-edits').first();
    await history.locator('summary').click();
    await expect(history).toContainText(zh ? '客户态度：质疑 → 接纳' : 'Their attitude: doubting → accepting');
    await expect(mgr.getByTestId('log-edit')).toHaveCount(0); // not the author: no buttons
    await mgr.screenshot({ path: `${SCREENS}/log-history-manager-${locale}.png`, animations: 'disabled' });
    await mgrContext.close();
  });
}

test('a day-old log: the API refuses its edit and its recall with a zh/en reason', async ({ page }) => {
  const c = await pickCustomer(REP);
  const old = randomUUID();
  const note = `昨天的记录 ${Date.now()}`;
  await withDb((sql) => sql`insert into public.interactions (id, org_id, customer_id, rep_id, kind, occurred_at, attitude, note, created_at)
    select ${old}, m.org_id, ${c.id}, m.user_id, 'visit', now() - interval '25 hours', 'accept', ${note}, now() - interval '25 hours'
      from public.members m where m.email = ${REP}`);
  await signInAndWaitForCustomers(page, REP);
  // Tried: correcting and recalling a log stored 25 hours ago.
  const edit = await page.request.post(`/api/interactions/${old}/edit`, { data: { kind: 'visit', attitude: 'doubt', note } });
  expect(edit.status()).toBe(403);
  expect(await edit.json()).toMatchObject({ error: 'edit_too_late', message: { zh: '记录超过 24 小时，不能再修改' } });
  const recall = await page.request.post(`/api/interactions/${old}/recall`, { data: {} });
  expect(recall.status()).toBe(403);
  expect((await recall.json()).error).toBe('recall_too_late');
});
