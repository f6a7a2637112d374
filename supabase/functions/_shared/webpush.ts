// Sending one Web Push message: VAPID (RFC 8292) + aes128gcm payload encryption (RFC 8291) by
// @block65/webcrypto-web-push, which uses only WebCrypto (crypto.subtle: ECDH, ECDSA, HMAC,
// AES-GCM) — so it runs on Deno and on the Supabase edge runtime, where the `web-push` package's
// node:crypto ECDH broke aes128gcm. We add the delivery policy: retries on 429/5xx with backoff
// (Retry-After honoured, bounded) and the verdict the caller acts on (sent / gone / failed).
import { buildPushPayload } from 'npm:@block65/webcrypto-web-push@^2.0.0';

export type Vapid = { subject: string; publicKey: string; privateKey: string };
export type Subscription = { endpoint: string; p256dh: string; auth: string };
export type Delivery = {
  /** sent: the push service took it (2xx); gone: 404/410, the subscription is dead; failed: anything else */
  outcome: 'sent' | 'gone' | 'failed';
  httpStatus: number | null;
  attempts: number;
  error: string | null;
};
export type RetryPolicy = {
  /** total tries, the first included */
  maxAttempts: number;
  /** first backoff; doubles each time (with jitter) */
  baseDelayMs: number;
  /** no single wait is longer; a Retry-After beyond it ends the retries (the push stays failed) */
  maxDelayMs: number;
  /** per-request timeout */
  timeoutMs: number;
};
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 10_000, timeoutMs: 10_000 };

/** VAPID keys from the env (local: .env.local via the launcher; Supabase: function secrets). */
export function vapidFromEnv(): Vapid | null {
  const publicKey = Deno.env.get('VAPID_PUBLIC_KEY');
  const privateKey = Deno.env.get('VAPID_PRIVATE_KEY');
  const subject = Deno.env.get('VAPID_SUBJECT') ?? 'mailto:admin@crystal.local';
  return publicKey && privateKey ? { subject, publicKey, privateKey } : null;
}

/** Retry-After: delay-seconds or an HTTP-date (RFC 9110 §10.2.3) → ms, or null when absent/unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const retryable = (status: number) => status === 429 || status >= 500;

/**
 * Encrypts `data` (JSON) for one device and posts it to its push service. A new encryption per
 * attempt (fresh salt and ephemeral key, as RFC 8291 expects of every message).
 */
export async function deliver(sub: Subscription, data: Record<string, unknown>, vapid: Vapid, opts: {
  ttlSeconds: number;
  urgency?: 'low' | 'normal' | 'high';
  topic?: string;
  retry?: RetryPolicy;
}): Promise<Delivery> {
  const policy = opts.retry ?? DEFAULT_RETRY;
  let last: Delivery = { outcome: 'failed', httpStatus: null, attempts: 0, error: null };
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    let res: Response;
    try {
      const req = await buildPushPayload(
        { data: data as never, options: { ttl: opts.ttlSeconds, urgency: opts.urgency ?? 'normal', ...(opts.topic ? { topic: opts.topic } : {}) } },
        { endpoint: sub.endpoint, expirationTime: null, keys: { p256dh: sub.p256dh, auth: sub.auth } },
        vapid,
      );
      // redirect: 'manual' — a push service answers, it does not redirect; following one would
      // take the request to wherever the redirect points (past the public-address check).
      res = await fetch(sub.endpoint, { method: 'POST', headers: req.headers, body: req.body, redirect: 'manual', signal: AbortSignal.timeout(policy.timeoutMs) });
    } catch (err) {
      // Bad keys fail before any request (not worth retrying); a network error or timeout is.
      const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
      const message = err instanceof Error ? err.message + cause : String(err);
      last = { outcome: 'failed', httpStatus: null, attempts: attempt, error: message.slice(0, 500) };
      if (!(err instanceof TypeError || (err instanceof DOMException && err.name === 'TimeoutError'))) return last;
      if (attempt < policy.maxAttempts) await sleep(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
      continue;
    }
    const text = res.ok ? '' : (await res.text().catch(() => '')).slice(0, 500);
    if (res.ok) {
      await res.body?.cancel().catch(() => {});
      return { outcome: 'sent', httpStatus: res.status, attempts: attempt, error: null };
    }
    if (res.status === 404 || res.status === 410) return { outcome: 'gone', httpStatus: res.status, attempts: attempt, error: text || null };
    last = { outcome: 'failed', httpStatus: res.status, attempts: attempt, error: text || null };
    if (!retryable(res.status) || attempt === policy.maxAttempts) return last;
    const backoff = policy.baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.2);
    const wait = retryAfterMs(res.headers.get('retry-after')) ?? backoff;
    if (wait > policy.maxDelayMs) return { ...last, error: `retry-after ${Math.round(wait / 1000)}s exceeds the bound; ${text}`.slice(0, 500) };
    await sleep(wait);
  }
  return last;
}
