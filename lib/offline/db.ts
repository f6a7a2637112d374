// The on-device database (IndexedDB, through `idb`), shared by the page and the service worker:
//   outbox  — logs not yet accepted by the server, and recently sent ones (entry.ts)
//   recents — customers this user opened on this device, newest first: the ＋ tab's "recent"
//             list, and the customer pages kept for offline use
//   meta    — small per-device facts: who is signed in (so the service worker sends only that
//             user's logs), whether the session ran out while logs were waiting
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { OutboxEntry } from './entry.ts';
import type { OutboxStore } from './flush.ts';

export type RecentCustomer = {
  userId: string;
  customerId: string;
  name: string;
  company: string | null;
  region: string | null;
  viewedAt: number;
};

export type Meta = {
  /** The signed-in user, set by the app shell; null after signing out. */
  session: { userId: string | null; at: number };
  /** A send got 401 for this user: their logs wait until they sign in again. */
  auth: { userId: string; at: number };
  lastSync: { userId: string; at: number };
  /** When the running service worker version took over (worker/index.ts): pages stored before it may point at scripts it no longer has. */
  sw: { activatedAt: number };
};

interface OfflineDB extends DBSchema {
  outbox: { key: string; value: OutboxEntry; indexes: { 'by-user': string } };
  recents: { key: [string, string]; value: RecentCustomer; indexes: { 'by-user': string } };
  meta: { key: keyof Meta; value: Meta[keyof Meta] };
}

const DB_NAME = 'crystal-offline';
const VERSION = 1;
export const RECENTS_MAX = 30;

let opening: Promise<IDBPDatabase<OfflineDB>> | null = null;

export function offlineDb(): Promise<IDBPDatabase<OfflineDB>> {
  opening ??= openDB<OfflineDB>(DB_NAME, VERSION, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('by-user', 'userId');
      db.createObjectStore('recents', { keyPath: ['userId', 'customerId'] }).createIndex('by-user', 'userId');
      db.createObjectStore('meta');
    },
    // A newer version of the app wants to upgrade the schema: let it (this tab reopens on next use).
    blocking() {
      void opening?.then((db) => db.close());
      opening = null;
    },
    terminated() {
      opening = null;
    },
  }).catch((err: unknown) => {
    opening = null;
    throw err;
  });
  return opening;
}

export const hasIndexedDb = () => typeof indexedDB !== 'undefined';

// ---- outbox

export const idbOutbox: OutboxStore = {
  async list(userId) {
    return (await offlineDb()).getAllFromIndex('outbox', 'by-user', userId);
  },
  async get(id) {
    return (await offlineDb()).get('outbox', id);
  },
  async put(entry) {
    await (await offlineDb()).put('outbox', entry);
  },
  async remove(ids) {
    const tx = (await offlineDb()).transaction('outbox', 'readwrite');
    await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
  },
};

/** Replace one entry by another in one transaction (a rejected log edited and resent under a new id). */
export async function replaceEntry(oldId: string, entry: OutboxEntry): Promise<void> {
  const tx = (await offlineDb()).transaction('outbox', 'readwrite');
  await Promise.all([tx.store.delete(oldId), tx.store.put(entry), tx.done]);
}

// ---- recents

export async function listRecents(userId: string): Promise<RecentCustomer[]> {
  const all = await (await offlineDb()).getAllFromIndex('recents', 'by-user', userId);
  return all.sort((a, b) => b.viewedAt - a.viewedAt);
}

/** Remember a customer the user opened; keeps the newest RECENTS_MAX. Returns the ids dropped. */
export async function rememberRecent(recent: RecentCustomer): Promise<string[]> {
  const db = await offlineDb();
  const tx = db.transaction('recents', 'readwrite');
  await tx.store.put(recent);
  const mine = (await tx.store.index('by-user').getAll(recent.userId)).sort((a, b) => b.viewedAt - a.viewedAt);
  const dropped = mine.slice(RECENTS_MAX);
  await Promise.all(dropped.map((r) => tx.store.delete([r.userId, r.customerId])));
  await tx.done;
  return dropped.map((r) => r.customerId);
}

/** On sign-out: the list names customers, and the next person on this phone should not read it. */
export async function clearRecents(userId: string): Promise<void> {
  const tx = (await offlineDb()).transaction('recents', 'readwrite');
  const keys = await tx.store.index('by-user').getAllKeys(userId);
  await Promise.all([...keys.map((k) => tx.store.delete(k)), tx.done]);
}

// ---- meta

export async function getMeta<K extends keyof Meta>(key: K): Promise<Meta[K] | undefined> {
  return (await (await offlineDb()).get('meta', key)) as Meta[K] | undefined;
}

export async function setMeta<K extends keyof Meta>(key: K, value: Meta[K]): Promise<void> {
  await (await offlineDb()).put('meta', value, key);
}

export async function deleteMeta(key: keyof Meta): Promise<void> {
  await (await offlineDb()).delete('meta', key);
}
