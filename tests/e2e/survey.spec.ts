// Satisfaction surveys end to end (issue 6), on a phone: a rep creates a link on the customer
// page (copy / QR); a fresh browser with no session answers it — also with JavaScript off and
// WeChat's user agent, and in English by the browser's language; the rep then sees the answer
// on the timeline (markup shown as text) and the profile's reasons mention it once the real
// recompute has run. Bad inputs get the right page or 4xx and store nothing; 200 guessed tokens
// from one IP are rate limited, never a 5xx. Ground truth comes from the database.
import { randomBytes } from 'node:crypto';
import { type Browser, type BrowserContextOptions, expect, type Page, test } from '@playwright/test';
import { SCREENS, signInAndWaitForCustomers } from './helpers/app.ts';
import { waitForOrgRecompute, withDb } from './helpers/db.ts';

const REP = 'rep1@demo.crystal';
const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 14; V2307A Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
const SCRIPT = '<script>window.__pwned = 1</script> 发货有点慢';

type Customer = { id: string; name: string; org_name: string };

test.beforeAll(async () => {
  await waitForOrgRecompute();
});

/** A rep-1 customer who has bought (so loyalty applies) and has never been sent a survey. */
async function surveyCustomer(offset: number): Promise<Customer> {
  return withDb(async (sql) => {
    const [row] = await sql<Customer[]>`
      select c.id, c.name, o.name as org_name from public.customers c
        join public.orgs o on o.id = c.org_id
        join public.members m on m.user_id = c.owner_id and m.org_id = c.org_id
        join public.customer_profiles p on p.customer_id = c.id
       where m.email = ${REP} and c.merged_into is null and p.loyalty in ('loyal', 'at_risk')
         and not exists (select 1 from public.surveys s where s.customer_id = c.id)
       order by c.name desc, c.id offset ${offset} limit 1`;
    if (!row) throw new Error('no customer for the survey test');
    return row;
  });
}

const responsesOf = (customerId: string) =>
  withDb((sql) => sql<{ nps: number; csat: number; comment: string | null }[]>`
    select nps, csat, comment from public.survey_responses where customer_id = ${customerId} order by created_at`);

/** The rep's page: open the survey sheet and create a link; returns the absolute URL. */
async function createLink(page: Page, customerId: string): Promise<string> {
  await page.goto(`/customers/${customerId}`);
  await page.getByTestId('action-survey').click();
  await expect(page.getByTestId('survey-sheet')).toBeVisible();
  await page.getByTestId('survey-create').click();
  const link = page.getByTestId('survey-link');
  await expect(link).toHaveValue(/\/s\/[A-Za-z0-9_-]{24}$/);
  return link.inputValue();
}

async function freshPhone(browser: Browser, extra: BrowserContextOptions = {}) {
  const context = await browser.newContext({ ...PHONE, ...extra });
  expect(await context.cookies()).toEqual([]);
  return context;
}

test.describe('satisfaction survey', () => {
  test('rep sends a link → customer (no login) answers → thank-you → rep sees it on the timeline and in the reasons', async ({ page, browser }) => {
    const c = await surveyCustomer(0);
    await signInAndWaitForCustomers(page, REP);
    const url = await createLink(page, c.id);
    const token = url.split('/s/')[1]!;
    // only the hash is stored
    const stored = await withDb((sql) => sql`select token_hash, expires_at from public.surveys where customer_id = ${c.id}`);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect((new Date(stored[0]!.expires_at as string).getTime() - Date.now()) / 86_400_000).toBeCloseTo(14, 0);
    await expect(page.getByTestId('survey-sheet')).toContainText('有效期至');
    await page.screenshot({ path: `${SCREENS}/survey-sheet.png` });

    await page.getByTestId('survey-copy').click();
    await expect(page.getByTestId('survey-notice')).toHaveText(/链接已复制|无法自动复制/);

    // full-screen QR; the phone's back button closes it and keeps the sheet
    await page.getByTestId('survey-qr').click();
    const qrImage = page.getByTestId('survey-qr-image');
    await expect(qrImage).toBeVisible();
    expect(await qrImage.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(200);
    const box = (await qrImage.boundingBox())!;
    expect(box.width).toBeGreaterThan(300); // most of a 390 px screen
    await page.screenshot({ path: `${SCREENS}/survey-qr.png` });
    await page.goBack();
    await expect(page.getByTestId('survey-qr-screen')).toHaveCount(0);
    await expect(page.getByTestId('survey-link')).toHaveValue(url);

    // the customer: a fresh browser, no session
    const customer = await freshPhone(browser);
    const phone = await customer.newPage();
    const opened = await phone.goto(url);
    expect(opened!.status()).toBe(200);
    await expect(phone.getByTestId('survey-org')).toHaveText(c.org_name);
    await expect(phone.locator('body')).not.toContainText(c.name); // the org's name, nothing about the customer
    await expect(phone.locator('meta[property="og:title"]')).toHaveAttribute('content', `${c.org_name} 邀请您评价服务`);
    await expect(phone.locator('meta[property="og:image"]')).toHaveAttribute('content', /^http:\/\/localhost:\d+\/icons\/icon-512\.png$/);
    // big tap targets
    for (const id of ['nps-0', 'nps-10', 'csat-1', 'csat-5', 'survey-submit']) {
      const b = (await phone.getByTestId(id).boundingBox())!;
      expect(Math.min(b.width, b.height), id).toBeGreaterThanOrEqual(44);
    }
    await phone.screenshot({ path: `${SCREENS}/survey-public-form.png`, fullPage: true });
    await phone.getByTestId('nps-3').click();
    await phone.getByTestId('csat-2').click();
    await phone.getByTestId('survey-comment').fill(SCRIPT);
    await phone.screenshot({ path: `${SCREENS}/survey-public-filled.png`, fullPage: true });
    await phone.getByTestId('survey-submit').click();
    await phone.waitForURL(/\?sent=1$/);
    await expect(phone.getByTestId('survey-state-thanks')).toContainText('谢谢您的反馈');
    await phone.screenshot({ path: `${SCREENS}/survey-public-thanks.png` });
    expect(await responsesOf(c.id)).toEqual([{ nps: 3, csat: 2, comment: SCRIPT }]);
    // a customer's phone gets no service worker (no app shell precached on their data plan)
    expect(await phone.evaluate(async () => Boolean(await navigator.serviceWorker?.getRegistration()))).toBe(false);

    // the same link again: 已提交, and nothing about whose it was
    await phone.goto(url);
    await expect(phone.getByTestId('survey-state-answered')).toContainText('已提交');
    await expect(phone.locator('body')).not.toContainText(c.org_name);
    await phone.screenshot({ path: `${SCREENS}/survey-public-answered.png` });
    expect(await phone.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await customer.close();

    // the rep: the answer on the timeline, markup as plain text
    await page.goto(`/customers/${c.id}`);
    const entry = page.getByTestId('timeline-survey').first();
    await expect(entry).toContainText('3');
    await expect(entry).toContainText(SCRIPT);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    // …and the reasons, once the recompute the answer triggered has run
    await expect
      .poll(
        () =>
          withDb(async (sql) => {
            const [p] = await sql<{ rules: string[] }[]>`
              select array(select r ->> 'rule' from jsonb_array_elements(reasons -> 'loyalty') r) as rules
              from public.customer_profiles where customer_id = ${c.id}`;
            return p?.rules ?? [];
          }),
        { timeout: 20_000, intervals: [300, 500, 1000] },
      )
      .toContain('loyalty.low_survey');
    await page.reload();
    await expect(page.getByTestId('fact-tags')).toContainText('答复问卷1/1，最近一次推荐评分 3/10');
    await page.getByTestId('chip-loyalty').click();
    await expect(page.getByTestId('sheet-reasons')).toContainText('满意度偏低（最近一次推荐评分 3/10，平均满意度 2/5）');
    await page.screenshot({ path: `${SCREENS}/survey-reasons.png` });
  });

  test('works with JavaScript off in WeChat’s browser; English by the browser’s language', async ({ page, browser }) => {
    const c = await surveyCustomer(1);
    await signInAndWaitForCustomers(page, REP);
    const url = await createLink(page, c.id);

    const wechat = await freshPhone(browser, { javaScriptEnabled: false, userAgent: WECHAT_UA });
    const phone = await wechat.newPage();
    await phone.goto(url);
    await expect(phone.getByTestId('survey-org')).toHaveText(c.org_name);
    // the browser itself refuses a post without both scores (required radios)
    await phone.getByTestId('survey-submit').click();
    await expect(phone.getByTestId('survey-form')).toBeVisible();
    expect(await responsesOf(c.id)).toEqual([]);
    await phone.getByTestId('nps-10').click();
    await phone.getByTestId('csat-5').click();
    await phone.getByTestId('survey-submit').click();
    await phone.waitForURL(/\?sent=1$/);
    await expect(phone.getByTestId('survey-state-thanks')).toBeVisible();
    expect(await responsesOf(c.id)).toEqual([{ nps: 10, csat: 5, comment: null }]);
    await wechat.close();

    const c2 = await surveyCustomer(2);
    const url2 = await createLink(page, c2.id);
    const english = await freshPhone(browser, { locale: 'en-US' });
    const en = await english.newPage();
    await en.goto(url2);
    await expect(en.getByText('How likely are you to recommend us to a friend or colleague?')).toBeVisible();
    await expect(en.getByTestId('survey-submit')).toHaveText('Send');
    await en.screenshot({ path: `${SCREENS}/survey-public-form-en.png`, fullPage: true });
    await english.close();
  });

  test('an autonomous customer: the sheet says why no reminder proposes a survey, and the rep may still send one', async ({ page }) => {
    const [c] = await withDb((sql) => sql<{ id: string }[]>`
      select c.id from public.customers c join public.members m on m.user_id = c.owner_id
      join public.customer_profiles p on p.customer_id = c.id
      where m.email = ${REP} and p.relationship_type = 'autonomous' order by c.id limit 1`);
    const [other] = await withDb((sql) => sql<{ id: string }[]>`
      select c.id from public.customers c join public.members m on m.user_id = c.owner_id
      join public.customer_profiles p on p.customer_id = c.id
      where m.email = ${REP} and p.relationship_type = 'loyal' and p.relationship_secondary is null order by c.id limit 1`);
    await signInAndWaitForCustomers(page, REP);
    await page.goto(`/customers/${c!.id}?action=survey`);
    await expect(page.getByTestId('survey-autonomous-note')).toContainText('自主型客户通常不回应调查');
    expect(await createLink(page, c!.id)).toMatch(/\/s\//);
    await page.goto(`/customers/${other!.id}?action=survey`);
    await expect(page.getByTestId('survey-create')).toBeVisible();
    await expect(page.getByTestId('survey-autonomous-note')).toHaveCount(0);
  });

  test('bad inputs get the right page or 4xx and store nothing; expired and made-up links have their own pages', async ({ page, browser, playwright }) => {
    const c = await surveyCustomer(3);
    await signInAndWaitForCustomers(page, REP);
    const url = await createLink(page, c.id);
    const path = new URL(url).pathname;
    const api = await playwright.request.newContext({ baseURL: new URL(url).origin, extraHTTPHeaders: { 'x-forwarded-for': '192.0.2.10' } });
    const post = (body: unknown, p = path) => api.post(`${p}/submit`, { data: body, headers: { accept: 'application/json' } });

    // out of range / malformed → 400 (zh + en message), too long → 413
    for (const body of [{ nps: 11, csat: 3 }, { nps: 5, csat: 0 }, { nps: -1, csat: 3 }, { nps: 5.5, csat: 3 }, { nps: '5', csat: 'x' }, {}, 'nonsense']) {
      const res = await post(body);
      expect(res.status(), JSON.stringify(body)).toBe(400);
      expect((await res.json()).message.zh).toBeTruthy();
    }
    const long = await post({ nps: 5, csat: 3, comment: 'x'.repeat(20_000) });
    expect(long.status()).toBe(413);
    // the same as a plain form: back to the form with the reason, nothing lost but the post
    const form = await api.post(`${path}/submit`, { form: { nps: '5', csat: '3', comment: '长'.repeat(20_000) }, maxRedirects: 0 });
    expect(form.status()).toBe(303);
    expect(form.headers().location).toBe(`${path}?e=too_long`);
    const formBad = await api.post(`${path}/submit`, { form: { nps: '11', csat: '3' }, maxRedirects: 0 });
    expect(formBad.headers().location).toBe(`${path}?e=invalid`);
    expect(await responsesOf(c.id)).toEqual([]);
    // that was 10 posts at one token: the 11th is refused whatever it says (per-token limit)
    const eleventh = await post({ nps: 7, csat: 4 });
    expect(eleventh.status()).toBe(429);
    expect(await responsesOf(c.id)).toEqual([]);

    // the form shows the reason
    const browserless = await freshPhone(browser);
    const phone = await browserless.newPage();
    await phone.goto(`${path}?e=too_long`);
    await expect(phone.getByTestId('survey-error')).toHaveText('留言太长了，最多 2000 字。');

    // a good answer on a new link, then the same token again → 409 and still one answer
    const path2 = new URL(await createLink(page, c.id)).pathname;
    expect((await post({ nps: 7, csat: 4, comment: '  <b>ok</b>  ' }, path2)).status()).toBe(200);
    const again = await post({ nps: 0, csat: 1 }, path2);
    expect(again.status()).toBe(409);
    expect((await again.json()).error).toBe('answered');
    expect(await responsesOf(c.id)).toEqual([{ nps: 7, csat: 4, comment: '<b>ok</b>' }]);

    // expired → 410 and the 已过期 page
    const c2 = await surveyCustomer(4);
    const expiredUrl = await createLink(page, c2.id);
    await withDb((sql) => sql`update public.surveys set expires_at = now() - interval '1 minute' where customer_id = ${c2.id}`);
    expect((await post({ nps: 9, csat: 5 }, new URL(expiredUrl).pathname)).status()).toBe(410);
    expect(await responsesOf(c2.id)).toEqual([]);
    await phone.goto(expiredUrl);
    await expect(phone.getByTestId('survey-state-expired')).toContainText('链接已过期');
    await expect(phone.locator('body')).not.toContainText(c2.org_name);
    await phone.screenshot({ path: `${SCREENS}/survey-public-expired.png` });

    // made up → 404 and the 链接无效 page
    const madeUp = `/s/${randomBytes(18).toString('base64url')}`;
    expect((await post({ nps: 9, csat: 5 }, madeUp)).status()).toBe(404);
    const res = await phone.goto(madeUp);
    expect(res!.status()).toBe(404);
    await expect(phone.getByTestId('survey-state-invalid')).toContainText('链接无效');
    await phone.screenshot({ path: `${SCREENS}/survey-public-invalid.png` });
    expect((await phone.goto('/s/%3Cscript%3E'))!.status()).toBe(404);

    // someone else's customer: the rep cannot make a link for it
    const other = await withDb((sql) => sql<{ id: string }[]>`
      select c.id from public.customers c join public.members m on m.user_id = c.owner_id
      where m.email = 'rep4@demo.crystal' limit 1`);
    const refused = await page.request.post('/api/surveys', { data: { customer_id: other[0]!.id } });
    expect(refused.status()).toBe(403);
    expect((await page.request.post('/api/surveys', { data: { customer_id: 'nope' } })).status()).toBe(400);
    await api.dispose();
    await browserless.close();
  });

  test('brute force: 200 random tokens from one IP are rate limited after the configured number, never a 5xx', async ({ playwright, browser }) => {
    const ip = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
    const api = await playwright.request.newContext({ extraHTTPHeaders: { 'x-forwarded-for': ip, accept: 'application/json' } });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) {
      const res = await api.post(`/s/${randomBytes(18).toString('base64url')}/submit`, { data: { nps: 5, csat: 3 } });
      statuses.push(res.status());
    }
    const counts = statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});
    expect(counts).toEqual({ 404: 20, 429: 180 }); // SURVEY_LIMITS.perIpFailures = 20
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true);
    const limited = await api.post(`/s/${randomBytes(18).toString('base64url')}/submit`, { data: { nps: 5, csat: 3 } });
    expect(limited.headers()['retry-after']).toBe('900');
    await api.dispose();

    // the page from that IP says so too; another IP is not affected
    const blocked = await freshPhone(browser, { extraHTTPHeaders: { 'x-forwarded-for': ip } });
    const phone = await blocked.newPage();
    await phone.goto(`/s/${randomBytes(18).toString('base64url')}`);
    await expect(phone.getByTestId('survey-state-limited')).toContainText('请稍后再试');
    await phone.screenshot({ path: `${SCREENS}/survey-public-limited.png` });
    await blocked.close();
    const fine = await freshPhone(browser, { extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.77' } });
    const other = await fine.newPage();
    expect((await other.goto(`/s/${randomBytes(18).toString('base64url')}`))!.status()).toBe(404);
    await fine.close();
  });
});

test('the manager’s team view shows response rate and NPS (promoters % − detractors %) per rep and per relationship type', async ({ page }) => {
  const expected = await withDb(async (sql) => {
    const [rep] = await sql<{ user_id: string; display_name: string; team_id: string }[]>`
      select user_id, display_name, team_id from public.members where email = ${REP}`;
    // sent = answered + expired unanswered (the engine's rule); open links are pending
    const [row] = await sql<{ sent: number; answered: number; pending: number; nps: number | null }[]>`
      select count(*) filter (where r.id is not null or s.expires_at <= now())::int as sent, count(r.id)::int as answered,
             count(*) filter (where r.id is null and s.expires_at > now())::int as pending,
             round(100.0 * (count(*) filter (where r.nps >= 9) - count(*) filter (where r.nps <= 6)) / nullif(count(r.nps), 0), 1)::float8 as nps
      from public.surveys s join public.customers c on c.id = s.customer_id
      left join public.survey_responses r on r.survey_id = s.id
      where c.owner_id = ${rep!.user_id} and s.created_at >= now() - interval '90 days'`;
    return { rep: rep!, ...row! };
  });
  expect(expected.sent + expected.pending).toBeGreaterThan(0); // at least the links the tests above sent
  await signInAndWaitForCustomers(page, 'manager1@demo.crystal');
  await page.goto('/team');
  const stats = page.getByTestId('survey-stats');
  await expect(stats).toBeVisible();
  const row = page.getByTestId('survey-stats-by-rep').locator(`[data-key="${expected.rep.user_id}"]`);
  await expect(row).toContainText(expected.rep.display_name);
  await expect(row).toContainText(`答复 ${expected.answered}/${expected.sent}`);
  await expect(row.getByTestId('survey-stats-rate')).toHaveText(expected.sent ? `${Math.round((expected.answered / expected.sent) * 100)}%` : '–');
  if (expected.pending) await expect(row.getByTestId('survey-stats-pending')).toContainText(`${expected.pending} 份待答复`);
  else await expect(row.getByTestId('survey-stats-pending')).toHaveCount(0);
  await expect(row.getByTestId('survey-stats-nps')).toHaveText(expected.nps === null ? '–' : String(expected.nps));
  // reps of the other team are not in a team-1 manager's view
  const otherRep = await withDb((sql) => sql<{ user_id: string }[]>`select user_id from public.members where email = 'rep4@demo.crystal'`);
  await expect(page.getByTestId('survey-stats-by-rep').locator(`[data-key="${otherRep[0]!.user_id}"]`)).toHaveCount(0);
  await expect(page.getByTestId('survey-stats-by-type')).toContainText(/自主型|依赖型|忠诚型|待判断|待计算/);
  await stats.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENS}/survey-team-stats.png` });
});
