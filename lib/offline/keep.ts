// What a rep can open with no network: the tabs of the app and the customers they opened lately
// on this phone. The service worker caches every page loaded as a document (NetworkFirst); pages
// reached by client-side navigation are fetched here once more, in the background, so they are
// there too. Per user: the caches are cleared on sign-out and when another user signs in.
import { dropPage, keepPageOffline } from '../pwa/caches.ts';
import { getMeta, listRecents, type RecentCustomer, rememberRecent } from './db.ts';

const CUSTOMER_FRESH_MS = 10 * 60_000;
const TAB_FRESH_MS = 6 * 60 * 60_000;
const RECENTS_KEPT = 10;

const customerPath = (id: string) => `/customers/${id}`;

async function swActivatedAt(): Promise<number | undefined> {
  return (await getMeta('sw').catch(() => undefined))?.activatedAt;
}

/** The rep opened this customer: remember it (＋ tab's recent list) and keep its page for offline use. */
export async function keepCustomerOffline(customer: Omit<RecentCustomer, 'viewedAt'>): Promise<void> {
  const dropped = await rememberRecent({ ...customer, viewedAt: Date.now() });
  await Promise.allSettled(dropped.map((id) => dropPage(customerPath(id))));
  await keepPageOffline(customerPath(customer.customerId), { maxAgeMs: CUSTOMER_FRESH_MS, notBefore: await swActivatedAt() });
}

/**
 * At app start (online): the tabs, and the latest customers' pages if they are missing or were
 * stored by an older version of the app. One at a time — this is background work.
 */
export async function keepShellOffline(userId: string, tabs: string[]): Promise<void> {
  const notBefore = await swActivatedAt();
  for (const path of tabs) await keepPageOffline(path, { maxAgeMs: TAB_FRESH_MS, notBefore }).catch(() => false);
  const recents = (await listRecents(userId)).slice(0, RECENTS_KEPT);
  for (const r of recents) await keepPageOffline(customerPath(r.customerId), { maxAgeMs: Number.POSITIVE_INFINITY, notBefore }).catch(() => false);
}
