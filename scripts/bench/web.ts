// npm run bench:web -- [--logs 20] [--build] [--keep-data]
//
// Web benchmark (docs/benchmarks-web.md): the production app as a phone downloads it, and how fast
// a quick log shows on the timeline.
//
// 1. Starts the whole stack with the launcher (`next build --webpack` when the sources changed, or
//    always with --build) on its own data dir `.data/bench-web` (fresh demo org) and port 3200.
//    The build writes `.next`, which the e2e stack also uses, so the script takes the shared lock
//    /tmp/crystal-e2e.lock itself: it re-runs itself under `flock` unless CRYSTAL_BENCH_LOCKED is set.
// 2. First-load JS, measured in Debian Chromium (Playwright) on a 390×844 phone viewport with a
//    cold cache (a new browser context per route, service worker blocked so its precache does not
//    download the whole app, and Link prefetches refused — they load other routes' code ahead of a
//    tap): every JavaScript response from the navigation until the screen is ready and the network
//    has been quiet for 1 s, each gzipped (level 9, like Next's own report), summed. Routes: the customers list, a customer page, the customer page with the quick-log
//    sheet open (?log=1), and the ＋ tab. Baseline in the same run: the framework chunks every page
//    loads (`rootMainFiles` of .next/build-manifest.json), and the sign-in page.
// 3. Save → visible: on a customer page, --logs times: open the sheet, type a note, tap 保存 (a real
//    tap through Chromium's input pipeline). In the page: the tap's event time (performance.now()
//    clock), and the first animation frame after the new entry is in the timeline and the sheet is
//    gone. The network is not waited for — the entry is shown from the outbox before the POST ends.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { findChromium, INSTALL_HINT } from '../lib/chromium.ts';
import { holdBenchLock, startBenchStack } from '../lib/bench-stack.ts';
import { ROOT } from '../lib/stack.ts';

const PORT = 3200;
const BASE = `http://localhost:${PORT}`;
const DATA_DIR = '.data/bench-web';
const REP = 'rep1@demo.crystal';
const PASSWORD = 'crystal123';
const BUDGET_KB = 170;
const P95_BUDGET_MS = 100;

const { values: args } = parseArgs({
  options: {
    logs: { type: 'string', default: '20' },
    build: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: npm run bench:web -- [--logs 20] [--build]');
  process.exit(0);
}
const LOGS = Number(args.logs);
if (!Number.isInteger(LOGS) || LOGS < 1) {
  console.error('--logs must be a whole number ≥ 1');
  process.exit(2);
}

// ---- the shared lock: the build and the e2e stack both use .next
holdBenchLock('bench:web', import.meta.filename);

// ---- helpers
const kb = (bytes: number) => bytes / 1024;
const fmtKb = (bytes: number) => `${kb(bytes).toFixed(1)} KB`;
const gz = (buf: Buffer) => gzipSync(buf, { level: 9 }).length;
function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

const startStack = () => startBenchStack({ name: 'bench:web', dataDir: DATA_DIR, port: PORT, build: args.build, timeoutMs: 600_000 });

const phone = {
  viewport: { width: 390, height: 844 },
  screen: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  userAgent: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
};

async function signIn(browser: Browser): Promise<{ state: Awaited<ReturnType<BrowserContext['storageState']>>; customerId: string }> {
  const context = await browser.newContext({ ...phone, baseURL: BASE, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel(/手机号或邮箱/).fill(REP);
  await page.getByLabel(/^密码$/).fill(PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL('**/customers');
  const href = (await page.getByTestId('customer-row').first().locator('a').first().getAttribute('href')) ?? '';
  const customerId = href.split('/').pop()!.split('?')[0]!;
  if (!/^[0-9a-f-]{36}$/.test(customerId)) throw new Error(`no customer link on the list (got "${href}")`);
  const state = await context.storageState();
  await context.close();
  return { state, customerId };
}

type RouteSize = { label: string; path: string; prefetches: number; files: number; raw: number; gzip: number; transfer: number; perFile: { url: string; gzip: number }[] };

/** Every script the browser downloads for one route, cold cache, until ready + 1 s of quiet. */
async function measureRoute(
  browser: Browser,
  state: Awaited<ReturnType<BrowserContext['storageState']>>,
  label: string,
  routePath: string,
  ready: (page: Page) => Promise<void>,
): Promise<RouteSize> {
  const context = await browser.newContext({ ...phone, baseURL: BASE, serviceWorkers: 'block', storageState: state });
  // Link prefetches fetch other routes' data — and, from it, their code — ahead of a tap: not this
  // route's first load. They are refused here (counted apart below).
  let prefetches = 0;
  await context.route('**/*', (route) => {
    if (route.request().headers()['next-router-prefetch']) {
      prefetches++;
      return route.abort();
    }
    return route.continue();
  });
  const page = await context.newPage();
  const scripts = new Map<string, Promise<{ url: string; raw: number; gzip: number; transfer: number }>>();
  let lastActivity = Date.now();
  page.on('request', () => (lastActivity = Date.now()));
  page.on('response', (res) => {
    lastActivity = Date.now();
    if (res.request().resourceType() !== 'script' || !res.url().startsWith(BASE)) return;
    scripts.set(
      res.url(),
      (async () => {
        const body = await res.body();
        const sizes = await res.request().sizes();
        return { url: res.url(), raw: body.length, gzip: gz(body), transfer: sizes.responseBodySize };
      })(),
    );
  });
  await page.goto(routePath);
  await ready(page);
  while (Date.now() - lastActivity < 1000) await page.waitForTimeout(200);
  const all = await Promise.all(scripts.values());
  await context.close();
  return {
    label,
    path: routePath,
    prefetches,
    files: all.length,
    raw: all.reduce((s, x) => s + x.raw, 0),
    gzip: all.reduce((s, x) => s + x.gzip, 0),
    transfer: all.reduce((s, x) => s + x.transfer, 0),
    perFile: all.map((x) => ({ url: new URL(x.url).pathname, gzip: x.gzip })).sort((a, b) => b.gzip - a.gzip),
  };
}

function frameworkBaseline(): { files: string[]; gzip: number } {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, '.next', 'build-manifest.json'), 'utf8')) as { rootMainFiles?: string[] };
  const files = manifest.rootMainFiles ?? [];
  return { files: files.map((f) => `/_next/${f}`), gzip: files.reduce((s, f) => s + gz(readFileSync(path.join(ROOT, '.next', f))), 0) };
}

// In the page, before the tap: resolves with the milliseconds from the tap on 保存 (the click
// event's own time stamp) to the first animation frame after a new pending entry is on the
// timeline and the sheet is gone.
const ARM_SAVE_TIMER = `(function () {
  window.__bench = new Promise(function (resolve, reject) {
    var before = document.querySelectorAll('[data-testid=pending-item]').length;
    var t0 = -1;
    function shown() {
      return document.querySelectorAll('[data-testid=pending-item]').length > before && !document.querySelector('[data-testid=quick-log-sheet]');
    }
    var observer = new MutationObserver(function () {
      if (t0 < 0 || !shown()) return;
      observer.disconnect();
      requestAnimationFrame(function () { resolve(performance.now() - t0); });
    });
    function onClick(e) {
      if (!(e.target instanceof Element) || !e.target.closest('[data-testid=log-submit]')) return;
      document.removeEventListener('click', onClick, true);
      t0 = e.timeStamp;
      observer.observe(document.body, { childList: true, subtree: true, attributes: true });
    }
    document.addEventListener('click', onClick, true);
    setTimeout(function () {
      reject(new Error('the log did not show within 5 s (tap seen: ' + (t0 >= 0) + ', pending entries: ' + before + ' → ' +
        document.querySelectorAll('[data-testid=pending-item]').length + ', sheet open: ' + Boolean(document.querySelector('[data-testid=quick-log-sheet]')) + ')'));
    }, 5000);
  });
  window.__bench.catch(function () {}); // read later by the script; not an unhandled rejection meanwhile
})()`;

/** Save → visible, `n` times on one customer page. Returns milliseconds per log. */
async function measureSaves(browser: Browser, state: Awaited<ReturnType<BrowserContext['storageState']>>, customerId: string, n: number): Promise<number[]> {
  const context = await browser.newContext({ ...phone, baseURL: BASE, storageState: state });
  const page = await context.newPage();
  await page.goto(`/customers/${customerId}`);
  await page.getByTestId('customer-title').waitFor();
  const times: number[] = [];
  for (let i = 0; i < n + 1; i++) {
    await page.getByTestId('quick-log-open').click();
    const sheet = page.getByTestId('quick-log-sheet');
    await sheet.getByTestId('log-form').waitFor();
    await sheet.getByRole('textbox', { name: '备注' }).fill(`基准测试记录 ${i + 1} ${Date.now()}`);
    // The marks, in the page: the tap's own event time, then the first frame after the entry is
    // in the timeline and the sheet has gone.
    // (a string, not a function: tsx's transform would add helpers the page does not have; an
    // IIFE, so evaluate() does not wait for the promise)
    await page.evaluate(ARM_SAVE_TIMER);
    await sheet.getByTestId('log-submit').click();
    const ms = (await page.evaluate('window.__bench')) as number;
    if (i > 0) times.push(ms); // the first one warms the code paths (IndexedDB open, first send)
    // Let it reach the server and the page settle before the next one, as between two real visits.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=pending-item]').length === 0, undefined, { timeout: 20_000 });
  }
  await context.close();
  return times;
}

// ---- run
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`[bench:web] ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), load average ${load()}`);
const stack = await startStack();
let failed = false;
try {
  const found = findChromium();
  if (!found) throw new Error(`bench:web needs Chromium: ${INSTALL_HINT}`);
  const browser = await chromium.launch({ executablePath: found.executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    const { state, customerId } = await signIn(browser);
    const visible = (testIds: string) => async (page: Page) =>
      void (await page.locator(testIds.split('|').map((id) => `[data-testid="${id}"]`).join(',')).first().waitFor({ timeout: 30_000 }));
    const routes: RouteSize[] = [];
    routes.push(await measureRoute(browser, { cookies: [], origins: [] }, '(baseline) sign-in page', '/login', async (p) => void (await p.getByRole('button', { name: '登录' }).waitFor())));
    routes.push(await measureRoute(browser, state, 'customers list', '/customers', visible('customer-row')));
    routes.push(await measureRoute(browser, state, 'customer page', `/customers/${customerId}`, visible('customer-title')));
    routes.push(await measureRoute(browser, state, 'customer page + log sheet', `/customers/${customerId}?log=1`, visible('log-form')));
    routes.push(await measureRoute(browser, state, '＋ tab (customer picker)', '/log', visible('picker-list|picker-empty')));
    const base = frameworkBaseline();

    console.log('\nFirst-load JS (Chromium, 390×844, cold cache, service worker blocked; sum of JS responses, gzip -9 each)');
    console.log(`  ${'route'.padEnd(30)} ${'files'.padStart(5)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)} ${'on wire'.padStart(10)} ${'× framework'.padStart(12)}  budget`);
    console.log(`  ${'(baseline) framework chunks'.padEnd(30)} ${String(base.files.length).padStart(5)} ${''.padStart(10)} ${fmtKb(base.gzip).padStart(10)} ${''.padStart(10)} ${'1.00'.padStart(12)}`);
    for (const r of routes) {
      const budget = r.label.startsWith('(baseline)') ? '' : kb(r.gzip) <= BUDGET_KB ? `ok (≤ ${BUDGET_KB} KB)` : `OVER ${BUDGET_KB} KB`;
      if (budget.startsWith('OVER')) failed = true;
      console.log(
        `  ${r.label.padEnd(30)} ${String(r.files).padStart(5)} ${fmtKb(r.raw).padStart(10)} ${fmtKb(r.gzip).padStart(10)} ${fmtKb(r.transfer).padStart(10)} ${(r.gzip / base.gzip).toFixed(2).padStart(12)}  ${budget}`,
      );
    }
    console.log(`  (Link prefetches refused while measuring: ${routes.map((r) => `${r.label} ${r.prefetches}`).join(', ')})`);
    console.log('\n  beyond the framework, largest first (gzip):');
    for (const r of routes) {
      const own = r.perFile.filter((f) => !base.files.includes(f.url));
      console.log(`  ${r.label}: ${own.slice(0, 8).map((f) => `${f.url.replace('/_next/static/chunks/', '')} ${fmtKb(f.gzip)}`).join(', ')}${own.length > 8 ? ', …' : ''}`);
    }

    const times = (await measureSaves(browser, state, customerId, LOGS)).sort((a, b) => a - b);
    const p50 = quantile(times, 0.5);
    const p95 = quantile(times, 0.95);
    const max = times.at(-1)!;
    console.log(`\nQuick log, tap 保存 → entry on the timeline (next frame), ${times.length} logs after one warm-up, in-page performance.now()`);
    console.log(`  p50 ${p50.toFixed(1)} ms   p95 ${p95.toFixed(1)} ms   max ${max.toFixed(1)} ms   min ${times[0]!.toFixed(1)} ms   ${p95 <= P95_BUDGET_MS ? `ok (p95 ≤ ${P95_BUDGET_MS} ms)` : `OVER ${P95_BUDGET_MS} ms`}`);
    console.log(`  (one frame at 60 Hz is 16.7 ms: p50 = ${(p50 / 16.7).toFixed(1)} frames)`);
    if (p95 > P95_BUDGET_MS) failed = true;
  } finally {
    await browser.close();
  }
} finally {
  await stack.stop();
}
console.log(`\n[bench:web] load average at the end ${load()}`);
process.exit(failed ? 1 : 0);
