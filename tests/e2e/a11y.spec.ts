// Every screen, in zh-CN and en, on the phone viewport, checked by axe-core (the engine behind
// Lighthouse's accessibility score) and for tiny text (issue 18). A serious or critical axe
// violation fails the test — contrast below WCAG AA (1.4.3), a control without a name, an
// aria-label that hides the visible text — and so does any visible text under 12 px.
// Lighthouse's own scores and timings stay in `npm run audit:mobile`: figures, not assertions.
// Screens go to tests/e2e/.screens/a11y-<screen>-<locale>.png for a human to look at.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';
import { pickCustomer } from './helpers/db.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type AxeNode = { target: string[]; html: string; failureSummary?: string };
type AxeViolation = { id: string; impact: string | null; help: string; nodes: AxeNode[] };

/** axe on the whole page as it is now; the serious and critical violations, readable. */
async function axeViolations(page: Page): Promise<{ blocking: string[]; other: string[] }> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    // WCAG 2.x A/AA plus axe's best practices: what Lighthouse's accessibility audits draw from.
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  const fmt = (v: AxeViolation) =>
    `${v.impact} ${v.id} (${v.help}) ×${v.nodes.length}: ` +
    v.nodes
      .slice(0, 4)
      .map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').split('\n').slice(1, 2).join('').trim()}`)
      .join(' | ');
  const all = violations as AxeViolation[];
  return {
    blocking: all.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(fmt),
    other: all.filter((v) => v.impact !== 'serious' && v.impact !== 'critical').map(fmt),
  };
}

/** Visible text rendered under 12 px (CSS px), with a sample of the text. */
async function tinyText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = (n.textContent ?? '').trim();
      const el = n.parentElement;
      if (!text || !el) continue;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (style.visibility === 'hidden' || style.display === 'none' || box.width === 0 || box.height === 0) continue;
      // screen-reader-only text (1×1 px, clipped) is not read by eye
      if (box.width <= 1 && box.height <= 1) continue;
      if (el.closest('[aria-hidden="true"]') && /^[\s\d\p{P}]*$/u.test(text)) continue;
      const px = parseFloat(style.fontSize);
      if (px < 12) out.push(`${px}px "${text.slice(0, 30)}" <${el.tagName.toLowerCase()} class="${el.className}">`);
    }
    return out;
  });
}

async function check(page: Page, name: string, locale: string) {
  await page.screenshot({ path: `${SCREENS}/a11y-${name}-${locale}.png` });
  const { blocking, other } = await axeViolations(page);
  if (other.length) console.log(`[a11y] ${name} ${locale}: minor/moderate:\n  ${other.join('\n  ')}`);
  expect.soft(blocking, `${name} (${locale}): serious/critical axe violations`).toEqual([]);
  expect.soft(await tinyText(page), `${name} (${locale}): text under 12 px`).toEqual([]);
}

async function setLocale(context: BrowserContext, locale: 'zh-CN' | 'en', baseURL: string) {
  await context.addCookies([{ name: 'NEXT_LOCALE', value: locale, url: baseURL }]);
}

for (const locale of ['zh-CN', 'en'] as const) {
  test.describe(`axe and type size, ${locale}`, () => {
    test.use({ locale: locale === 'en' ? 'en-US' : 'zh-CN' });
    // each test walks several screens (and runs axe on each): three times the usual time
    test.slow();

    test(`sign-in page and public survey (${locale})`, async ({ page, context, baseURL, browser }) => {
      await setLocale(context, locale, baseURL!);
      await page.goto('/login');
      await expect(page.getByRole('button', { name: /^(登录|Sign in)$/ })).toBeVisible();
      await check(page, 'login', locale);

      // a real survey link, made by a rep on a customer page, answered in a fresh browser
      await signInAndWaitForCustomers(page, 'rep1@demo.crystal');
      const c = await pickCustomer('rep1@demo.crystal');
      await page.goto(`/customers/${c.id}`);
      await page.getByTestId('action-survey').click();
      await page.getByTestId('survey-create').click();
      const link = page.getByTestId('survey-link');
      await expect(link).toHaveValue(/\/s\//);
      const url = await link.inputValue();
      const anon = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: locale === 'en' ? 'en-US' : 'zh-CN' });
      await setLocale(anon, locale, baseURL!);
      const survey = await anon.newPage();
      await survey.goto(url);
      await expect(survey.getByTestId('survey-form')).toBeVisible();
      await check(survey, 'survey', locale);
      await anon.close();
    });

    test(`a rep's screens (${locale})`, async ({ page, context, baseURL }) => {
      await setLocale(context, locale, baseURL!);
      await signInAndWaitForCustomers(page, 'rep1@demo.crystal');
      await check(page, 'customers', locale);

      const c = await pickCustomer('rep1@demo.crystal');
      await page.goto(`/customers/${c.id}`);
      await expect(page.getByTestId('action-survey')).toBeVisible();
      await check(page, 'customer', locale);
      await page.goto(`/customers/${c.id}?log=1`);
      await expect(page.getByTestId('quick-log-sheet')).toBeVisible();
      await check(page, 'customer-log-sheet', locale);

      await page.goto('/reminders');
      await expect(page.getByTestId('reminders-page')).toBeVisible();
      await check(page, 'reminders', locale);

      await page.goto('/log');
      await expect(page.getByTestId('log-page')).toBeVisible();
      await check(page, 'log', locale);

      await page.goto('/me');
      await expect(page.getByTestId('me-card')).toBeVisible();
      await check(page, 'me', locale);
    });

    test(`a manager's screens (${locale})`, async ({ page, context, baseURL }) => {
      await setLocale(context, locale, baseURL!);
      await signInAndWaitForCustomers(page, 'manager1@demo.crystal');
      await page.goto('/team');
      await expect(page.getByTestId('team-page')).toBeVisible();
      await check(page, 'team', locale);

      await page.goto('/insights');
      await expect(page.getByTestId('insights')).toBeVisible();
      await check(page, 'insights', locale);
    });
  });
}
