// Which Chromium the e2e suite and the web benchmark drive, in this order:
//   1. CHROMIUM_PATH, when set (it must exist: a typo should not silently fall through);
//   2. Debian's /usr/bin/chromium (`apt-get install chromium`), what CI installs;
//   3. Playwright's own build (`npx playwright install chromium`), for machines that can download it.
// null when there is none; scripts/preflight.ts then stops `npm test` with what to install.
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export type ChromiumChoice = { source: 'CHROMIUM_PATH' | 'debian' | 'playwright'; executablePath: string };

export const INSTALL_HINT =
  'install Chromium: `sudo apt-get install chromium` (Debian/Ubuntu), or `npx playwright install chromium`, or set CHROMIUM_PATH to a Chromium/Chrome binary';

export function findChromium(opts: { debianPath?: string } = {}): ChromiumChoice | null {
  const debian = opts.debianPath ?? '/usr/bin/chromium';
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist; ${INSTALL_HINT}`);
    return { source: 'CHROMIUM_PATH', executablePath: fromEnv };
  }
  if (existsSync(debian)) return { source: 'debian', executablePath: debian };
  const own = chromium.executablePath();
  if (own && existsSync(own)) return { source: 'playwright', executablePath: own };
  return null;
}
