// The subscription schema the Me tab posts and /api/push/subscribe checks (lib/push/subscription.ts).
import { createECDH, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64UrlBytes, PushSubscriptionInput, subscriptionProblem } from '../../../lib/push/subscription.ts';

const ecdh = createECDH('prime256v1');
ecdh.generateKeys();
const good = {
  endpoint: 'https://fcm.googleapis.com/fcm/send/abc:def',
  expirationTime: null,
  keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') },
};
const problemOf = (v: unknown) => {
  const r = PushSubscriptionInput.safeParse(v);
  return r.success ? null : subscriptionProblem(r.error);
};

describe('PushSubscriptionInput', () => {
  it('accepts what a browser makes (PushSubscription.toJSON()), padded or not', () => {
    expect(PushSubscriptionInput.safeParse(good).success).toBe(true);
    expect(PushSubscriptionInput.safeParse({ ...good, keys: { ...good.keys, auth: Buffer.alloc(16, 0xfb).toString('base64') } }).success).toBe(false); // '+/+/…': not base64url
    const padded = { ...good, keys: { p256dh: good.keys.p256dh + '=', auth: good.keys.auth + '==' } };
    expect(PushSubscriptionInput.safeParse(padded).success).toBe(true);
  });

  it('names the wrong part', () => {
    expect(problemOf({ ...good, endpoint: 'http://push.example/x' })).toBe('endpoint');
    expect(problemOf({ ...good, endpoint: 'https://user:pw@push.example/x' })).toBe('endpoint');
    expect(problemOf({ ...good, endpoint: 'javascript:alert(1)' })).toBe('endpoint');
    expect(problemOf({ ...good, keys: { ...good.keys, p256dh: ecdh.getPublicKey('base64url', 'compressed') } })).toBe('p256dh'); // 33 bytes
    const notAPoint = Buffer.alloc(65, 1).toString('base64url'); // 65 bytes but no 0x04 prefix
    expect(problemOf({ ...good, keys: { ...good.keys, p256dh: notAPoint } })).toBe('p256dh');
    expect(problemOf({ ...good, keys: { ...good.keys, auth: randomBytes(15).toString('base64url') } })).toBe('auth');
    expect(problemOf({ endpoint: good.endpoint })).toBe('body');
    expect(problemOf('x')).toBe('body');
  });

  it('decodes base64url strictly', () => {
    expect(base64UrlBytes('AQID')).toEqual(new Uint8Array([1, 2, 3]));
    expect(base64UrlBytes('A')).toBeNull();
    expect(base64UrlBytes('a+b/')).toBeNull();
  });
});
