// The service worker's per-user caches, seen from the page: clear them when the user changes,
// and keep the pages a rep needs in the field (the tabs, recently opened customers) stored for
// offline use. The SW's own rules are in next.config.mjs (runtimeCaching); names must match.

/** HTML documents of signed-in pages (NetworkFirst, 3 s timeout; next.config.mjs). */
export const PAGES_CACHE = 'pages';

/**
 * Every cache that may hold one user's data. Besides ours, the names next-pwa's default rules
 * used before we replaced them, so a phone upgraded from an older version is cleaned too.
 */
export const USER_CACHES = [PAGES_CACHE, 'start-url', 'pages-rsc', 'pages-rsc-prefetch', 'apis', 'next-data', 'others'];

const hasCaches = () => typeof caches !== 'undefined';

export async function clearUserCaches(): Promise<void> {
  if (!hasCaches()) return;
  await Promise.allSettled(USER_CACHES.map((name) => caches.delete(name)));
}

/**
 * Store a signed-in page's HTML for offline use unless a usable copy is there: younger than
 * `maxAgeMs`, and fetched after `notBefore` (when the running service worker version took over —
 * an older copy points at scripts it no longer precaches). A page reached by client-side
 * navigation only fetched its RSC payload, so the SW never saw its document; this fetches it once,
 * in the background. Returns whether it stored a new copy.
 */
export async function keepPageOffline(path: string, opts: { maxAgeMs: number; notBefore?: number }): Promise<boolean> {
  if (!hasCaches() || !navigator.onLine) return false;
  const cache = await caches.open(PAGES_CACHE);
  const held = await cache.match(path, { ignoreSearch: true, ignoreVary: true });
  if (held) {
    const fetchedAt = Date.parse(held.headers.get('date') ?? ''); // (no Date header: NaN → fetch again)
    if (Date.now() - fetchedAt < opts.maxAgeMs && !(fetchedAt < (opts.notBefore ?? 0))) return false;
  }
  // Low priority: background work must not compete with what the screen is loading.
  const res = await fetch(path, { credentials: 'same-origin', headers: { accept: 'text/html' }, cache: 'no-store', priority: 'low' });
  // Signed out meanwhile (→ /login), or an error page: keep what we had.
  if (res.status !== 200 || res.redirected || !(res.headers.get('content-type') ?? '').includes('text/html')) return false;
  await cache.put(path, res);
  return true;
}

export async function dropPage(path: string): Promise<void> {
  if (!hasCaches()) return;
  await (await caches.open(PAGES_CACHE)).delete(path, { ignoreSearch: true, ignoreVary: true });
}
