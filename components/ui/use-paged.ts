'use client';
// "Load more" paging for a list the server rendered the first page of: keeps the pages fetched
// since (appended in order) and the cursor of the next one. A failed fetch keeps what was shown
// and lets the button try again. Used by the customers list and the customer timeline.
import { useState, useTransition } from 'react';

export type Paged<T> = { items: T[]; nextCursor: string | null };

export type PagedState<T> = { items: T[]; cursor: string | null; failed: boolean; pending: boolean; more: () => void };

export function usePaged<T>(initialCursor: string | null, fetchPage: (cursor: string) => Promise<Paged<T>>): PagedState<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState(initialCursor);
  const [failed, setFailed] = useState(false);
  const [pending, startTransition] = useTransition();

  const more = () => {
    if (!cursor) return;
    setFailed(false);
    startTransition(async () => {
      try {
        const page = await fetchPage(cursor);
        setItems((prev) => [...prev, ...page.items]);
        setCursor(page.nextCursor);
      } catch {
        setFailed(true);
      }
    });
  };

  return { items, cursor, failed, pending, more };
}
