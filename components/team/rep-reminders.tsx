// One rep on the 团队 tab: who, how late, completion over 7 and 30 days, then their open
// reminders — overdue first, then by due time — each with the customer, the reason and a
// "转交" button. Presentational: the page hands in rows the database already counted and ranked.
import Link from 'next/link';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { shortDate } from '@/components/ui/short-date.ts';
import type { Rate, RepSummary, TeamReminder } from '@/lib/db/queries/team.ts';
import { ReassignButton } from './reassign-sheet.tsx';

const KINDS = ['care', 'retention', 'stage_next', 'touch', 'follow_up', 'survey'] as const;

export function RepReminders({
  rep,
  now,
  showAllHref,
}: {
  rep: RepSummary & { items: TeamReminder[] };
  now: Date;
  /** link to this rep's whole list, when more are open than shown */
  showAllHref: string | null;
}) {
  const t = useTranslations('team');
  return (
    <section className="mb-2 bg-white" data-testid="team-rep" data-rep-id={rep.user_id} aria-labelledby={`rep-${rep.user_id}`}>
      <header className="flex items-start gap-3 px-4 pb-2 pt-3">
        <span aria-hidden="true" className="flex h-10 w-10 shrink-0 items-center justify-center rounded-md bg-[#576b95] text-[16px] font-medium text-white">
          {Array.from(rep.display_name)[0]}
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex items-baseline gap-2">
            <h3 id={`rep-${rep.user_id}`} className="min-w-0 flex-1 truncate text-[16px] font-medium" data-testid="rep-name">
              {rep.display_name}
              {rep.active ? null : <span className="ml-1.5 text-[12px] font-normal text-muted">{t('inactive')}</span>}
            </h3>
            <span className="shrink-0 text-[13px]" data-testid="rep-counts">
              {rep.overdue > 0 ? <span className="font-medium text-danger">{t('overdue', { count: rep.overdue })}</span> : null}
              {rep.overdue > 0 ? <span className="text-muted"> · </span> : null}
              {rep.due_today > 0 ? <span className="text-ink">{t('dueToday', { count: rep.due_today })}</span> : null}
              {rep.due_today > 0 ? <span className="text-muted"> · </span> : null}
              <span className="text-muted">{t('open', { count: rep.open })}</span>
            </span>
          </div>
          <div className="mt-0.5 flex flex-wrap gap-x-4 text-[13px] text-muted">
            <RateLabel days={7} rate={rep.week} testId="rate-7" />
            <RateLabel days={30} rate={rep.month} testId="rate-30" />
          </div>
        </div>
      </header>
      {rep.items.length === 0 ? (
        <p className="px-4 pb-3 pl-[68px] text-[13px] text-muted">{t('nothingOpen')}</p>
      ) : (
        <ul className="pl-4" data-testid="rep-reminders">
          {rep.items.map((item) => (
            <ReminderRow key={item.id} item={item} now={now} />
          ))}
        </ul>
      )}
      {showAllHref ? (
        <Link href={showAllHref} className="flex h-11 items-center justify-center text-[14px] text-link hairline-t active:bg-black/5" data-testid="rep-show-all">
          {t('showAll', { count: rep.open })}
        </Link>
      ) : null}
    </section>
  );
}

function RateLabel({ days, rate, testId }: { days: 7 | 30; rate: Rate; testId: string }) {
  const t = useTranslations('team');
  const total = rate.done + rate.dismissed + rate.missed;
  const pct = rate.rate === null ? null : Math.round(rate.rate * 100);
  // The figures as one sentence for screen readers (an aria-label on a plain span is ignored by
  // some and hides the text from others); the eye reads the compact form.
  return (
    <span data-testid={testId} className="whitespace-nowrap">
      <span aria-hidden="true">
        {t('rate', { days })}{' '}
        <span className={pct === null ? 'text-muted' : pct < 50 ? 'font-medium text-danger' : 'font-medium text-ink'}>
          {pct === null ? t('rateNone') : t('ratePct', { pct })}
        </span>
        {pct === null ? null : <span className="text-muted"> {t('rateFraction', { done: rate.done, total })}</span>}
      </span>
      <span className="sr-only">{pct === null ? t('rateLabelNone', { days }) : t('rateLabel', { days, pct: `${pct}%`, done: rate.done, total })}</span>
    </span>
  );
}

function ReminderRow({ item, now }: { item: TeamReminder; now: Date }) {
  const t = useTranslations('team');
  const format = useFormatter();
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const kind: (typeof KINDS)[number] | 'other' = (KINDS as readonly string[]).includes(item.kind) ? (item.kind as (typeof KINDS)[number]) : 'other';
  const reason = (locale === 'en' ? item.reason?.en : item.reason?.zh) ?? item.reason?.zh ?? '';
  const when = shortDate(format, item.fire_at, now, { time: true });
  return (
    <li className="flex items-stretch hairline-t" data-testid="team-reminder" data-customer-id={item.customer_id} data-overdue={item.overdue}>
      <Link href={`/customers/${item.customer_id}`} className="min-w-0 flex-1 py-2.5 pr-2 active:bg-black/5">
        <div className="flex items-baseline gap-2">
          <span className="min-w-0 truncate text-[15px]" data-testid="team-reminder-customer">
            {item.customer_name}
          </span>
          <span className="shrink-0 rounded-[3px] bg-page px-1.5 text-[12px] leading-5 text-muted">{t(`kinds.${kind}`)}</span>
        </div>
        {reason ? <p className="mt-0.5 line-clamp-2 text-[13px] leading-[18px] text-muted">{reason}</p> : null}
        <p className={`mt-0.5 text-[12px] ${item.overdue ? 'text-danger' : 'text-muted'}`} data-testid="team-reminder-due">
          {item.overdue ? <span className="font-medium">{t('overdueBadge')} · </span> : null}
          {item.status === 'snoozed' ? t('snoozedUntil', { when }) : when}
        </p>
      </Link>
      <div className="flex items-center pr-2">
        <ReassignButton customer={{ id: item.customer_id, name: item.customer_name }} />
      </div>
    </li>
  );
}
