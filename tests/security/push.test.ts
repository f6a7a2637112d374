// Issue 13 finding 5 against the running app: push endpoints. Tried: storing endpoints on this
// machine and the cloud metadata address (main: stored, then POSTed to by send-reminders), and
// another member re-posting someone's endpoint (main: it moved to them, across orgs too).
import { createECDH, randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postJson, session } from './helpers.ts';

const sql = postgres(inject('adminUrl'), { max: 2, onnotice: () => {} });
let rep1: string;
let rep2: string;
beforeAll(async () => {
  rep1 = await session('rep1@demo.crystal', '127.0.0.50');
  rep2 = await session('rep2@demo.crystal', '127.0.0.51');
});
afterAll(() => sql.end());

function subscription(endpoint: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { endpoint, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') }, locale: 'zh-CN' };
}

describe('push endpoints', () => {
  it.each(['https://127.0.0.1:9/push', 'https://169.254.169.254/latest/meta-data/', 'https://[::ffff:10.0.0.1]/x', 'https://localhost/x'])(
    '%s is refused with 400 and a zh/en reason, and not stored',
    async (endpoint) => {
      const res = await postJson('/api/push/subscribe', subscription(endpoint), rep1);
      expect(res.status).toBe(400);
      expect(res.json()).toMatchObject({ error: 'invalid_subscription', message: { zh: expect.stringContaining('内网'), en: expect.stringContaining('public internet') } });
      expect(await sql`select 1 from push_subscriptions where endpoint = ${endpoint}`).toHaveLength(0);
    },
  );

  it("another member re-posting someone's endpoint gets 409 and it stays theirs; the owner may refresh it", async () => {
    const endpoint = `https://push.example.test/security/${randomBytes(6).toString('hex')}`;
    const first = await postJson('/api/push/subscribe', subscription(endpoint), rep1);
    expect(first.status).toBe(201);
    const { id } = first.json() as { id: string };
    const taken = await postJson('/api/push/subscribe', subscription(endpoint), rep2);
    expect(taken.status).toBe(409);
    expect(taken.json()).toMatchObject({ error: 'endpoint_taken', message: { zh: expect.stringContaining('另一位成员'), en: expect.stringContaining('another member') } });
    const [row] = await sql<{ email: string }[]>`select m.email from push_subscriptions s join members m on m.user_id = s.user_id where s.endpoint = ${endpoint}`;
    expect(row!.email).toBe('rep1@demo.crystal');
    const again = await postJson('/api/push/subscribe', { ...subscription(endpoint), locale: 'en' }, rep1);
    expect(again.status).toBe(201);
    expect(again.json()).toEqual({ id });
  });
});
