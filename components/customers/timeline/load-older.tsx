'use client';
// "Load older": asks the server action for the page after the cursor and appends its days below
// the ones the server rendered, with the same entry components.
import { useState, useTransition } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import type { TimelineItem, TimelinePage } from '@/lib/db/queries/timeline.ts';
import type { TimelineParty } from './entries.tsx';
import { dayKey, TimelineDays } from './timeline-days.tsx';

export function LoadOlder({
  cursor: initialCursor,
  lastAt,
  now,
  customer,
  meId,
  load,
}: {
  cursor: string | null;
  /** when the server-rendered page's last entry happened */
  lastAt: Date | null;
  now: Date;
  customer: TimelineParty;
  meId: string | null;
  load: (input: { customerId: string; cursor: string }) => Promise<TimelinePage>;
}) {
  const t = useTranslations('customer.timeline');
  const format = useFormatter();
  const [items, setItems] = useState<TimelineItem[]>([]);
  const [cursor, setCursor] = useState(initialCursor);
  const [failed, setFailed] = useState(false);
  const [pending, startTransition] = useTransition();

  const more = () => {
    if (!cursor) return;
    setFailed(false);
    startTransition(async () => {
      try {
        const page = await load({ customerId: customer.id, cursor });
        setItems((prev) => [...prev, ...page.items]);
        setCursor(page.nextCursor);
      } catch {
        setFailed(true);
      }
    });
  };

  return (
    <>
      {items.length ? (
        <ol aria-label={t('olderLabel')}>
          <TimelineDays items={items} now={now} customer={customer} meId={meId} continuesDay={lastAt ? dayKey(format, lastAt) : null} />
        </ol>
      ) : null}
      {cursor ? (
        <button
          type="button"
          onClick={more}
          disabled={pending}
          className="mx-auto mt-2 block min-h-[44px] px-6 text-center text-[13px] text-[#576b95] active:opacity-60 disabled:text-muted"
          data-testid="timeline-older"
        >
          {pending ? t('loadingOlder') : failed ? t('olderFailed') : t('older')}
        </button>
      ) : items.length ? (
        // Only after paging: on a short timeline "that's everything" goes without saying.
        <p className="py-3 text-center text-[12px] text-faint" data-testid="timeline-end">
          {t('end')}
        </p>
      ) : null}
    </>
  );
}
