// Which Chromium e2e uses (scripts/lib/chromium.ts): issue 14 — `npm test` worked only where
// Debian's /usr/bin/chromium exists and failed without saying why elsewhere (a Mac).
// Tried: CHROMIUM_PATH set (wins), set to a missing file (an error naming it, not a silent
// fallback), no Debian Chromium (Playwright's own), and neither (null: the preflight's one line).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { afterEach, describe, expect, it } from 'vitest';
import { findChromium } from '../../scripts/lib/chromium.ts';

const saved = { CHROMIUM_PATH: process.env.CHROMIUM_PATH, PLAYWRIGHT_BROWSERS_PATH: process.env.PLAYWRIGHT_BROWSERS_PATH };
afterEach(() => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
});

const fakeBinary = () => {
  const f = path.join(mkdtempSync(path.join(os.tmpdir(), 'chromium-')), 'chrome');
  writeFileSync(f, '');
  return f;
};

describe('findChromium', () => {
  it('CHROMIUM_PATH wins over Debian’s', () => {
    const bin = fakeBinary();
    process.env.CHROMIUM_PATH = bin;
    expect(findChromium({ debianPath: fakeBinary() })).toEqual({ source: 'CHROMIUM_PATH', executablePath: bin });
  });

  it('a CHROMIUM_PATH that does not exist is an error that names it and says what to install', () => {
    process.env.CHROMIUM_PATH = '/nowhere/chrome';
    expect(() => findChromium()).toThrow(/CHROMIUM_PATH=\/nowhere\/chrome does not exist; install Chromium/);
  });

  it('Debian’s when there is no CHROMIUM_PATH', () => {
    delete process.env.CHROMIUM_PATH;
    const debian = fakeBinary();
    expect(findChromium({ debianPath: debian })).toEqual({ source: 'debian', executablePath: debian });
  });

  it('Playwright’s own when there is no Debian Chromium, and null when that is missing too', () => {
    delete process.env.CHROMIUM_PATH;
    const found = findChromium({ debianPath: '/nowhere/chromium' });
    // Either Playwright's download is on this machine or it is not; both answers are checked.
    if (existsSync(chromium.executablePath())) expect(found).toEqual({ source: 'playwright', executablePath: chromium.executablePath() });
    else expect(found).toBeNull();
  });
});
