// The offline outbox's rules (lib/offline/entry.ts) and its flush loop (lib/offline/flush.ts),
// with an in-memory store standing in for IndexedDB and a scripted server. The real browser —
// IndexedDB, the service worker, going offline and back — is covered by tests/e2e/offline.spec.ts.
import { describe, expect, it } from 'vitest';
import {
  applyResult,
  countsOf,
  type InteractionBody,
  localOnly,
  newEntry,
  outcomeOf,
  type OutboxEntry,
  problemOf,
  prunable,
  resubmitted,
  SENT_KEEP_MS,
  type SendResult,
} from '../../../lib/offline/entry.ts';
import { type OutboxStore, retryDelayMs, runFlush } from '../../../lib/offline/flush.ts';

const REP = '11111111-1111-4111-8111-111111111111';
const OTHER_REP = '22222222-2222-4222-8222-222222222222';
const CUSTOMER = '33333333-3333-4333-8333-333333333333';
const T0 = Date.parse('2026-11-20T06:30:00Z');

let seq = 0;
function body(extra: Partial<InteractionBody> = {}): InteractionBody {
  seq++;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    customer_id: CUSTOMER,
    kind: 'visit',
    occurred_at: new Date(T0 + seq * 1000).toISOString(),
    attitude: 'accept',
    cognition: 'specific',
    note: `拜访 ${seq}`,
    ...extra,
  };
}

const entry = (extra: Partial<InteractionBody> = {}, userId = REP, now = T0 + seq * 1000) =>
  newEntry({ userId, customerName: '杭州恒远', body: body(extra), now });

const forbidden = { error: 'forbidden', message: { zh: '客户不在你的负责范围内', en: 'Not your customer' } };

function memoryStore(entries: OutboxEntry[]): OutboxStore & { rows: Map<string, OutboxEntry> } {
  const rows = new Map(entries.map((e) => [e.id, e]));
  return {
    rows,
    list: async (userId) => [...rows.values()].filter((e) => e.userId === userId),
    get: async (id) => rows.get(id),
    put: async (e) => void rows.set(e.id, e),
    remove: async (ids) => ids.forEach((id) => rows.delete(id)),
  };
}

/** A server that stores one row per id, like POST /api/interactions. */
function fakeServer(answer?: (e: OutboxEntry) => SendResult | undefined) {
  const stored = new Map<string, InteractionBody>();
  const calls: string[] = [];
  const send = async (e: OutboxEntry): Promise<SendResult> => {
    calls.push(e.id);
    const special = answer?.(e);
    if (special) return special;
    if (stored.has(e.id)) return { kind: 'response', status: 200, body: { id: e.id, inserted: false } };
    stored.set(e.id, e.body);
    return { kind: 'response', status: 201, body: { id: e.id, inserted: true } };
  };
  return { stored, calls, send };
}

describe('what an answer means for a log', () => {
  it.each([
    [201, 'sent'],
    [200, 'sent'],
    [401, 'auth'],
    [400, 'rejected'],
    [403, 'rejected'],
    [404, 'rejected'],
    [409, 'rejected'],
    [413, 'rejected'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
  ] as const)('HTTP %i → %s', (status, outcome) => {
    expect(outcomeOf({ kind: 'response', status, body: null })).toBe(outcome);
  });

  it('no network → retry', () => {
    expect(outcomeOf({ kind: 'network', error: 'TypeError' })).toBe('retry');
  });

  it('a refusal keeps the server’s reason in both languages', () => {
    const e = applyResult(entry(), { kind: 'response', status: 403, body: forbidden }, T0);
    expect(e.status).toBe('rejected');
    expect(e.problem).toEqual({ status: 403, ...forbidden });
    expect(e.attempts).toBe(1);
  });

  it('a refusal that is not our JSON still says something a person can read', () => {
    expect(problemOf(502, '<html>Bad gateway</html>').message.zh).toContain('502');
    expect(problemOf(400, { error: 'invalid_input', message: { zh: '请检查', en: 'Check' }, fields: { note: { zh: '太长', en: 'Too long' }, x: 1 } })).toEqual({
      status: 400,
      error: 'invalid_input',
      message: { zh: '请检查', en: 'Check' },
      fields: { note: { zh: '太长', en: 'Too long' } },
    });
  });

  it('401 keeps the log pending', () => {
    const e = applyResult(entry(), { kind: 'response', status: 401, body: null }, T0);
    expect(e.status).toBe('pending');
    expect(e.lastError).toBe('unauthenticated');
  });

  it('an edited, resent log gets a new id (nothing was stored under the old one; after a 409 it belongs to another log)', () => {
    const rejected = applyResult(entry(), { kind: 'response', status: 409, body: null }, T0);
    const again = resubmitted(rejected, { ...rejected.body, note: '改过的备注' }, '44444444-4444-4444-8444-444444444444', T0 + 5);
    expect(again).toMatchObject({ id: '44444444-4444-4444-8444-444444444444', status: 'pending', attempts: 0, problem: null, customerId: CUSTOMER });
    expect(again.body).toMatchObject({ id: again.id, customer_id: CUSTOMER, note: '改过的备注' });
  });
});

describe('flush', () => {
  it('sends pending logs oldest first and marks them sent', async () => {
    const [a, b] = [entry(), entry()];
    const store = memoryStore([b!, a!]);
    const server = fakeServer();
    const summary = await runFlush({ store, send: server.send, userId: REP, now: () => T0 + 60_000 });
    expect(summary).toEqual({ status: 'done', sent: [a!.id, b!.id], rejected: [] });
    expect(server.calls).toEqual([a!.id, b!.id]);
    expect([...store.rows.values()].map((e) => e.status)).toEqual(['sent', 'sent']);
  });

  it('a replay of the same logs stores nothing twice', async () => {
    const logs = [entry(), entry()];
    const server = fakeServer();
    await runFlush({ store: memoryStore(logs), send: server.send, userId: REP });
    // A second phone state with the same entries still pending (the answer was lost on the way back).
    const again = await runFlush({ store: memoryStore(logs), send: server.send, userId: REP });
    expect(again.status).toBe('done');
    expect(server.calls).toHaveLength(4);
    expect(server.stored.size).toBe(2);
  });

  it('sent logs are not sent again', async () => {
    const store = memoryStore([entry()]);
    const server = fakeServer();
    await runFlush({ store, send: server.send, userId: REP });
    await runFlush({ store, send: server.send, userId: REP });
    expect(server.calls).toHaveLength(1);
  });

  it('stops at the first network failure and keeps everything pending', async () => {
    const store = memoryStore([entry(), entry()]);
    const summary = await runFlush({ store, send: async () => ({ kind: 'network', error: 'TypeError' }), userId: REP });
    expect(summary.status).toBe('offline');
    const rows = [...store.rows.values()];
    expect(rows.map((e) => e.status)).toEqual(['pending', 'pending']);
    expect(rows.map((e) => e.attempts).sort()).toEqual([0, 1]);
  });

  it('a refused log is kept with its reason, and the rest still go', async () => {
    const [bad, good] = [entry(), entry()];
    const server = fakeServer((e) => (e.id === bad!.id ? { kind: 'response', status: 403, body: forbidden } : undefined));
    const store = memoryStore([bad!, good!]);
    const summary = await runFlush({ store, send: server.send, userId: REP });
    expect(summary).toEqual({ status: 'done', sent: [good!.id], rejected: [bad!.id] });
    expect(store.rows.get(bad!.id)).toMatchObject({ status: 'rejected', problem: { status: 403, error: 'forbidden' } });
    // …and is not retried by the next flush: a person has to fix or discard it.
    await runFlush({ store, send: server.send, userId: REP });
    expect(server.calls.filter((id) => id === bad!.id)).toHaveLength(1);
  });

  it('401 stops the flush and asks to sign in', async () => {
    const store = memoryStore([entry(), entry()]);
    const summary = await runFlush({ store, send: async () => ({ kind: 'response', status: 401, body: null }), userId: REP });
    expect(summary.status).toBe('auth');
    expect([...store.rows.values()].every((e) => e.status === 'pending')).toBe(true);
  });

  it('server trouble stops the flush for a retry later', async () => {
    const store = memoryStore([entry(), entry()]);
    const summary = await runFlush({ store, send: async () => ({ kind: 'response', status: 503, body: null }), userId: REP });
    expect(summary.status).toBe('retry');
    expect([...store.rows.values()].map((e) => e.status)).toEqual(['pending', 'pending']);
  });

  it('sends only the signed-in user’s logs', async () => {
    const mine = entry();
    const theirs = entry({}, OTHER_REP);
    const server = fakeServer();
    await runFlush({ store: memoryStore([mine, theirs]), send: server.send, userId: REP });
    expect(server.calls).toEqual([mine.id]);
  });

  it('skips a log discarded (or sent by another tab) while the flush was running', async () => {
    const [a, b] = [entry(), entry()];
    const store = memoryStore([a!, b!]);
    const server = fakeServer();
    const send = async (e: OutboxEntry) => {
      if (e.id === a!.id) store.rows.delete(b!.id); // discarded meanwhile
      return server.send(e);
    };
    await runFlush({ store, send, userId: REP });
    expect(server.calls).toEqual([a!.id]);
  });

  it('forgets sent logs after a few days, never pending or refused ones', async () => {
    const old = { ...entry(), status: 'sent' as const, sentAt: T0 };
    const fresh = { ...entry(), status: 'sent' as const, sentAt: T0 + SENT_KEEP_MS };
    const waiting = entry();
    const refused = { ...entry(), status: 'rejected' as const };
    expect(prunable([old, fresh, waiting, refused], T0 + SENT_KEEP_MS + 1)).toEqual([old.id]);
    const store = memoryStore([old, fresh, refused]);
    await runFlush({ store, send: fakeServer().send, userId: REP, now: () => T0 + SENT_KEEP_MS + 1 });
    expect([...store.rows.keys()].sort()).toEqual([fresh.id, refused.id].sort());
  });

  it('waits longer after each failure, up to five minutes', () => {
    expect([1, 2, 3, 4, 10].map(retryDelayMs)).toEqual([5000, 15_000, 45_000, 135_000, 300_000]);
  });
});

describe('what a customer page adds to its timeline', () => {
  it('this customer’s logs the page does not show yet, newest first', () => {
    const a = entry();
    const b = entry();
    const shown = entry();
    const other = entry({ customer_id: '55555555-5555-4555-8555-555555555555' });
    expect(localOnly([a, shown, b, other], CUSTOMER, new Set([shown.id])).map((e) => e.id)).toEqual([b.id, a.id]);
  });

  it('counts what waits, per user', () => {
    const rejected = { ...entry(), status: 'rejected' as const };
    const sent = { ...entry(), status: 'sent' as const };
    expect(countsOf([entry(), entry(), rejected, sent, entry({}, OTHER_REP)], REP)).toEqual({ pending: 2, rejected: 1 });
  });
});
