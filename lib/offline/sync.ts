// Sending the outbox, for the page and the service worker alike: POST each pending log to
// /api/interactions under a cross-context lock, record the answers in IndexedDB, and tell every
// open tab (BroadcastChannel) that the outbox changed.
import { deleteMeta, getMeta, idbOutbox, setMeta } from './db.ts';
import { AUTHOR_HEADER, type OutboxEntry, type SendResult } from './entry.ts';
import { type FlushSummary, runFlush } from './flush.ts';

/** BroadcastChannel name: "the outbox changed, read it again". */
export const OUTBOX_CHANNEL = 'crystal-outbox';
/** Background Sync tag registered by the page, handled by worker/index.ts. */
export const SYNC_TAG = 'crystal-outbox';

const SEND_TIMEOUT_MS = 20_000;

export async function sendEntry(entry: OutboxEntry): Promise<SendResult> {
  try {
    const res = await fetch('/api/interactions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [AUTHOR_HEADER]: entry.userId },
      body: JSON.stringify(entry.body),
      credentials: 'same-origin',
      cache: 'no-store',
      // A connection that accepts but never answers (weak signal) counts as offline, not forever.
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    const body: unknown = await res.json().catch(() => null);
    return { kind: 'response', status: res.status, body };
  } catch (err) {
    return { kind: 'network', error: err instanceof Error ? err.name : String(err) };
  }
}

type Locks = { request<T>(name: string, cb: () => Promise<T>): Promise<T> };

/**
 * Only one context (tab or service worker) sends at a time, so two of them don't POST the same
 * entry at once. (It would still be one row — the lock saves the duplicate request.)
 */
function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as { locks?: Locks } | undefined)?.locks;
  return locks ? locks.request('crystal-outbox-flush', fn) : fn();
}

let channel: BroadcastChannel | null = null;
export function announceChange(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  channel ??= new BroadcastChannel(OUTBOX_CHANNEL);
  channel.postMessage({ type: 'changed' });
}

export async function syncOutbox(userId: string, onChange?: (entry: OutboxEntry) => void): Promise<FlushSummary> {
  const summary = await withLock(() =>
    runFlush({
      store: idbOutbox,
      send: sendEntry,
      userId,
      onChange: (entry) => {
        onChange?.(entry);
        announceChange();
      },
    }),
  );
  if (summary.status === 'auth') {
    await setMeta('auth', { userId, at: Date.now() });
  } else if (summary.sent.length || summary.status === 'done') {
    if ((await getMeta('auth'))?.userId === userId) await deleteMeta('auth');
    if (summary.status === 'done') await setMeta('lastSync', { userId, at: Date.now() });
  }
  announceChange();
  return summary;
}

/** The user the service worker may send for: whoever the app shell last said is signed in. */
export async function sessionUser(): Promise<string | null> {
  return (await getMeta('session'))?.userId ?? null;
}
