// Push endpoints must be public push services (issue 13 finding 5, blind SSRF): the subscription
// schema refuses this machine and its networks by address and by name. Tried: every range the
// attack run used (127.0.0.1, 169.254.169.254) and their disguises.
import { describe, expect, it } from 'vitest';
import { endpointHostProblem, isPublicAddress } from '../../../lib/push/endpoint-address.ts';
import { PushSubscriptionInput, subscriptionProblem } from '../../../lib/push/subscription.ts';

const keys = { p256dh: 'B' + 'A'.repeat(86), auth: 'A'.repeat(22) };

describe('push endpoint addresses', () => {
  it.each([
    'https://127.0.0.1/push', 'https://127.1.2.3:8443/x', 'https://2130706433/x', 'https://0x7f.0.0.1/x', 'https://[::1]/x',
    'https://169.254.169.254/latest/meta-data', 'https://10.0.0.5/x', 'https://172.16.0.1/x', 'https://192.168.1.1/x',
    'https://100.64.0.1/x', 'https://0.0.0.0/x', 'https://[fd00::1]/x', 'https://[fe80::1]/x', 'https://[::ffff:127.0.0.1]/x',
    'https://[::ffff:169.254.169.254]/x', 'https://[64:ff9b::7f00:1]/x', 'https://[2002:7f00:1::]/x',
    'https://localhost/x', 'https://push.localhost/x', 'https://printer.local/x', 'https://metadata.google.internal/x', 'https://intranet/x',
  ])('%s is refused', (endpoint) => {
    expect(endpointHostProblem(endpoint)).toBe('not_public');
    const parsed = PushSubscriptionInput.safeParse({ endpoint, keys });
    expect(parsed.success).toBe(false);
    expect(subscriptionProblem(parsed.error!)).toBe('endpoint_public');
  });

  it('real push services pass', () => {
    for (const e of ['https://fcm.googleapis.com/fcm/send/abc', 'https://updates.push.services.mozilla.com/wpush/v2/x', 'https://web.push.apple.com/Q', 'https://8.8.8.8/x', 'https://[2001:4860:4860::8888]/x'])
      expect(endpointHostProblem(e), e).toBeNull();
  });

  it('http is still its own problem', () => {
    const parsed = PushSubscriptionInput.safeParse({ endpoint: 'http://fcm.googleapis.com/x', keys });
    expect(subscriptionProblem(parsed.error!)).toBe('endpoint');
  });

  it('isPublicAddress', () => {
    expect(isPublicAddress('1.1.1.1')).toBe(true);
    expect(isPublicAddress('::ffff:1.1.1.1')).toBe(true);
    expect(isPublicAddress('::ffff:10.0.0.1')).toBe(false);
    expect(isPublicAddress('not-an-ip')).toBe(false);
  });
});
