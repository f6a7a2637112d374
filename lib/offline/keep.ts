// What a rep can open with no network: the tabs of the app and the customers they opened lately
// on this phone. The service worker caches every page loaded as a document (NetworkFirst); pages
// reached by client-side navigation are fetched here once more, in the background, so they are
// there too. Per user: the caches are cleared on sign-out and when another user signs in.
// This is background traffic on a phone's data plan (issue 18): it starts only once the service
// worker is active and the browser is idle, asks for low priority, skips the page the browser has
// just loaded as a document when the worker stored it on the way, and does nothing on Save-Data
// or a 2G connection.
import { dropPage, keepPageOffline } from '../pwa/caches.ts';
import { getMeta, listRecents, type RecentCustomer, rememberRecent } from './db.ts';

const CUSTOMER_FRESH_MS = 10 * 60_000;
const TAB_FRESH_MS = 6 * 60 * 60_000;
const RECENTS_KEPT = 10;

const customerPath = (id: string) => `/customers/${id}`;

type NetworkInformation = { saveData?: boolean; effectiveType?: string };

/** Save-Data on, or a 2G-class link: keep the phone's data for what the rep asks for. */
export function lightNetwork(): boolean {
  const c = (navigator as Navigator & { connection?: NetworkInformation }).connection;
  return Boolean(c?.saveData) || c?.effectiveType === '2g' || c?.effectiveType === 'slow-2g';
}

/**
 * The page the browser loaded as a document, if the service worker was in control then: its
 * NetworkFirst rule stored that very response, so fetching it again would download it twice.
 */
function storedByDocumentLoad(path: string): boolean {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  if (!nav || !controlledAtLoad) return false;
  return new URL(nav.name).pathname === path;
}
// Read once when this module loads (the first render): later, clientsClaim() may hand the page
// to a worker that never saw its document.
const controlledAtLoad = typeof navigator !== 'undefined' && Boolean(navigator.serviceWorker?.controller);

// One fetch per page at a time: the customer page's own call and the shell's list can meet.
const inFlight = new Map<string, Promise<boolean>>();
function keepOnce(path: string, opts: Parameters<typeof keepPageOffline>[1]): Promise<boolean> {
  let p = inFlight.get(path);
  if (!p) {
    p = keepPageOffline(path, opts).finally(() => inFlight.delete(path));
    inFlight.set(path, p);
  }
  return p;
}

/** Resolves when the service worker is active and the browser has nothing better to do. */
async function backgroundSlot(): Promise<boolean> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || lightNetwork()) return false;
  await navigator.serviceWorker.ready;
  await new Promise<void>((resolve) =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(() => resolve(), { timeout: 10_000 }) : setTimeout(resolve, 2000),
  );
  return navigator.onLine && !lightNetwork();
}

async function swActivatedAt(): Promise<number | undefined> {
  return (await getMeta('sw').catch(() => undefined))?.activatedAt;
}

/** The rep opened this customer: remember it (＋ tab's recent list) and keep its page for offline use. */
export async function keepCustomerOffline(customer: Omit<RecentCustomer, 'viewedAt'>): Promise<void> {
  const dropped = await rememberRecent({ ...customer, viewedAt: Date.now() });
  await Promise.allSettled(dropped.map((id) => dropPage(customerPath(id))));
  const path = customerPath(customer.customerId);
  if (storedByDocumentLoad(path) || !(await backgroundSlot())) return;
  await keepOnce(path, { maxAgeMs: CUSTOMER_FRESH_MS, notBefore: await swActivatedAt() });
}

/**
 * At app start (online): the tabs, and the latest customers' pages if they are missing or were
 * stored by an older version of the app. One at a time — this is background work.
 */
export async function keepShellOffline(userId: string, tabs: string[]): Promise<void> {
  if (!(await backgroundSlot())) return;
  const notBefore = await swActivatedAt();
  const paths = [...tabs, ...(await listRecents(userId)).slice(0, RECENTS_KEPT).map((r) => customerPath(r.customerId))];
  for (const path of paths) {
    if (storedByDocumentLoad(path)) continue;
    const maxAgeMs = tabs.includes(path) ? TAB_FRESH_MS : Number.POSITIVE_INFINITY;
    await keepOnce(path, { maxAgeMs, notBefore }).catch(() => false);
  }
}
