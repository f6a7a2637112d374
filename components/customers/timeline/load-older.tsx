'use client';
// "Load older": asks the server action for the page after the cursor and appends its days below
// the ones the server rendered, with the same entry components.
import { useFormatter, useTranslations } from 'next-intl';
import { LoadMoreButton } from '@/components/ui/load-more-button.tsx';
import { usePaged } from '@/components/ui/use-paged.ts';
import type { TimelinePage } from '@/lib/db/queries/timeline.ts';
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
  const paged = usePaged(initialCursor, (c) => load({ customerId: customer.id, cursor: c }));

  return (
    <>
      {paged.items.length ? (
        <ol aria-label={t('olderLabel')}>
          <TimelineDays items={paged.items} now={now} customer={customer} meId={meId} continuesDay={lastAt ? dayKey(format, lastAt) : null} />
        </ol>
      ) : null}
      {paged.cursor ? (
        <LoadMoreButton
          paged={paged}
          labels={{ more: t('older'), loading: t('loadingOlder'), failed: t('olderFailed') }}
          className="mx-auto mt-2 block min-h-[44px] px-6 text-[13px] active:opacity-60"
          testId="timeline-older"
        />
      ) : paged.items.length ? (
        // Only after paging: on a short timeline "that's everything" goes without saying.
        <p className="py-3 text-center text-[12px] text-faint" data-testid="timeline-end">
          {t('end')}
        </p>
      ) : null}
    </>
  );
}
