'use client';
// The outbox snapshot (lib/offline/client.ts) for a component: re-renders when it changes.
import { useSyncExternalStore } from 'react';
import { getServerSnapshot, getSnapshot, type OutboxSnapshot, subscribe } from '@/lib/offline/client.ts';

export function useOutbox(): OutboxSnapshot {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
