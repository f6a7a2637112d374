// Our part of the service worker. next-pwa builds this file and imports it at the top of the
// generated public/sw.js (precache + the runtimeCaching rules in next.config.mjs).
//
// - Background Sync: the page registers the tag when a log could not be sent; the browser fires
//   `sync` when the connection is back — even with the app closed — and we send the outbox of
//   whoever the app shell last said is signed in. The page does the same on `online` and at start;
//   a shared lock and the server's idempotency by id make the overlap harmless.
// - Activation: remember when this version took over, so the page re-fetches offline copies of
//   pages stored by an older version (they point at scripts this version no longer precaches).
import { setMeta } from '@/lib/offline/db.ts';
import { sessionUser, SYNC_TAG, syncOutbox } from '@/lib/offline/sync.ts';
import { installPushHandlers } from '@/lib/push/sw.ts';

// The webworker lib's types clash with the DOM lib the rest of the app compiles with; these are
// the few bits used here.
type ExtendableEvent = Event & { waitUntil(promise: Promise<unknown>): void };
type SyncEvent = ExtendableEvent & { tag: string; lastChance?: boolean };
const scope = globalThis as unknown as {
  addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void;
  addEventListener(type: 'activate', listener: (event: ExtendableEvent) => void): void;
};

scope.addEventListener('sync', (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(
    (async () => {
      const userId = await sessionUser();
      if (!userId) return; // signed out: the logs wait for their author to sign in again
      const { status } = await syncOutbox(userId);
      // Failing the event asks the browser to fire it again later, with its own backoff.
      if (status === 'offline' || status === 'retry') throw new Error(`outbox not sent yet (${status})`);
    })(),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(setMeta('sw', { activatedAt: Date.now() }).catch(() => {}));
});

// Web Push: show due reminders, a tap opens the customer (lib/push/sw.ts).
installPushHandlers(globalThis as unknown as Parameters<typeof installPushHandlers>[0]);
