// send-reminders delivering to 企业微信 for members who chose it (issue 14), under real Deno against
// the real database and a local https WeCom receiver (tests/helpers/wecom-receiver.ts) that checks
// each request as WeCom documents it. Once per channel: the reminder_deliveries row (unique
// reminder + channel) means a second run — or a retry after WeCom was busy — never sends twice.
import { randomUUID, webcrypto } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFunctions, stopChild } from '../../scripts/lib/stack.ts';
import { startWecomReceiver } from '../helpers/wecom-receiver.ts';

const KEY = `test-service-key-${randomUUID()}`;
const CORP = { corpid: 'wwcrystaltest', secret: 'server-only-secret', agentid: 1000007 };
let admin: Sql;
let fn: { url: string; child: ChildProcess };
let receiver: Awaited<ReturnType<typeof startWecomReceiver>>;
let orgId: string;
let rep: string;

const run = async () => {
  const res = await fetch(`${fn.url}/functions/v1/send-reminders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
    body: JSON.stringify({ org_id: orgId }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, number>;
};
async function reminder(name: string) {
  const [c] = await admin`insert into customers (org_id, owner_id, name) values (${orgId}, ${rep}, ${name}) returning id`;
  const [r] = await admin`
    insert into reminders (org_id, customer_id, assignee_id, kind, due_at, reason, dedupe_key)
    values (${orgId}, ${c!.id}, ${rep}, 'follow_up', now() - interval '5 minutes',
            ${admin.json({ zh: '约定跟进：带样品上门', en: 'follow-up: samples' })}, ${'t:' + randomUUID()}) returning id`;
  return { reminder: r!.id as string, customer: c!.id as string };
}
const sends = () => receiver.requests.filter((r) => r.path === '/cgi-bin/message/send');
const delivery = (id: string) => admin`select status, attempts, last_error from reminder_deliveries where reminder_id = ${id} and channel = 'wecom'`;

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 4 });
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  receiver = await startWecomReceiver(CORP);
  Object.assign(process.env, {
    SUPABASE_SERVICE_ROLE_KEY: KEY,
    VAPID_PUBLIC_KEY: Buffer.from(await webcrypto.subtle.exportKey('raw', pair.publicKey)).toString('base64url'),
    VAPID_PRIVATE_KEY: (await webcrypto.subtle.exportKey('jwk', pair.privateKey)).d!,
    VAPID_SUBJECT: 'mailto:wecom-test@crystal.local',
    DENO_CERT: receiver.certPath,
    CRYSTAL_APP_URL: 'https://crm.example.cn',
  });
  fn = await startFunctions({ adminUrl: inject('adminUrl') });
  const [org] = await admin`insert into orgs (slug, name) values (${'fn-wecom-' + randomUUID().slice(0, 8)}, '企业微信测试') returning id`;
  orgId = org!.id as string;
  rep = randomUUID();
  await admin`insert into auth.users (id, email) values (${rep}, ${`${rep}@wecom.test`})`;
  await admin`insert into members (user_id, org_id, role, display_name) values (${rep}, ${orgId}, 'rep', '企微销售')`;
  await admin`insert into member_channels (org_id, user_id, channel, wecom_userid) values (${orgId}, ${rep}, 'wecom', 'ZhangWei')`;
  await admin`insert into private.wecom_apps (org_id, corpid, agentid, secret, base_url) values (${orgId}, ${CORP.corpid}, ${CORP.agentid}, ${CORP.secret}, ${receiver.origin})`;
}, 120_000);
afterAll(async () => {
  await stopChild(fn?.child);
  await receiver?.close();
  await admin?.end();
});

describe('send-reminders → 企业微信', () => {
  it('sends a due reminder once as a textcard to the member\'s WeCom userid, deep-linking to the customer; a second run sends nothing', async () => {
    const { reminder: id, customer } = await reminder('张三');
    const out = await run();
    expect(out).toMatchObject({ wecom_sent: 1 });
    expect(out.wecom_failed ?? 0).toBe(0);
    expect(sends()).toHaveLength(1);
    const [send] = sends();
    expect(send!.problems).toEqual([]);
    expect(send!.body).toEqual({
      touser: 'ZhangWei',
      msgtype: 'textcard',
      agentid: CORP.agentid,
      textcard: { title: '提醒：张三', description: '约定跟进：带样品上门', url: `https://crm.example.cn/customers/${customer}`, btntxt: '查看客户' },
    });
    expect(await delivery(id)).toEqual([{ status: 'sent', attempts: 1, last_error: null }]);
    // the token is cached for the org until expires_in; the secret stayed on the server
    const [tok] = await admin`select expires_at > now() + interval '1 hour' as fresh from private.wecom_tokens where org_id = ${orgId}`;
    expect(tok!.fresh).toBe(true);
    // what was tried: the same reminder owed again (its notified_at cleared) — WeCom is not asked twice
    await admin`update reminders set notified_at = null where id = ${id}`;
    expect((await run()).wecom_sent ?? 0).toBe(0);
    expect(sends()).toHaveLength(1);
  });

  it('WeCom busy (−1): recorded, retried with backoff, then sent — still one message', async () => {
    const before = sends().length;
    const { reminder: id } = await reminder('李四');
    receiver.scriptErrcodes(-1);
    expect(await run()).toMatchObject({ wecom_retry: 1 });
    expect(await delivery(id)).toEqual([{ status: 'pending', attempts: 1, last_error: 'errcode -1: scripted' }]);
    const early = await run(); // not yet: backoff
    expect([early.wecom_sent ?? 0, early.wecom_retry ?? 0]).toEqual([0, 0]);
    await admin`update reminder_deliveries set next_attempt_at = now() - interval '1 second' where reminder_id = ${id}`;
    expect(await run()).toMatchObject({ wecom_sent: 1 });
    expect(await delivery(id)).toEqual([{ status: 'sent', attempts: 2, last_error: null }]);
    expect(sends().length - before).toBe(2); // the busy answer and the one that went through
  });

  it('a user outside the app (81013) fails for good, with the errcode recorded', async () => {
    const { reminder: id } = await reminder('王五');
    receiver.scriptErrcodes(81013);
    expect(await run()).toMatchObject({ wecom_failed: 1 });
    expect(await delivery(id)).toEqual([{ status: 'failed', attempts: 1, last_error: 'errcode 81013: scripted' }]);
  });
});

describe('channel-test (the Me tab\'s 发送测试消息)', () => {
  const test = (body: unknown) =>
    fetch(`${fn.url}/functions/v1/channel-test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify(body),
    });
  it('sends one textcard to the member on WeCom; a Web Push member gets 409; a bad body 400; no key 401', async () => {
    const before = sends().length;
    const res = await test({ org_id: orgId, user_id: rep });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, channel: 'wecom' });
    expect(sends().length - before).toBe(1);
    expect(sends().at(-1)!.body).toMatchObject({ touser: 'ZhangWei', msgtype: 'textcard', agentid: CORP.agentid, textcard: { title: '水晶球测试消息', url: 'https://crm.example.cn/reminders' } });
    expect(sends().at(-1)!.problems).toEqual([]);
    await admin`update member_channels set channel = 'webpush' where user_id = ${rep}`;
    try {
      expect((await test({ org_id: orgId, user_id: rep })).status).toBe(409);
    } finally {
      await admin`update member_channels set channel = 'wecom' where user_id = ${rep}`;
    }
    expect((await test({ org_id: 'x' })).status).toBe(400);
    const noKey = await fetch(`${fn.url}/functions/v1/channel-test`, { method: 'POST', body: '{}' });
    expect(noKey.status).toBe(401);
  });
});
