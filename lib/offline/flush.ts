// One pass over a user's outbox: send each pending entry, oldest first, and record what the
// server said. The same loop runs in the page (on save, on `online`, at app start, "sync now")
// and in the service worker (Background Sync). Retrying is always safe: the server stores one row
// per interaction id, so an entry sent twice (two tabs, a reply lost on the way back) is one row.
import { applyResult, type OutboxEntry, outcomeOf, prunable, type SendResult, sendable } from './entry.ts';

export interface OutboxStore {
  list(userId: string): Promise<OutboxEntry[]>;
  /** The entry as stored now (another tab may have discarded or sent it meanwhile). */
  get(id: string): Promise<OutboxEntry | undefined>;
  put(entry: OutboxEntry): Promise<void>;
  remove(ids: string[]): Promise<void>;
}

export type Sender = (entry: OutboxEntry) => Promise<SendResult>;

/**
 * done    — nothing left to send (rejected entries wait for a person)
 * offline — the network failed: wait for `online` / Background Sync
 * auth    — 401: the rep must sign in again; the entries stay pending
 * retry   — the server had trouble (5xx, 429): try again after a pause
 */
export type FlushStatus = 'done' | 'offline' | 'auth' | 'retry';
export type FlushSummary = { status: FlushStatus; sent: string[]; rejected: string[] };

export async function runFlush(opts: {
  store: OutboxStore;
  send: Sender;
  userId: string;
  now?: () => number;
  /** Called after each entry's new state is stored, so screens can follow along. */
  onChange?: (entry: OutboxEntry) => void;
}): Promise<FlushSummary> {
  const now = opts.now ?? Date.now;
  const sent: string[] = [];
  const rejected: string[] = [];
  let status: FlushStatus = 'done';

  for (const queued of sendable(await opts.store.list(opts.userId), opts.userId)) {
    const current = await opts.store.get(queued.id);
    if (!current || current.status !== 'pending') continue; // discarded, or sent by another tab meanwhile
    const result = await opts.send(current);
    const next = applyResult(current, result, now());
    await opts.store.put(next);
    opts.onChange?.(next);
    const outcome = outcomeOf(result);
    if (outcome === 'sent') sent.push(next.id);
    else if (outcome === 'rejected') rejected.push(next.id);
    else {
      // Stop at the first failure that would fail the rest too (no network, signed out, server down).
      status = outcome === 'auth' ? 'auth' : result.kind === 'network' ? 'offline' : 'retry';
      break;
    }
  }

  const old = prunable(await opts.store.list(opts.userId), now());
  if (old.length) await opts.store.remove(old);
  return { status, sent, rejected };
}

/** Seconds to wait before retrying after server trouble: 5, 15, 45 … capped at 5 minutes. */
export const retryDelayMs = (failures: number) => Math.min(5 * 60_000, 5000 * 3 ** Math.max(0, failures - 1));
