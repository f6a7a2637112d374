// The installable-app bits: manifest, icons, service worker.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';

test('manifest and icons are served without signing in', async ({ request }) => {
  const res = await request.get('/manifest.webmanifest');
  expect(res.status()).toBe(200);
  const manifest = await res.json();
  expect(manifest).toMatchObject({ name: '水晶球 CRM', short_name: '水晶球', start_url: '/customers', display: 'standalone', theme_color: '#07C160', lang: 'zh-CN' });
  const purposes = (manifest.icons as { src: string; sizes: string; purpose?: string }[]).map((i) => `${i.sizes}:${i.purpose ?? 'any'}`);
  expect(purposes).toEqual(expect.arrayContaining(['192x192:any', '512x512:any', '512x512:maskable']));
  for (const icon of manifest.icons as { src: string }[]) {
    const r = await request.get(icon.src);
    expect(r.status(), icon.src).toBe(200);
    expect(r.headers()['content-type']).toBe('image/png');
  }
  expect((await request.get('/icons/apple-touch-icon.png')).status()).toBe(200);
});

test('the service worker registers and controls the app', async ({ page }) => {
  test.skip(Boolean(process.env.E2E_DEV), 'next-pwa is disabled in development');
  expect((await page.request.get('/sw.js')).status()).toBe(200);
  await signInAndWaitForCustomers(page, 'rep3@demo.crystal');
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(scope).toMatch(/\/$/);
  await page.evaluate(async () => {
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });

  // Chromium's own verdict: the manifest it parsed (no errors), and its installability check —
  // the fields it requires (name, icons ≥ 144 px, start_url, display), the controlling worker.
  const cdp = await page.context().newCDPSession(page);
  const { errors, data } = await cdp.send('Page.getAppManifest');
  expect(errors).toEqual([]);
  expect(JSON.parse(data ?? '{}')).toMatchObject({ name: '水晶球 CRM', display: 'standalone', start_url: '/customers' });
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // (a Playwright context is off the record: Chromium says so, and that is not the app's doing)
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
});

test('a new service worker version offers "tap to refresh" and takes over when tapped', async ({ page }) => {
  test.skip(Boolean(process.env.E2E_DEV), 'next-pwa is disabled in development');
  // Publish a "new version" by changing the bytes of the running server's sw.js (the server
  // reads public/ from this checkout), then put it back.
  const file = 'public/sw.js';
  const original = readFileSync(file, 'utf8');
  try {
    await signInAndWaitForCustomers(page, 'rep5@demo.crystal');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
      }
    });
    const firstScript = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
    writeFileSync(file, `${original}\n// e2e: new version ${Date.now()}\n`);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

    const prompt = page.getByTestId('update-prompt');
    await expect(prompt).toContainText('新版本可用，点此刷新', { timeout: 20_000 });
    await page.screenshot({ path: `${SCREENS}/update-prompt-zh.png` });

    const reloaded = page.waitForEvent('load');
    await prompt.getByRole('button', { name: '新版本可用，点此刷新' }).click();
    await reloaded;
    await expect(page.getByTestId('customer-total')).toBeVisible();
    await expect(page.getByTestId('update-prompt')).toHaveCount(0);
    const waiting = await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting));
    expect(waiting).toBe(false);
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(firstScript);
  } finally {
    writeFileSync(file, original);
  }
});
