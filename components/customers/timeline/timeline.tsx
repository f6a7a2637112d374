// The customer's timeline: one stream, newest first, of interactions, orders, deal stage changes,
// survey answers and tag changes, grouped by day, chat style (entries.tsx says who sits where).
// The first page is rendered with the page; older pages come from `loadOlder` (a server action).
import { useTranslations } from 'next-intl';
import type { TimelinePage } from '@/lib/db/queries/timeline.ts';
import type { TimelineParty } from './entries.tsx';
import { LoadOlder, type LoadOlderTimeline } from './load-older.tsx';
import { TimelineDays } from './timeline-days.tsx';

export function Timeline({
  page,
  now,
  customer,
  meId,
  loadOlder,
  top,
}: {
  page: TimelinePage;
  now: Date;
  customer: TimelineParty;
  meId: string | null;
  loadOlder: LoadOlderTimeline;
  /** above the newest entry: things not stored yet (the offline outbox's pending logs) */
  top?: React.ReactNode;
}) {
  const t = useTranslations('customer.timeline');
  const last = page.items[page.items.length - 1];
  return (
    <section aria-labelledby="timeline-title" className="mt-2 pb-4">
      <h2 id="timeline-title" className="px-4 pb-1 pt-2 text-[13px] text-muted">
        {t('heading')}
      </h2>
      {top}
      {page.items.length === 0 ? (
        top ? null : (
          <div className="mx-3 rounded-lg bg-white px-4 py-6 text-center" data-testid="timeline-empty">
            <p className="text-[15px]">{t('nothingYet')}</p>
            <p className="mt-1 text-[13px] leading-5 text-muted">{t('nothingYetHint')}</p>
          </div>
        )
      ) : (
        <div className="px-3">
          <ol data-testid="timeline">
            <TimelineDays items={page.items} now={now} customer={customer} meId={meId} />
          </ol>
          {/* Keyed by where the first page ends: after a refresh with a new entry on top, older pages
              loaded before would start one entry too late, so they are dropped and load again. */}
          <LoadOlder
            key={page.nextCursor ?? 'end'}
            cursor={page.nextCursor}
            lastAt={last?.at ?? null}
            now={now}
            customer={customer}
            load={loadOlder}
          />
        </div>
      )}
    </section>
  );
}
