// Playwright e2e: a phone (390×844, touch, zh-CN) against a fresh local stack started by the
// launcher (embedded Postgres in .data/e2e, demo org, next build + start on :3100).
//
//   npx playwright test                       # starts the stack, runs, stops it
//   E2E_EXTERNAL_SERVER=1 E2E_BASE_URL=http://localhost:3000 E2E_RUNTIME=.data/runtime.json npx playwright test
//                                             # against a stack you already run (still local only)
import { defineConfig, devices } from '@playwright/test';
import { findChromium, INSTALL_HINT } from './scripts/lib/chromium.ts';
import { assertLocalDatabase } from './tests/helpers/local-only.ts';

// E2E_PORT lets two checkouts run e2e side by side on one machine.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = process.env.E2E_BASE_URL ?? `http://localhost:${PORT}`;
// Specs and global setup read the base URL from the environment (workers inherit it).
process.env.E2E_BASE_URL = baseURL;

// Guard, before anything starts: e2e signs in, creates sessions and reads the database as a
// superuser — never against anything but this machine. (Checked again in global setup for the
// database the launcher actually used.)
const host = new URL(baseURL).hostname;
if (!['localhost', '127.0.0.1', '::1', '[::1]'].includes(host)) {
  throw new Error(`refusing to run e2e against ${host}: baseURL must be localhost`);
}
if (process.env.DATABASE_URL) assertLocalDatabase(process.env.DATABASE_URL);

// CHROMIUM_PATH, else Debian's, else Playwright's own (scripts/lib/chromium.ts).
const browser = findChromium();
if (!browser) throw new Error(`no Chromium for the e2e suite: ${INSTALL_HINT}`);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: false,
  // Sign-in attempts share one rate-limit bucket per client IP; keep the run sequential and calm.
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: browser.executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    {
      name: 'phone',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 390, height: 844 },
        screen: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        userAgent:
          'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
        locale: 'zh-CN',
      },
    },
  ],
  webServer: process.env.E2E_EXTERNAL_SERVER
    ? undefined
    : {
        command: 'npx tsx scripts/launcher.ts start --fresh',
        // TRUST_PROXY=loopback: the specs play a reverse proxy on this machine, setting
        // X-Forwarded-For to stand for phones on different networks (survey limits per address).
        env: { CRYSTAL_DATA_DIR: '.data/e2e', PORT: String(PORT), TRUST_PROXY: 'loopback' },
        url: `http://localhost:${PORT}/login`,
        timeout: 240_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        stderr: 'pipe',
        // SIGTERM lets the launcher stop Postgres cleanly.
        gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
      },
});
