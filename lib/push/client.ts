// Browser side of Web Push: what this device can do, and turning notifications on/off.
// `turnOn` must run inside a tap handler: browsers only show the permission prompt for a user
// gesture, and asking unprompted (on page load) gets an app's notifications blocked for good.
import type { Locale } from '../../i18n/config.ts';
import { base64UrlBytes } from './subscription.ts';

export type PushState = 'on' | 'off' | 'blocked' | 'unsupported';
export type TurnOnResult = { state: PushState; error?: 'denied' | 'failed'; message?: { zh: string; en: string } };

export const pushSupported = () =>
  typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

async function registration(timeoutMs = 10_000): Promise<ServiceWorkerRegistration> {
  // `ready` never settles without a worker (e.g. `next dev`, where next-pwa is off).
  return Promise.race([
    navigator.serviceWorker.ready,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no service worker')), timeoutMs)),
  ]);
}

async function storedOnServer(endpoint: string): Promise<boolean> {
  const res = await fetch(`/api/push/subscribe?endpoint=${encodeURIComponent(endpoint)}`, { cache: 'no-store' });
  return res.ok && ((await res.json()) as { stored: boolean }).stored;
}

/** on: this browser has a subscription the server holds for the signed-in member. */
export async function pushState(): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'blocked';
  if (Notification.permission !== 'granted') return 'off';
  const reg = await navigator.serviceWorker.getRegistration();
  const sub = await reg?.pushManager.getSubscription();
  if (!sub) return 'off';
  return (await storedOnServer(sub.endpoint).catch(() => false)) ? 'on' : 'off';
}

const sameKey = (a: ArrayBuffer | null, b: Uint8Array) => !!a && a.byteLength === b.length && new Uint8Array(a).every((x, i) => x === b[i]);

export async function turnOnPush(publicKey: string, locale: Locale): Promise<TurnOnResult> {
  if (!pushSupported()) return { state: 'unsupported' };
  const permission = await Notification.requestPermission();
  if (permission === 'denied') return { state: 'blocked', error: 'denied' };
  if (permission !== 'granted') return { state: 'off', error: 'denied' }; // the prompt was dismissed
  const key = base64UrlBytes(publicKey);
  if (!key) return { state: 'off', error: 'failed' };
  try {
    const reg = await registration();
    let sub = await reg.pushManager.getSubscription();
    // Keys rotated since this browser subscribed: the old subscription cannot carry our pushes.
    if (sub && !sameKey(sub.options.applicationServerKey, key)) {
      await sub.unsubscribe();
      sub = null;
    }
    sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key as BufferSource });
    const res = await fetch('/api/push/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...sub.toJSON(), locale }),
    });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { message?: { zh: string; en: string } } | null;
      return { state: 'off', error: 'failed', message: body?.message };
    }
    return { state: 'on' };
  } catch (err) {
    console.warn('[push] subscribe failed', err);
    return { state: 'off', error: 'failed' };
  }
}

/** Forgets the subscription on the server first (so no push is sent to a dead endpoint), then in the browser. */
export async function turnOffPush(): Promise<boolean> {
  const reg = await navigator.serviceWorker.getRegistration();
  const sub = await reg?.pushManager.getSubscription();
  if (!sub) return true;
  const res = await fetch('/api/push/unsubscribe', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ endpoint: sub.endpoint }),
  });
  if (!res.ok) return false;
  await sub.unsubscribe().catch(() => {});
  return true;
}
