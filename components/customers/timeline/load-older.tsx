'use client';
// "Load older": asks the server action for the page after the cursor — rendered on the server with
// the same day/entry components as the first page — and appends its days below.
import { Fragment, useRef } from 'react';
import { useTranslations } from 'next-intl';
import { LoadMoreButton } from '@/components/ui/load-more-button.tsx';
import { usePaged } from '@/components/ui/use-paged.ts';
import type { TimelineParty } from './entries.tsx';

/** What the page's server action (app/(app)/customers/[id]/actions.tsx) answers: days rendered on the server. */
export type OlderTimelinePage = { days: React.ReactNode; nextCursor: string | null; lastAt: Date | null };

export type LoadOlderTimeline = (input: { customerId: string; cursor: string; customerName: string; after: Date | null; now: Date }) => Promise<OlderTimelinePage>;

export function LoadOlder({
  cursor: initialCursor,
  lastAt,
  now,
  customer,
  load,
}: {
  cursor: string | null;
  /** when the server-rendered page's last entry happened */
  lastAt: Date | null;
  now: Date;
  customer: TimelineParty;
  load: LoadOlderTimeline;
}) {
  const t = useTranslations('customer.timeline');
  const after = useRef(lastAt);
  const paged = usePaged<React.ReactNode>(initialCursor, async (cursor) => {
    const page = await load({ customerId: customer.id, cursor, customerName: customer.name, after: after.current, now });
    after.current = page.lastAt ?? after.current;
    return { items: [page.days], nextCursor: page.nextCursor };
  });

  return (
    <>
      {paged.items.length ? (
        <ol aria-label={t('olderLabel')}>
          {paged.items.map((days, i) => (
            <Fragment key={i}>{days}</Fragment>
          ))}
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
        <p className="py-3 text-center text-[12px] text-muted" data-testid="timeline-end">
          {t('end')}
        </p>
      ) : null}
    </>
  );
}
