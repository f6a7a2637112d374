// send-reminders under real Deno (the launcher's functions host) against the real database,
// pushing to a real https receiver (tests/helpers/push-receiver.ts: self-signed certificate
// trusted by Deno via DENO_CERT). Every push is checked as a push service and a browser would:
// the VAPID JWT signature against our public key, and the aes128gcm payload decrypted with the
// device's private key must be exactly the JSON we meant to send.
import { randomUUID, webcrypto } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFunctions, stopChild } from '../../scripts/lib/stack.ts';
import { type Device, makeDevice, openPush, type Receiver, startPushReceiver } from '../helpers/push-receiver.ts';

const KEY = `test-service-key-${randomUUID()}`;
const SUBJECT = 'mailto:push-test@crystal.local';
let admin: Sql;
let fn: { url: string; child: ChildProcess };
let receiver: Receiver;
let vapidPublic: string;
let orgId: string;
let rep: string;
let lonely: string; // a member with no device
let zhang: string;
let li: string;

const call = (body: unknown, key: string | null = KEY) =>
  fetch(`${fn.url}/functions/v1/send-reminders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const run = async (opts: { batch?: number } = {}) => {
  const res = await call({ org_id: orgId, ...opts });
  expect(res.status).toBe(200);
  return (await res.json()) as { reminders: number; sent: number; failed: number; gone: number; no_device: number };
};

async function member(name: string) {
  const id = randomUUID();
  await admin`insert into auth.users (id, email) values (${id}, ${`${id}@push.test`})`;
  await admin`insert into members (user_id, org_id, role, display_name) values (${id}, ${orgId}, 'rep', ${name})`;
  return id;
}
async function customer(owner: string, name: string) {
  const [c] = await admin`insert into customers (org_id, owner_id, name) values (${orgId}, ${owner}, ${name}) returning id`;
  return c!.id as string;
}
const REASON = { rule: 'playbook.care', params: {}, zh: '下单后三天，问问用得怎么样', en: 'three days after the order: ask how it is going' };
async function reminder(customerId: string, assignee: string, fields: { due?: string; status?: string; snoozed_until?: string | null; notified_at?: string | null } = {}) {
  const [r] = await admin`
    insert into reminders (org_id, customer_id, assignee_id, kind, due_at, reason, status, snoozed_until, notified_at, dedupe_key)
    values (${orgId}, ${customerId}, ${assignee}, 'care', now() + ${fields.due ?? '-5 minutes'}::interval, ${admin.json(REASON)},
            ${fields.status ?? 'open'}, now() + ${fields.snoozed_until ?? null}::interval, now() + ${fields.notified_at ?? null}::interval,
            ${'test:' + randomUUID()})
    returning id`;
  return r!.id as string;
}
async function subscribe(user: string, d: Device, locale: 'zh-CN' | 'en' | null = null) {
  const [s] = await admin`insert into push_subscriptions (org_id, user_id, endpoint, p256dh, auth, locale)
                          values (${orgId}, ${user}, ${d.endpoint}, ${d.p256dh}, ${d.auth}, ${locale}) returning id`;
  return s!.id as string;
}
const received = (d: Device) => receiver.requests.filter((r) => r.path === d.path);
const notes = (reminderId: string) =>
  admin`select status, http_status, attempts, subscription_id from notifications where reminder_id = ${reminderId} order by id`;

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 4 });
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  vapidPublic = Buffer.from(await webcrypto.subtle.exportKey('raw', pair.publicKey)).toString('base64url');
  receiver = await startPushReceiver();
  Object.assign(process.env, {
    SUPABASE_SERVICE_ROLE_KEY: KEY,
    VAPID_PUBLIC_KEY: vapidPublic,
    VAPID_PRIVATE_KEY: (await webcrypto.subtle.exportKey('jwk', pair.privateKey)).d!,
    VAPID_SUBJECT: SUBJECT,
    DENO_CERT: receiver.certPath, // Deno trusts the receiver's self-signed certificate
    // The receiver is on 127.0.0.1: the test-only loopback allowance (never set by the launcher;
    // supabase/functions/_shared/public-address.ts).
    CRYSTAL_PUSH_TEST_LOOPBACK: '1',
    PUSH_RETRY_BASE_MS: '100',
  });
  fn = await startFunctions({ adminUrl: inject('adminUrl') });
  const [org] = await admin`insert into orgs (slug, name) values (${'fn-push-' + randomUUID().slice(0, 8)}, '推送测试') returning id`;
  orgId = org!.id as string;
  rep = await member('推送销售');
  lonely = await member('没手机的销售');
  zhang = await customer(rep, '张三');
  li = await customer(rep, '李四');
}, 120_000);
afterAll(async () => {
  await stopChild(fn?.child);
  await receiver?.close();
  await admin?.end();
});

describe('send-reminders', () => {
  it('refuses calls without the service key (401) and bad bodies (400)', async () => {
    expect((await call({}, null)).status).toBe(401);
    expect((await call({}, 'wrong')).status).toBe(401);
    const bad = await call({ limit: 0, org_id: 'x', extra: 1 });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message.zh).toBeTruthy();
    expect((await call('{nope')).status).toBe(400);
  });

  it('pushes a due reminder once to every device of its assignee, signed and encrypted, in each device\'s language', async () => {
    const phone = makeDevice(receiver, 'phone-zh');
    const tablet = makeDevice(receiver, 'tablet-en');
    const phoneSub = await subscribe(rep, phone, 'zh-CN');
    await subscribe(rep, tablet, 'en');
    const due = await reminder(zhang, rep);
    const future = await reminder(li, rep, { due: '2 hours' });
    const dismissed = await reminder(li, rep, { status: 'dismissed' });
    const staleDay = await reminder(li, rep, { due: '-2 days' }); // too old to push: the inbox has it

    const out = await run();
    expect(out).toEqual({ reminders: 1, sent: 2, failed: 0, gone: 0, no_device: 0 });

    const [toPhone] = received(phone);
    const [toTablet] = received(tablet);
    expect(received(phone)).toHaveLength(1);
    expect(received(tablet)).toHaveLength(1);
    const zh = await openPush(toPhone!, phone, vapidPublic);
    expect(zh.payload).toEqual({
      title: '跟进提醒',
      body: `张三：${REASON.zh}`,
      customer: '张三',
      reason: REASON.zh,
      url: `/customers/${zhang}`,
      tag: `reminder-${due}`,
      reminder_id: due,
      lang: 'zh',
    });
    // RFC 8292: audience is the push service's origin, a contact, and at most 24 h of validity.
    expect(zh.claims.aud).toBe(receiver.origin);
    expect(zh.claims.sub).toBe(SUBJECT);
    expect(zh.claims.exp! - Date.now() / 1000).toBeLessThanOrEqual(24 * 3600);
    expect(toPhone!.headers.ttl).toMatch(/^\d+$/);
    const en = await openPush(toTablet!, tablet, vapidPublic);
    expect(en.payload).toMatchObject({ title: 'Follow-up reminder', body: `张三: ${REASON.en}`, lang: 'en', url: `/customers/${zhang}` });
    // The phone's key cannot open the tablet's message.
    await expect(openPush(toTablet!, phone, vapidPublic)).rejects.toThrow();

    expect(await notes(due)).toEqual(expect.arrayContaining([{ status: 'sent', http_status: 201, attempts: 1, subscription_id: phoneSub }]));
    expect(await notes(due)).toHaveLength(2);
    for (const id of [future, dismissed, staleDay]) expect(await notes(id)).toHaveLength(0);
    const [r] = await admin`select notified_at from reminders where id = ${due}`;
    expect(r!.notified_at).toBeInstanceOf(Date);
  });

  it('a second run sends nothing again', async () => {
    const before = receiver.requests.length;
    expect(await run()).toEqual({ reminders: 0, sent: 0, failed: 0, gone: 0, no_device: 0 });
    expect(receiver.requests.length).toBe(before);
  });

  it('pushes again when a snooze ends (notified before the snooze)', async () => {
    const d = makeDevice(receiver, 'snooze');
    await admin`delete from push_subscriptions where user_id = ${rep}`;
    await subscribe(rep, d);
    const snoozed = await reminder(li, rep, { status: 'snoozed', due: '-3 hours', notified_at: '-3 hours', snoozed_until: '-1 minute' });
    const stillSnoozed = await reminder(li, rep, { status: 'snoozed', due: '-3 hours', notified_at: '-3 hours', snoozed_until: '1 hour' });
    expect(await run()).toMatchObject({ reminders: 1, sent: 1 });
    const { payload } = await openPush(received(d)[0]!, d, vapidPublic);
    expect(payload).toMatchObject({ reminder_id: snoozed, lang: 'zh', body: `李四：${REASON.zh}` }); // no locale stored → zh
    expect(await notes(stillSnoozed)).toHaveLength(0);
  });

  it('deletes a subscription the push service answers 410 (and 404) for', async () => {
    await admin`delete from push_subscriptions where user_id = ${rep}`;
    const gone = makeDevice(receiver, 'gone-410');
    const missing = makeDevice(receiver, 'gone-404');
    await subscribe(rep, gone);
    await subscribe(rep, missing);
    receiver.script(gone.path, [{ status: 410 }]);
    receiver.script(missing.path, [{ status: 404 }]);
    const id = await reminder(zhang, rep);
    expect(await run()).toMatchObject({ reminders: 1, gone: 2, sent: 0 });
    expect(received(gone)).toHaveLength(1); // 410 is final: not retried
    const left = await admin`select endpoint from push_subscriptions where user_id = ${rep}`;
    expect(left).toHaveLength(0);
    const rows = await notes(id);
    expect(rows.map((r) => [r.status, r.http_status, r.subscription_id]).sort()).toEqual([['gone', 404, null], ['gone', 410, null]]);
  });

  it('retries a 503 after the Retry-After it names, then succeeds', async () => {
    const d = makeDevice(receiver, 'busy');
    await subscribe(rep, d);
    receiver.script(d.path, [{ status: 503, headers: { 'retry-after': '1' } }, { status: 201 }]);
    const id = await reminder(zhang, rep);
    expect(await run()).toMatchObject({ reminders: 1, sent: 1, failed: 0 });
    const [first, second] = received(d);
    expect(received(d)).toHaveLength(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950); // waited as told, not the 100 ms backoff
    // Each attempt is freshly encrypted and both decrypt to the same message.
    expect(first!.body.equals(second!.body)).toBe(false);
    expect((await openPush(second!, d, vapidPublic)).payload).toMatchObject({ reminder_id: id });
    expect(await notes(id)).toEqual([expect.objectContaining({ status: 'sent', http_status: 201, attempts: 2 })]);
  });

  it('gives up after a bounded number of tries, and at once on a Retry-After beyond the bound', async () => {
    await admin`delete from push_subscriptions where user_id = ${rep}`;
    const down = makeDevice(receiver, 'down');
    const later = makeDevice(receiver, 'later');
    const downSub = await subscribe(rep, down);
    await subscribe(rep, later);
    receiver.script(down.path, [{ status: 500 }, { status: 502 }, { status: 503 }, { status: 201 }]);
    receiver.script(later.path, [{ status: 429, headers: { 'retry-after': '3600' } }]);
    const id = await reminder(zhang, rep);
    expect(await run()).toMatchObject({ reminders: 1, sent: 0, failed: 2 });
    expect(received(down)).toHaveLength(3);
    expect(received(later)).toHaveLength(1);
    const rows = await notes(id);
    expect(rows.map((r) => [r.status, r.http_status, r.attempts]).sort()).toEqual([['failed', 429, 1], ['failed', 503, 3]]);
    // A failed push keeps the subscription (only 404/410 drop it), and the reminder is not re-sent.
    expect(await admin`select 1 from push_subscriptions where id = ${downSub}`).toHaveLength(1);
    expect(await run()).toMatchObject({ reminders: 0 });
  });

  it('records a reminder whose assignee has no device', async () => {
    const id = await reminder(zhang, lonely);
    expect(await run()).toEqual({ reminders: 1, sent: 0, failed: 0, gone: 0, no_device: 1 });
    expect(await notes(id)).toEqual([{ status: 'no_device', http_status: null, attempts: 0, subscription_id: null }]);
  });

  it('two overlapping runs never push the same reminder twice', async () => {
    await admin`delete from push_subscriptions where user_id = ${rep}`;
    const d = makeDevice(receiver, 'race');
    await subscribe(rep, d);
    // Slow answers keep both runs busy at the same time.
    receiver.script(d.path, Array.from({ length: 30 }, () => ({ status: 201, delayMs: 150 })));
    const ids = await Promise.all(Array.from({ length: 30 }, () => reminder(zhang, rep)));
    // Three at a time, so both runs keep claiming while the other is sending.
    const [a, b] = await Promise.all([run({ batch: 3 }), run({ batch: 3 })]);
    expect(a.reminders).toBeGreaterThan(0);
    expect(b.reminders).toBeGreaterThan(0);
    expect(a.reminders + b.reminders).toBe(30);
    expect(a.sent + b.sent).toBe(30);
    const got = await Promise.all(received(d).map(async (r) => ((await openPush(r, d, vapidPublic)).payload as { reminder_id: string }).reminder_id));
    expect(got.sort()).toEqual([...ids].sort());
    expect(await run()).toMatchObject({ reminders: 0 });
  });

  // Issue 13 finding 5 (blind SSRF). Tried: subscriptions stored straight in the table (past the
  // route's check, as an old row or a name that re-resolved would be) pointing at cloud metadata,
  // private, CGNAT, unique-local and IPv4-mapped addresses. On main send-reminders POSTed to each
  // and stored whether the host answered. Even with the loopback allowance on, none is contacted,
  // and each gets the same neutral error.
  it('sends nothing to a non-public address, checked at send time; the stored error is the same for all', async () => {
    await admin`delete from push_subscriptions where user_id = ${rep}`;
    const port = new URL(receiver.origin).port;
    const hosts = ['169.254.169.254', '10.0.0.1', '192.168.1.10', '100.64.0.1', '[fd00::1]', '[fe80::1]', '[::ffff:169.254.169.254]', '0.0.0.0', '[64:ff9b::a9fe:a9fe]'];
    // (Loopback itself is let through here — the receiver lives there; without the test switch it
    // is refused like these: tests/unit/security/push-endpoint.test.ts.)
    const before = receiver.requests.length;
    for (const [i, host] of hosts.entries()) {
      const d = makeDevice(receiver, `ssrf-${i}`);
      await subscribe(rep, { ...d, endpoint: `https://${host}:${port}${d.path}` });
    }
    const id = await reminder(zhang, rep);
    expect(await run()).toMatchObject({ reminders: 1, sent: 0, failed: hosts.length });
    expect(receiver.requests.length).toBe(before);
    const rows = await admin`select status, http_status, attempts, error from notifications where reminder_id = ${id}`;
    expect(rows).toHaveLength(hosts.length);
    for (const r of rows) expect(r).toEqual({ status: 'failed', http_status: null, attempts: 0, error: 'endpoint is not a public push service' });
    await admin`delete from push_subscriptions where user_id = ${rep}`;
  });
});
