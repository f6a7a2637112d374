// The outbox as the screens see it (browser only): an in-memory snapshot of the signed-in user's
// entries, kept in step with IndexedDB and with other tabs and the service worker, plus the
// actions — log, discard, edit and resend, sync now.
//
// Saving is optimistic: logInteraction() puts the entry in the snapshot and notifies the screens
// synchronously (the timeline shows it in the same frame), then stores it in IndexedDB and sends
// it. Sending happens on save, when the browser comes back `online`, at app start, on "sync now",
// after a pause when the server had trouble, and through Background Sync where the browser has it
// (the service worker then sends even if the app is closed).
import { clearUserCaches } from '../pwa/caches.ts';
import { clearRecents, deleteMeta, getMeta, hasIndexedDb, idbOutbox, replaceEntry, setMeta } from './db.ts';
import { countsOf, type InteractionBody, newEntry, type OutboxCounts, type OutboxEntry, resubmitted } from './entry.ts';
import { type FlushStatus, retryDelayMs, runFlush } from './flush.ts';
import { OUTBOX_CHANNEL, sendEntry, SYNC_TAG, syncOutbox } from './sync.ts';

export type OutboxSnapshot = {
  /** The entries have been read from the device. */
  ready: boolean;
  userId: string | null;
  /** This user's entries: pending, rejected and recently sent. */
  entries: OutboxEntry[];
  counts: OutboxCounts;
  syncing: boolean;
  /** The last send got 401: the rep has to sign in again before the pending logs can go. */
  authNeeded: boolean;
  online: boolean;
  lastSyncAt: number | null;
  /** IndexedDB failed (private mode, storage full): logs live only in this tab until sent. */
  memoryOnly: boolean;
  /** Set when a save could not be stored on the device. */
  storageError: string | null;
};

const EMPTY: OutboxSnapshot = {
  ready: false,
  userId: null,
  entries: [],
  counts: { pending: 0, rejected: 0 },
  syncing: false,
  authNeeded: false,
  online: true,
  lastSyncAt: null,
  memoryOnly: false,
  storageError: null,
};

let snapshot: OutboxSnapshot = EMPTY;
const listeners = new Set<() => void>();

function set(patch: Partial<OutboxSnapshot>): void {
  const next = { ...snapshot, ...patch };
  if (patch.entries) next.counts = countsOf(next.entries, next.userId);
  snapshot = next;
  for (const l of listeners) l();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
export const getSnapshot = () => snapshot;
export const getServerSnapshot = () => EMPTY;

/** Replace one entry in the snapshot where it is, or add it on top (newest first). */
function upsert(entry: OutboxEntry, replacing = entry.id): void {
  const at = snapshot.entries.findIndex((e) => e.id === replacing);
  if (at < 0) return set({ entries: [entry, ...snapshot.entries.filter((e) => e.id !== entry.id)] });
  set({ entries: snapshot.entries.map((e, i) => (i === at ? entry : e)) });
}

async function reload(): Promise<void> {
  const userId = snapshot.userId;
  if (!userId || snapshot.memoryOnly) return;
  try {
    const entries = (await idbOutbox.list(userId)).sort((a, b) => b.createdAt - a.createdAt);
    const [auth, lastSync] = await Promise.all([getMeta('auth'), getMeta('lastSync')]);
    if (snapshot.userId !== userId) return;
    set({
      ready: true,
      entries,
      authNeeded: auth?.userId === userId && entries.some((e) => e.status === 'pending'),
      lastSyncAt: lastSync?.userId === userId ? lastSync.at : snapshot.lastSyncAt,
    });
  } catch (err) {
    console.warn('[outbox] cannot read the device database', err);
    set({ ready: true, memoryOnly: true });
  }
}

// ---- sending

let inflight: Promise<FlushStatus> | null = null;
let again = false;
let failures = 0;
let retryTimer: ReturnType<typeof setTimeout> | null = null;

/** Memory-only fallback store, for a browser without a working IndexedDB. */
const memoryStore = {
  list: async (userId: string) => snapshot.entries.filter((e) => e.userId === userId),
  get: async (id: string) => snapshot.entries.find((e) => e.id === id),
  put: async (entry: OutboxEntry) => upsert(entry),
  remove: async (ids: string[]) => set({ entries: snapshot.entries.filter((e) => !ids.includes(e.id)) }),
};

async function registerBackgroundSync(): Promise<void> {
  if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return;
  try {
    const reg = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } };
    await reg.sync?.register(SYNC_TAG);
  } catch {
    // No Background Sync (Safari, Firefox) or not allowed: `online` and app start cover it.
  }
}

/** Send what is pending now. Concurrent calls share one pass (and ask for another after it). */
export function syncNow(): Promise<FlushStatus> {
  const userId = snapshot.userId;
  if (!userId) return Promise.resolve('done');
  if (inflight) {
    again = true;
    return inflight;
  }
  if (retryTimer) clearTimeout(retryTimer);
  retryTimer = null;
  set({ syncing: true });
  inflight = (async () => {
    let status: FlushStatus = 'done';
    do {
      again = false;
      if (snapshot.memoryOnly) {
        status = (await runFlush({ store: memoryStore, send: sendEntry, userId })).status;
      } else {
        status = (await syncOutbox(userId, (entry) => upsert(entry))).status;
        await reload();
      }
    } while (again && status === 'done');
    return status;
  })()
    .catch((err: unknown) => {
      console.warn('[outbox] sync failed', err);
      return 'retry' as const;
    })
    .then((status) => {
      if (status === 'done') failures = 0;
      if (status === 'auth') set({ authNeeded: true });
      if (status === 'offline') void registerBackgroundSync();
      if (status === 'retry' || (status === 'offline' && navigator.onLine)) {
        // Server trouble, or a connection that says it is up but carries nothing: try again later.
        retryTimer = setTimeout(() => void syncNow(), retryDelayMs(++failures));
      }
      return status;
    })
    .finally(() => {
      inflight = null;
      set({ syncing: false });
    });
  return inflight;
}

// ---- actions

/**
 * Save a log: on screen at once, on the device a few ms later, on the server when it can be.
 * Returns after the device write (the UI does not wait for it).
 */
export async function logInteraction(params: { body: InteractionBody; customerName: string | null }): Promise<OutboxEntry> {
  const userId = snapshot.userId;
  if (!userId) throw new Error('outbox not started');
  const entry = newEntry({ userId, customerName: params.customerName, body: params.body, now: Date.now() });
  upsert(entry);
  await persist(() => idbOutbox.put(entry));
  if (navigator.onLine) void syncNow();
  else void registerBackgroundSync();
  return entry;
}

async function persist(write: () => Promise<void>): Promise<void> {
  if (snapshot.memoryOnly) return;
  try {
    await write();
  } catch (err) {
    // The log is still on screen and will be sent from this tab; say it is not safe to close it.
    console.warn('[outbox] cannot store on the device', err);
    set({ memoryOnly: true, storageError: err instanceof Error ? err.name : String(err) });
  }
}

/** Drop a log for good (a rejected one the rep does not want to fix). */
export async function discardEntry(id: string): Promise<void> {
  set({ entries: snapshot.entries.filter((e) => e.id !== id) });
  await persist(() => idbOutbox.remove([id]));
}

/** A rejected log, edited: stored as a new pending entry (new id) in place of the old one, and sent. */
export async function resendEntry(id: string, body: Omit<InteractionBody, 'id' | 'customer_id'>, newId: string): Promise<OutboxEntry | null> {
  const old = snapshot.entries.find((e) => e.id === id);
  if (!old) return null;
  const entry = resubmitted(old, body, newId, Date.now());
  upsert(entry, id);
  await persist(() => replaceEntry(id, entry));
  void syncNow();
  return entry;
}

// ---- lifecycle

let started: { userId: string; stop: () => void } | null = null;

/**
 * Called by the app shell once per signed-in user: reads the device's outbox, remembers who is
 * signed in (the service worker sends only their logs), and sends whatever is waiting.
 */
export function startOutbox(userId: string): () => void {
  if (started?.userId === userId) return () => {};
  started?.stop();
  set({ ...EMPTY, userId, online: navigator.onLine, memoryOnly: !hasIndexedDb() });

  const onOnline = () => {
    set({ online: true });
    void syncNow();
  };
  const onOffline = () => set({ online: false });
  const onVisible = () => {
    if (document.visibilityState === 'visible' && snapshot.counts.pending > 0 && navigator.onLine) void syncNow();
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  document.addEventListener('visibilitychange', onVisible);
  const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(OUTBOX_CHANNEL) : null;
  if (channel) channel.onmessage = () => void reload();

  void (async () => {
    if (!snapshot.memoryOnly) {
      try {
        // Another user signed in on this phone without signing out first: their pages go.
        const before = await getMeta('session');
        if (before?.userId && before.userId !== userId) await clearUserCaches();
        await setMeta('session', { userId, at: Date.now() });
      } catch (err) {
        console.warn('[outbox] device database unavailable', err);
        set({ memoryOnly: true });
      }
    }
    await reload();
    set({ ready: true });
    if (snapshot.counts.pending === 0) await deleteMeta('auth').catch(() => {});
    else if (navigator.onLine) void syncNow();
  })();

  const stop = () => {
    window.removeEventListener('online', onOnline);
    window.removeEventListener('offline', onOffline);
    document.removeEventListener('visibilitychange', onVisible);
    channel?.close();
    if (retryTimer) clearTimeout(retryTimer);
    started = null;
  };
  started = { userId, stop };
  return stop;
}

/**
 * Before signing out: the service worker must not send this user's logs under the next session,
 * and the next person on this phone should not see whom they visited. (Their waiting logs stay:
 * they go when the same rep signs in again.)
 */
export async function endSession(): Promise<void> {
  const userId = snapshot.userId;
  started?.stop();
  if (!hasIndexedDb()) return;
  await Promise.allSettled([setMeta('session', { userId: null, at: Date.now() }), userId ? clearRecents(userId) : Promise.resolve()]);
}
