// npm run audit:mobile -- [--runs 3] [--build] [--base http://localhost:3000] [--only customers,reminders]
//
// Mobile audit (issue 18, docs/benchmarks-web.md "Mobile audit"): how fast and how readable each
// screen is on a mid-range phone on 4G, with the tools a reviewer would use.
//
// Method
// 1. Starts the whole stack with the launcher (`next build --webpack` when the sources changed, or
//    always with --build) on its own data dir `.data/audit-mobile` (fresh demo org) and port 3210,
//    like scripts/bench/web.ts, under the same lock (/tmp/crystal-e2e.lock: builds share .next).
//    --base audits a stack you already run instead (production build, please: dev mode is slow).
// 2. Signs in over HTTP (rep 1 for the rep's screens, manager 1 for /team and /insights) and makes
//    one survey link, so every screen is a real page with the demo org's data.
// 3. Lighthouse (npm `lighthouse`, its default mobile preset: Moto G Power screen, simulated
//    "slow 4G" and 4× CPU slowdown) on each screen, --runs times (default 3), in Debian Chromium
//    launched by Playwright with a DevTools port. The session cookie goes in as a request header.
//    Each figure is the median of the runs (per figure, not the median run). Storage is reset per
//    run, so each is a first visit with a cold cache.
// 4. axe-core (the full rule set, WCAG 2.x A/AA + best practices — Lighthouse's accessibility
//    score uses a subset) on the same screen in a 390×844 phone context, after it has loaded;
//    violations are counted by impact (affected elements in brackets).
// 5. One table: Performance / Accessibility / Best practices scores, LCP, TBT, CLS, transfer size
//    (Lighthouse's total-byte-weight), axe violations by impact, and the issue's targets.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import lighthouse from 'lighthouse';
import { holdBenchLock, startBenchStack } from '../lib/bench-stack.ts';

const PORT = 3210;
const DATA_DIR = '.data/audit-mobile';
const PASSWORD = 'crystal123';
const DEVTOOLS_PORT = 9330 + Math.floor(Math.random() * 60);
const TARGET = { perf: 95, a11y: 100, tbtMs: 150, transferKb: 250 };

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    build: { type: 'boolean', default: false },
    base: { type: 'string' },
    only: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('usage: npm run audit:mobile -- [--runs 3] [--build] [--base http://localhost:3000] [--only login,customers,…]');
  process.exit(0);
}
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error('--runs must be a whole number ≥ 1');
  process.exit(2);
}
const BASE = args.base ?? `http://localhost:${PORT}`;

if (!args.base) holdBenchLock('audit:mobile', import.meta.filename);

const startStack = () => startBenchStack({ name: 'audit:mobile', dataDir: DATA_DIR, port: PORT, build: args.build, timeoutMs: 900_000 });

/** Signs in over HTTP; returns the Cookie header value (session + zh-CN locale). */
async function signIn(email: string): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', origin: BASE },
    body: JSON.stringify({ identifier: email, password: PASSWORD }),
    redirect: 'manual',
  });
  if (!res.ok) throw new Error(`sign-in as ${email}: HTTP ${res.status}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  return [...cookies, 'NEXT_LOCALE=zh-CN'].join('; ');
}

async function firstCustomerId(cookie: string): Promise<string> {
  const html = await fetch(`${BASE}/customers`, { headers: { cookie } }).then((r) => r.text());
  const id = /\/customers\/([0-9a-f-]{36})/.exec(html)?.[1];
  if (!id) throw new Error('no customer link on /customers');
  return id;
}

async function surveyPath(cookie: string, customerId: string): Promise<string> {
  const res = await fetch(`${BASE}/api/surveys`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json', accept: 'application/json', origin: BASE },
    body: JSON.stringify({ customer_id: customerId }),
  });
  if (res.status !== 201) throw new Error(`survey link: HTTP ${res.status}`);
  return ((await res.json()) as { path: string }).path;
}

type Screen = { key: string; label: string; path: string; cookie: string | null };
type Row = {
  screen: Screen;
  perf: number;
  a11y: number;
  bp: number;
  lcp: number;
  tbt: number;
  cls: number;
  transfer: number;
  axe: Record<'critical' | 'serious' | 'moderate' | 'minor', { rules: number; nodes: number }>;
  axeRules: string[];
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function runLighthouse(screen: Screen) {
  const result = await lighthouse(
    BASE + screen.path,
    {
      port: DEVTOOLS_PORT,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices'],
      extraHeaders: screen.cookie ? { Cookie: screen.cookie } : { Cookie: 'NEXT_LOCALE=zh-CN' },
    },
    undefined, // the default config: mobile preset, simulated throttling
  );
  if (!result) throw new Error(`lighthouse gave no result for ${screen.path}`);
  const lhr = result.lhr;
  if (lhr.runtimeError) throw new Error(`lighthouse on ${screen.path}: ${lhr.runtimeError.message}`);
  const score = (k: string) => Math.round((lhr.categories[k]?.score ?? 0) * 100);
  const num = (k: string) => lhr.audits[k]?.numericValue ?? NaN;
  return {
    perf: score('performance'),
    a11y: score('accessibility'),
    bp: score('best-practices'),
    lcp: num('largest-contentful-paint'),
    tbt: num('total-blocking-time'),
    cls: num('cumulative-layout-shift'),
    transfer: num('total-byte-weight'),
    failing: Object.values(lhr.categories.accessibility?.auditRefs ?? [])
      .map((r) => lhr.audits[r.id])
      .filter((a) => a && a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => a!.id),
  };
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function runAxe(page: Page): Promise<Pick<Row, 'axe' | 'axeRules'>> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = (await page.evaluate(
    '(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })))()',
  )) as { id: string; impact: keyof Row['axe']; nodes: number }[];
  const axe: Row['axe'] = { critical: { rules: 0, nodes: 0 }, serious: { rules: 0, nodes: 0 }, moderate: { rules: 0, nodes: 0 }, minor: { rules: 0, nodes: 0 } };
  for (const v of violations) {
    axe[v.impact].rules++;
    axe[v.impact].nodes += v.nodes;
  }
  return { axe, axeRules: violations.map((v) => `${v.impact} ${v.id} ×${v.nodes}`) };
}

// ---- run
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`[audit:mobile] ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), load average ${load()}`);
const stack = args.base ? { stop: async () => {} } : await startStack();
let failed = false;
try {
  const rep = await signIn('rep1@demo.crystal');
  const manager = await signIn('manager1@demo.crystal');
  const customerId = await firstCustomerId(rep);
  const survey = await surveyPath(rep, customerId);
  const all: Screen[] = [
    { key: 'login', label: '/login', path: '/login', cookie: null },
    { key: 'customers', label: '/customers', path: '/customers', cookie: rep },
    { key: 'customer', label: 'customer + log sheet', path: `/customers/${customerId}?log=1`, cookie: rep },
    { key: 'reminders', label: '/reminders', path: '/reminders', cookie: rep },
    { key: 'me', label: '/me', path: '/me', cookie: rep },
    { key: 'team', label: '/team (manager)', path: '/team', cookie: manager },
    { key: 'insights', label: '/insights (manager)', path: '/insights', cookie: manager },
    { key: 'survey', label: 'survey /s/…', path: survey, cookie: null },
  ];
  const only = args.only?.split(',').map((s) => s.trim());
  const screens = only ? all.filter((s) => only.includes(s.key)) : all;

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', `--remote-debugging-port=${DEVTOOLS_PORT}`],
  });
  const rows: Row[] = [];
  try {
    for (const screen of screens) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await runLighthouse(screen));
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
        serviceWorkers: 'block',
      });
      const header = screen.cookie ?? 'NEXT_LOCALE=zh-CN';
      await context.addCookies(
        header.split('; ').map((c) => {
          const i = c.indexOf('=');
          return { name: c.slice(0, i), value: c.slice(i + 1), url: BASE };
        }),
      );
      const page = await context.newPage();
      await page.goto(BASE + screen.path, { waitUntil: 'load' });
      await page.waitForLoadState('networkidle').catch(() => {});
      const axe = await runAxe(page);
      await context.close();
      const row: Row = {
        screen,
        perf: median(runs.map((r) => r.perf)),
        a11y: median(runs.map((r) => r.a11y)),
        bp: median(runs.map((r) => r.bp)),
        lcp: median(runs.map((r) => r.lcp)),
        tbt: median(runs.map((r) => r.tbt)),
        cls: median(runs.map((r) => r.cls)),
        transfer: median(runs.map((r) => r.transfer)),
        ...axe,
      };
      rows.push(row);
      const lhFailing = [...new Set(runs.flatMap((r) => r.failing))];
      console.log(
        `[audit:mobile] ${screen.label}: perf ${runs.map((r) => r.perf).join('/')}, a11y ${row.a11y}` +
          (lhFailing.length ? ` (Lighthouse a11y audits failing: ${lhFailing.join(', ')})` : '') +
          (row.axeRules.length ? `; axe: ${row.axeRules.join(', ')}` : '; axe: none'),
      );
    }
  } finally {
    await browser.close();
  }

  const ax = (r: Row) => (['critical', 'serious', 'moderate', 'minor'] as const).map((k) => `${r.axe[k].rules}${r.axe[k].nodes ? `(${r.axe[k].nodes})` : ''}`).join('/');
  console.log(`\nMobile audit — Lighthouse ${RUNS} run(s), median per figure (mobile preset, simulated slow 4G, 4× CPU); axe-core on a 390×844 phone`);
  console.log(`| screen | Perf | A11y | Best pr. | LCP | TBT | CLS | transfer | axe crit/serious/moderate/minor |`);
  console.log(`|---|---|---|---|---|---|---|---|---|`);
  for (const r of rows) {
    const miss =
      r.perf < TARGET.perf || r.a11y < TARGET.a11y || r.tbt > TARGET.tbtMs || r.transfer / 1024 > TARGET.transferKb || r.axe.critical.rules + r.axe.serious.rules > 0;
    if (miss) failed = true;
    console.log(
      `| ${r.screen.label} | ${r.perf} | ${r.a11y} | ${r.bp} | ${(r.lcp / 1000).toFixed(1)} s | ${Math.round(r.tbt)} ms | ${r.cls.toFixed(3)} | ${(r.transfer / 1024).toFixed(0)} KB | ${ax(r)} |${miss ? ' ✗' : ''}`,
    );
  }
  console.log(`\ntargets: Perf ≥ ${TARGET.perf}, A11y = ${TARGET.a11y}, TBT ≤ ${TARGET.tbtMs} ms, transfer ≤ ${TARGET.transferKb} KB, 0 critical/serious axe violations (✗ = a target missed)`);
} finally {
  await stack.stop();
}
console.log(`[audit:mobile] load average at the end ${load()}`);
process.exit(failed ? 1 : 0);
