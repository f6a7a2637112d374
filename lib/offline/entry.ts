// The offline outbox's entries and the pure rules about them: what a server answer means for an
// entry, which entries a customer's page shows, which sent ones can be forgotten. No I/O here —
// the IndexedDB store (db.ts), the sender (send.ts) and the flush loop (flush.ts) build on it, in
// the page and in the service worker alike.
import type { Bilingual, Problem } from '../http/problem.ts';
import type { InteractionInput } from '../validation/interaction.ts';

/** Tells POST /api/interactions whose log this is: another signed-in user gets 401, not the log. */
export const AUTHOR_HEADER = 'x-crystal-author';

/** What travels to POST /api/interactions: the zod input with dates as ISO strings (JSON). */
export type InteractionBody = {
  id: string;
  customer_id: string;
  kind: InteractionInput['kind'];
  occurred_at: string;
  attitude?: 'accept' | 'doubt' | null;
  cognition?: 'vague' | 'specific' | null;
  sentiment?: 'positive' | 'neutral' | 'negative' | null;
  note?: string | null;
  next_step?: string | null;
  follow_up_at?: string | null;
};

/**
 * pending  — stored on this device, not yet accepted by the server (offline, server trouble, signed out)
 * sent     — the server has it (201 stored or 200 already stored); kept a few days so a page cached
 *            before the sync still shows it, and so a replay can be checked
 * rejected — the server refused it for good (4xx other than 401): shown with the reason until the rep
 *            edits and resends it or discards it — never dropped silently
 */
export type OutboxStatus = 'pending' | 'sent' | 'rejected';

export type OutboxEntry = {
  /** = body.id, the interaction's client-made id: the server stores one row per id (idempotency key). */
  id: string;
  /** Who logged it: only their session may send it. */
  userId: string;
  customerId: string;
  /** For lists outside the customer's page (我 tab), and when the customer is no longer visible. */
  customerName: string | null;
  body: InteractionBody;
  status: OutboxStatus;
  createdAt: number;
  attempts: number;
  lastAttemptAt: number | null;
  sentAt: number | null;
  /** Why the server refused it (rejected), in both languages: the reader's language is picked when shown. */
  problem: (Problem & { status: number }) | null;
  /** The last transient failure (network, 5xx), for the "will retry" line. */
  lastError: string | null;
};

/** What one attempt to send produced. */
export type SendResult = { kind: 'response'; status: number; body: unknown } | { kind: 'network'; error: string };

/**
 * sent     — 2xx: stored now or earlier (a replay)
 * auth     — 401: the session is gone or belongs to someone else; keep it pending, ask to sign in
 * retry    — the network, 5xx, 408 timeout, 429 rate limit: try again later, unchanged
 * rejected — any other 4xx (400 bad input, 403 customer reassigned away, 404, 409 id clash, 413):
 *            sending it again would get the same answer, so a person has to decide
 */
export type Outcome = 'sent' | 'auth' | 'retry' | 'rejected';

export function outcomeOf(result: SendResult): Outcome {
  if (result.kind === 'network') return 'retry';
  const { status } = result;
  if (status >= 200 && status < 300) return 'sent';
  if (status === 401) return 'auth';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return status >= 400 ? 'rejected' : 'retry';
}

const isBilingual = (v: unknown): v is Bilingual =>
  typeof v === 'object' && v !== null && typeof (v as Bilingual).zh === 'string' && typeof (v as Bilingual).en === 'string';

/** The server's problem body, or a plain one when the answer was not ours (a proxy's HTML error page). */
export function problemOf(status: number, body: unknown): Problem & { status: number } {
  const b = body as Partial<Problem> | null;
  if (b && typeof b === 'object' && typeof b.error === 'string' && isBilingual(b.message)) {
    const fields = b.fields && typeof b.fields === 'object' ? Object.fromEntries(Object.entries(b.fields).filter(([, v]) => isBilingual(v))) : undefined;
    return { status, error: b.error, message: b.message, ...(fields && Object.keys(fields).length ? { fields } : {}) };
  }
  return { status, error: `http_${status}`, message: { zh: `服务器拒绝了这条记录（${status}）`, en: `The server refused this log (${status})` } };
}

/** The entry after one attempt. */
export function applyResult(entry: OutboxEntry, result: SendResult, now: number): OutboxEntry {
  const tried = { ...entry, attempts: entry.attempts + 1, lastAttemptAt: now };
  switch (outcomeOf(result)) {
    case 'sent':
      return { ...tried, status: 'sent', sentAt: now, problem: null, lastError: null };
    case 'rejected':
      return { ...tried, status: 'rejected', problem: problemOf((result as { status: number }).status, (result as { body: unknown }).body), lastError: null };
    case 'auth':
      return { ...tried, lastError: 'unauthenticated' };
    case 'retry':
      return { ...tried, lastError: result.kind === 'network' ? `network: ${result.error}` : `http ${result.status}` };
  }
}

export function newEntry(params: { userId: string; customerName: string | null; body: InteractionBody; now: number }): OutboxEntry {
  return {
    id: params.body.id,
    userId: params.userId,
    customerId: params.body.customer_id,
    customerName: params.customerName,
    body: params.body,
    status: 'pending',
    createdAt: params.now,
    attempts: 0,
    lastAttemptAt: null,
    sentAt: null,
    problem: null,
    lastError: null,
  };
}

/**
 * A rejected entry, edited and sent again. It gets a new id: the server stored nothing under the old
 * one (4xx), and after a 409 the old id belongs to another interaction.
 */
export function resubmitted(entry: OutboxEntry, body: Omit<InteractionBody, 'id' | 'customer_id'>, newId: string, now: number): OutboxEntry {
  return newEntry({
    userId: entry.userId,
    customerName: entry.customerName,
    body: { ...body, id: newId, customer_id: entry.customerId },
    now,
  });
}

/** Entries waiting for the server, oldest first (the order they were logged in). */
export const sendable = (entries: OutboxEntry[], userId: string) =>
  entries.filter((e) => e.userId === userId && e.status === 'pending').sort((a, b) => a.createdAt - b.createdAt);

/**
 * What a customer's page adds to its server-rendered timeline: this customer's entries the page
 * does not show yet (pending, rejected, or sent after the page was rendered/cached), newest first.
 */
export function localOnly(entries: OutboxEntry[], customerId: string, serverIds: ReadonlySet<string>): OutboxEntry[] {
  return entries
    .filter((e) => e.customerId === customerId && !serverIds.has(e.id))
    .sort((a, b) => Date.parse(b.body.occurred_at) - Date.parse(a.body.occurred_at) || b.createdAt - a.createdAt);
}

export const SENT_KEEP_MS = 3 * 24 * 60 * 60 * 1000;
export const SENT_KEEP_MAX = 200;

/** Sent entries old enough (or many enough) to forget; pending and rejected ones are never pruned. */
export function prunable(entries: OutboxEntry[], now: number): string[] {
  const sent = entries.filter((e) => e.status === 'sent').sort((a, b) => (b.sentAt ?? 0) - (a.sentAt ?? 0));
  return sent.filter((e, i) => i >= SENT_KEEP_MAX || now - (e.sentAt ?? 0) > SENT_KEEP_MS).map((e) => e.id);
}

export type OutboxCounts = { pending: number; rejected: number };

export function countsOf(entries: OutboxEntry[], userId: string | null): OutboxCounts {
  let pending = 0;
  let rejected = 0;
  for (const e of entries) {
    if (e.userId !== userId) continue;
    if (e.status === 'pending') pending++;
    else if (e.status === 'rejected') rejected++;
  }
  return { pending, rejected };
}
