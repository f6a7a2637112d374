// Offline: a rep opens a customer, loses the network, logs two visits — they are kept on the
// phone (IndexedDB outbox), survive a reload served from the service worker's stored page, and
// are sent exactly once when the network is back (the server stores one row per client-made id,
// so replaying them again changes nothing). A log the server refuses (the customer was reassigned
// while the rep was offline) stays visible with the reason, and can be fixed and resent or
// discarded. Ground truth from the database.
import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';
import { createLead, waitForOrgRecompute } from './helpers/db.ts';
import { fillLog, interactionNotes, reassign, storedEntries, waitForServiceWorker, waitForStoredPage } from './helpers/offline.ts';

const REP = 'rep1@demo.crystal';

test.skip(Boolean(process.env.E2E_DEV), 'next-pwa (the service worker) is disabled in development');

test.beforeAll(async () => {
  await waitForOrgRecompute();
});

test('logs made offline show as pending, survive a reload, and sync once when the network is back', async ({ page, context }) => {
  const c = await createLead(REP, `离线客户${Date.now() % 100_000}`);
  await signInAndWaitForCustomers(page, REP);
  await waitForServiceWorker(page);

  // Open the customer the rep's way — search the list, tap the row (a client-side navigation,
  // so the page's HTML is stored by the app in the background, not by the navigation itself).
  await page.getByRole('searchbox').fill(c.name);
  await page.getByRole('searchbox').press('Enter');
  await page.getByTestId('customer-row').filter({ hasText: c.name }).first().click();
  await page.waitForURL(`**/customers/${c.id}`);
  await waitForStoredPage(page, `/customers/${c.id}`);
  await waitForStoredPage(page, '/me');

  await context.setOffline(true);
  await expect(page.getByTestId('offline-bar')).toContainText('离线');
  const notes = [`离线拜访一 ${Date.now()}`, `离线电话二 ${Date.now()}`];
  await page.getByTestId('quick-log-open').click();
  await fillLog(page, { attitude: '接纳', cognition: '笼统', note: notes[0]!, nextStep: '下周带案例再来' });
  await page.getByTestId('log-submit').click();
  await expect(page.getByTestId('log-notice')).toHaveText('已保存在手机上，联网后自动同步');
  // The second from the ＋ tab: the picker's recent list comes from the phone, the customer's page
  // from the stored copy (its ?log=1 opens the sheet once the page is up).
  await page.getByRole('link', { name: '记录拜访或通话' }).click();
  await expect(page.getByTestId('log-page')).toBeVisible();
  await expect(page.getByTestId('picker-name').first()).toHaveText(c.name);
  await page.getByTestId('picker-row').first().click();
  await fillLog(page, { kind: '电话', attitude: '质疑', cognition: '具体', note: notes[1]! });
  await page.getByTestId('log-submit').click();
  await expect(page).toHaveURL(new RegExp(`/customers/${c.id}$`));

  const items = page.getByTestId('pending-item');
  await expect(items).toHaveCount(2);
  await expect(items.getByTestId('pending-badge')).toHaveText(['待同步', '待同步']);
  await expect(page.getByTestId('pending-count')).toContainText('2 条待同步');

  // A reload with no network: the stored page, and the logs from the phone's database.
  const storedDate = await page.evaluate(
    async (p) => (await (await caches.open('pages')).match(p, { ignoreVary: true }))?.headers.get('date'),
    `/customers/${c.id}`,
  );
  const reloaded = await page.reload();
  expect(reloaded?.headers().date, 'served from the stored copy').toBe(storedDate);
  await expect(page.getByTestId('customer-title')).toHaveText(c.name);
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText(notes[1]!);
  await expect(items.nth(1)).toContainText(notes[0]!);
  await expect(items.first().getByTestId('pending-observation')).toHaveText('质疑 · 具体 → 意向');
  await expect(items.getByTestId('pending-badge')).toHaveText(['待同步', '待同步']);
  await expect(items.first()).toContainText('离线中，联网后自动发送');
  await page.screenshot({ path: `${SCREENS}/offline-pending-zh.png`, fullPage: true });
  expect(await interactionNotes(c.id)).toEqual([]);

  // A page never stored: the offline page, with the customers that can be opened.
  await page.goto('/customers/00000000-0000-4000-8000-000000000000');
  await expect(page.getByTestId('offline-fallback')).toContainText('网络不可用');
  await expect(page.getByTestId('offline-fallback')).toContainText('2 条记录保存在手机上');
  await expect(page.getByTestId('offline-fallback').getByRole('link', { name: new RegExp(c.name) })).toBeVisible();
  await page.screenshot({ path: `${SCREENS}/offline-fallback-zh.png` });

  // 我 tab, still offline, from the offline page's link (the tab's page was stored at app start):
  // the count, no "sync now". (Chromium fires `online` on this page as the navigation starts; the
  // page used to reload itself then, and the rep landed back on it — the old flake.)
  await page.getByTestId('offline-fallback').getByRole('link', { name: '我', exact: true }).click();
  await page.waitForURL('**/me');
  await expect(page.getByTestId('pending-sync-count')).toHaveText('2 条');
  await expect(page.getByTestId('sync-now')).toBeDisabled();
  await expect(page.getByTestId('sync-now')).toHaveText('离线');
  await page.screenshot({ path: `${SCREENS}/offline-me-zh.png` });

  // Back online: sent without a tap.
  await context.setOffline(false);
  await expect(page.getByTestId('pending-sync-count')).toHaveText('0 条', { timeout: 15_000 });
  await expect.poll(() => interactionNotes(c.id)).toEqual(notes);

  await page.goto(`/customers/${c.id}`);
  await expect(page.getByTestId('timeline-item')).toHaveCount(2);
  await expect(page.getByTestId('pending-badge').filter({ hasText: '待同步' })).toHaveCount(0);
  await expect(page.getByTestId('timeline-item').first()).toContainText(notes[1]!);

  // Replay the stored entries by hand, as a retry after a lost answer would: still two rows.
  const stored = await storedEntries(page, c.id);
  expect(stored.map((e) => e.status)).toEqual(['sent', 'sent']);
  const statuses = await page.evaluate(
    (bodies) =>
      Promise.all(
        bodies.map(async (body) => {
          const res = await fetch('/api/interactions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          return res.status;
        }),
      ),
    stored.map((e) => e.body),
  );
  expect(statuses).toEqual([200, 200]);
  expect(await interactionNotes(c.id)).toEqual(notes);
});

test('the offline page opens the page the rep wanted once the network is back', async ({ page, context }) => {
  const c = await createLead(REP, `回网客户${Date.now() % 100_000}`);
  await signInAndWaitForCustomers(page, REP);
  await waitForServiceWorker(page);
  await context.setOffline(true);
  await page.goto(`/customers/${c.id}`); // never opened on this phone: not stored
  await expect(page.getByTestId('offline-fallback')).toContainText('网络不可用');
  await context.setOffline(false);
  await expect(page.getByTestId('customer-title')).toHaveText(c.name, { timeout: 15_000 });
  await expect(page).toHaveURL(new RegExp(`/customers/${c.id}$`));
});

test('a log the server refuses stays visible with its reason; it can be fixed and resent, or discarded', async ({ page, context }) => {
  const c = await createLead(REP, `转走的客户${Date.now() % 100_000}`);
  await signInAndWaitForCustomers(page, REP);
  await waitForServiceWorker(page);
  await page.goto(`/customers/${c.id}`);
  await expect(page.getByTestId('customer-title')).toHaveText(c.name);

  await context.setOffline(true);
  const keep = `要保留的记录 ${Date.now()}`;
  const drop = `要删除的记录 ${Date.now()}`;
  for (const note of [keep, drop]) {
    await page.getByTestId('quick-log-open').click();
    await fillLog(page, { attitude: '接纳', cognition: '具体', note });
    await page.getByTestId('log-submit').click();
  }
  await expect(page.getByTestId('pending-item')).toHaveCount(2);

  // Meanwhile the manager gives the customer to another rep; then the network comes back.
  await reassign(c.id, 'rep2@demo.crystal');
  await context.setOffline(false);
  const refused = page.locator('[data-testid=pending-item][data-status=rejected]');
  await expect(refused).toHaveCount(2, { timeout: 15_000 });
  await expect(refused.first().getByTestId('pending-reason')).toContainText('客户不在你的负责范围内');
  await expect(refused.getByTestId('pending-badge')).toHaveText(['被退回', '被退回']);
  await page.screenshot({ path: `${SCREENS}/offline-rejected-zh.png`, fullPage: true });

  // Still there after a reload (the customer's page now says "not found": the 我 tab lists them).
  await page.goto('/me');
  await expect(page.getByTestId('rejected-count')).toContainText('2 条被退回');
  await page.getByTestId('sync-cell').getByRole('button', { name: /待同步记录/ }).click();
  const list = page.getByTestId('outbox-sheet');
  await expect(list.getByTestId('outbox-item')).toHaveCount(2);
  await expect(list).toContainText(c.name);
  await page.screenshot({ path: `${SCREENS}/offline-me-rejected-zh.png` });

  // Discard one: it asks first.
  const dropItem = list.getByTestId('outbox-item').filter({ hasText: drop });
  await dropItem.getByRole('button', { name: '删除' }).click();
  await dropItem.getByRole('button', { name: '确认删除' }).click();
  await expect(list.getByTestId('outbox-item')).toHaveCount(1);

  // The customer comes back to this rep; the other log is edited and resent.
  await reassign(c.id, REP);
  await list.getByRole('button', { name: '修改后重发' }).click();
  const fix = page.getByTestId('fix-sheet');
  await expect(fix).toContainText('客户不在你的负责范围内');
  await expect(fix.getByRole('textbox', { name: '备注' })).toHaveValue(keep);
  await fix.getByRole('textbox', { name: '备注' }).fill(`${keep}（已改）`);
  await page.screenshot({ path: `${SCREENS}/offline-fix-zh.png` });
  await fix.getByRole('button', { name: '重新发送' }).click();
  await expect(page.getByTestId('pending-sync-count')).toHaveText('0 条', { timeout: 15_000 });
  await expect(page.getByTestId('rejected-count')).toHaveCount(0);
  await expect.poll(() => interactionNotes(c.id)).toEqual([`${keep}（已改）`]);
  expect((await storedEntries(page, c.id)).map((e) => e.status)).toEqual(['sent']);
});

test('signed out while a log waits: it stays pending, the app asks to sign in again, and it goes after that', async ({ page, context }) => {
  const c = await createLead(REP, `过期会话客户${Date.now() % 100_000}`);
  await signInAndWaitForCustomers(page, REP);
  await page.goto(`/customers/${c.id}`);
  await context.setOffline(true);
  const note = `会话过期时记下 ${Date.now()}`;
  await page.getByTestId('quick-log-open').click();
  await fillLog(page, { note });
  await page.getByTestId('log-submit').click();

  // The session runs out while the phone is offline (here: the cookies go), then the network is back.
  await context.clearCookies();
  await context.setOffline(false);
  const bar = page.getByTestId('offline-bar');
  await expect(bar).toContainText('登录已过期，1 条记录待同步', { timeout: 15_000 });
  const item = page.getByTestId('pending-item');
  await expect(item.getByTestId('pending-badge')).toHaveText('待同步');
  await expect(item).toContainText('登录已过期，重新登录后发送');
  await page.screenshot({ path: `${SCREENS}/offline-auth-zh.png` });
  expect(await interactionNotes(c.id)).toEqual([]);

  await bar.getByRole('link', { name: '重新登录' }).click();
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel(/手机号或邮箱/).fill(REP);
  await page.getByLabel(/^密码$/).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`**/customers/${c.id}`);
  await expect.poll(() => interactionNotes(c.id), { timeout: 15_000 }).toEqual([note]);
  await expect(page.getByTestId('offline-bar')).toHaveCount(0);
});

test('Background Sync: the service worker sends the outbox with no page of the app open', async ({ page, context }) => {
  const c = await createLead(REP, `后台同步客户${Date.now() % 100_000}`);
  await signInAndWaitForCustomers(page, REP);
  await waitForServiceWorker(page);
  await page.goto(`/customers/${c.id}`);
  const origin = new URL(page.url()).origin;

  await context.setOffline(true);
  const note = `后台同步 ${Date.now()}`;
  await page.getByTestId('quick-log-open').click();
  await fillLog(page, { attitude: '质疑', cognition: '笼统', note });
  await page.getByTestId('log-submit').click();
  await expect(page.getByTestId('pending-item')).toHaveCount(1);

  // Leave the app (no page left to send it), come back online, and let the browser fire the
  // sync event the page registered — here through DevTools, as the browser would on reconnecting.
  await page.goto('about:blank');
  await context.setOffline(false);
  const cdp = await context.newCDPSession(page);
  const registrationId = new Promise<string>((resolve) =>
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const mine = registrations.find((r) => r.scopeURL === `${origin}/` && !r.isDeleted);
      if (mine) resolve(mine.registrationId);
    }),
  );
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.dispatchSyncEvent', { origin, registrationId: await registrationId, tag: 'crystal-outbox', lastChance: false });
  await expect.poll(() => interactionNotes(c.id), { timeout: 15_000 }).toEqual([note]);
});

test.describe('server trouble', () => {
  // page.route() cannot see requests that pass through a service worker.
  test.use({ serviceWorkers: 'block' });

  test('keeps a log pending; "sync now" on the 我 tab sends it', async ({ page }) => {
    const c = await createLead(REP, `重试客户${Date.now() % 100_000}`);
    await signInAndWaitForCustomers(page, REP);
    await page.goto(`/customers/${c.id}`);
    await page.route('**/api/interactions', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: '{}' }));
    await page.getByTestId('quick-log-open').click();
    const note = `服务器忙 ${Date.now()}`;
    await fillLog(page, { note });
    await page.getByTestId('log-submit').click();
    const item = page.getByTestId('pending-item');
    await expect(item).toContainText('服务器暂时没有响应，稍后自动重试');
    await expect(item.getByTestId('pending-badge')).toHaveText('待同步');

    await page.getByRole('link', { name: '我', exact: true }).click();
    await expect(page.getByTestId('pending-sync-count')).toHaveText('1 条');
    // Signing out now would strand the log on the phone: the button says so first.
    await page.getByRole('button', { name: '退出登录' }).click();
    await expect(page.getByTestId('sign-out-warning')).toContainText('还有 1 条记录没有同步');
    await expect(page.getByRole('button', { name: '仍然退出' })).toBeVisible();
    await page.screenshot({ path: `${SCREENS}/offline-sign-out-warning-zh.png` });

    await page.unroute('**/api/interactions');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('pending-sync-count')).toHaveText('0 条');
    await expect(page.getByTestId('sign-out-warning')).toHaveCount(0);
    await expect(page.getByRole('button', { name: '退出登录' })).toBeVisible();
    await expect(page.getByTestId('last-sync')).toContainText('上次同步');
    expect(await interactionNotes(c.id)).toEqual([note]);
  });
});
