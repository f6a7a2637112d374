// Timeline entries grouped by day, newest first, each day under a centred date like a chat's
// ("今天", "昨天", "11月20日"). Days are the rep's days (the request's time zone), not UTC's.
// Rendered on the server only: the first page with the customer's page, older pages by the "load
// older" server action, which passes the day the page above ended on so a day split across two
// pages shows its date once.
import { useFormatter, useTranslations } from 'next-intl';
import type { TimelineItem } from '@/lib/db/queries/timeline.ts';
import { shortDate } from '@/components/ui/short-date.ts';
import { TimelineEntry, type TimelineParty } from './entries.tsx';

type Formatter = ReturnType<typeof useFormatter>;

export const dayKey = (format: Formatter, d: Date) => format.dateTime(d, { year: 'numeric', month: '2-digit', day: '2-digit' });

export function TimelineDays({
  items,
  now,
  customer,
  meId,
  continuesDay,
}: {
  items: TimelineItem[];
  now: Date;
  customer: TimelineParty;
  meId: string | null;
  /** the day key the previous page ended with */
  continuesDay?: string | null;
}) {
  const t = useTranslations('customer.timeline');
  const format = useFormatter();
  const today = dayKey(format, now);
  const yesterday = dayKey(format, new Date(now.getTime() - 86_400_000));

  const days: { key: string; first: Date; items: TimelineItem[] }[] = [];
  for (const item of items) {
    const key = dayKey(format, item.at);
    const last = days[days.length - 1];
    if (last?.key === key) last.items.push(item);
    else days.push({ key, first: item.at, items: [item] });
  }

  return (
    <>
      {days.map((day) => {
        const title = day.key === today ? t('today') : day.key === yesterday ? t('yesterday') : shortDate(format, day.first, now);
        const continued = day.key === continuesDay;
        return (
          <li key={day.key} data-testid="timeline-day" data-day={day.key}>
            {continued ? null : (
              <h3 className="pb-1 pt-3 text-center text-[12px] leading-4 text-muted">
                <time dateTime={day.first.toISOString().slice(0, 10)}>{title}</time>
              </h3>
            )}
            <ol>
              {day.items.map((item) => (
                <li key={item.key} className="py-2" data-testid="timeline-entry" data-type={item.type} data-id={item.id}>
                  <TimelineEntry item={item} customer={customer} meId={meId} />
                </li>
              ))}
            </ol>
          </li>
        );
      })}
    </>
  );
}
