// A browser's PushSubscription as the app accepts it (PushSubscription.toJSON() plus the UI
// language): an https endpoint (RFC 8030 push resources are https; the table checks it too),
// the device's P-256 public key (65-byte uncompressed point, base64url) and its 16-byte auth
// secret (RFC 8291 §3). One schema for the Me tab's client code, the route and the tests.
import '../validation/zod-csp.ts';
import { z } from 'zod';
import { LOCALES } from '../../i18n/config.ts';
import { endpointHostProblem } from './endpoint-address.ts';

/** base64url (with or without padding) → bytes; null when it is not base64url. */
export function base64UrlBytes(value: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(value)) return null;
  const b64 = value.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (b64.length % 4 === 1) return null;
  try {
    const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

const isHttpsUrl = (s: string) => {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' && u.hostname !== '' && !u.username && !u.password;
  } catch {
    return false;
  }
};

export const PushSubscriptionInput = z.object({
  endpoint: z
    .string()
    .max(2048)
    .refine(isHttpsUrl, { params: { key: 'endpoint' }, abort: true })
    // Not this machine or its network: the server will POST to it (lib/push/endpoint-address.ts).
    .refine((s) => endpointHostProblem(s) === null, { params: { key: 'endpoint_public' } }),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    p256dh: z.string().max(200).refine((s) => {
      const b = base64UrlBytes(s);
      return b !== null && b.length === 65 && b[0] === 0x04;
    }, { params: { key: 'p256dh' } }),
    auth: z.string().max(100).refine((s) => base64UrlBytes(s)?.length === 16, { params: { key: 'auth' } }),
  }),
  locale: z.enum(LOCALES).optional(),
});
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionInput>;

export const PushUnsubscribeInput = z.object({ endpoint: z.string().min(1).max(2048) });

/** Which part of a subscription was wrong, for the zh/en message (messages → push.invalid.*). */
export type SubscriptionProblem = 'endpoint' | 'endpoint_public' | 'p256dh' | 'auth' | 'body';

export function subscriptionProblem(error: z.ZodError): SubscriptionProblem {
  const issue = error.issues[0];
  const path = issue?.path.map(String) ?? [];
  const last = path[path.length - 1];
  if (last === 'endpoint') return issue?.code === 'custom' && issue.params?.key === 'endpoint_public' ? 'endpoint_public' : 'endpoint';
  if (last === 'p256dh') return 'p256dh';
  if (last === 'auth') return 'auth';
  return 'body';
}
