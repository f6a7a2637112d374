// "11月20日" / "Nov 20" (with the year only when it is not this year), optionally "14:30" —
// in the request's time zone (i18n/request.ts), so the day is the rep's day, not UTC's.
import type { useFormatter } from 'next-intl';

type Formatter = ReturnType<typeof useFormatter>;

export function shortDate(format: Formatter, d: Date, now: Date, opts: { time?: boolean } = {}): string {
  const sameYear = format.dateTime(d, { year: 'numeric' }) === format.dateTime(now, { year: 'numeric' });
  return format.dateTime(d, {
    ...(sameYear ? {} : { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
    ...(opts.time ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  });
}
