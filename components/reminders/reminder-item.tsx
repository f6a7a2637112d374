// One reminder: the customer (a link to their page), what kind of reminder and when it is due,
// the playbook's reason in the reader's language, and the three one-tap actions. Presentational:
// the inbox decides what the buttons do.
import Link from 'next/link';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { CustomerAvatar } from '@/components/customers/customer-avatar.tsx';
import { shortDate } from '@/components/ui/short-date.ts';

export type InboxItem = {
  id: string;
  customer_id: string;
  customer_name: string;
  company: string | null;
  kind: string;
  reason: { zh: string; en: string };
  due: string;
  days_late: number;
  snoozed: boolean;
  section: 'overdue' | 'today' | 'upcoming';
};

const KIND_TONE: Record<string, string> = {
  care: 'bg-brand-soft text-brand-dark',
  retention: 'bg-[#fff0f0] text-danger',
  stage_next: 'bg-[#eef1f6] text-link',
  touch: 'bg-[#e6f6ff] text-[#0a6fa8]',
  follow_up: 'bg-[#fff3e6] text-warn',
  survey: 'bg-[#f0f0ff] text-[#5457d6]',
};
const KINDS = new Set(Object.keys(KIND_TONE));
// The playbook's follow-up reason starts with what the chip already says ("约定跟进：带样品").
const CHIP_PREFIX = /^(约定跟进：|follow-up: )/;

export function ReminderItem({
  item,
  now,
  busy,
  onDone,
  onSnooze,
  onDismiss,
}: {
  item: InboxItem;
  now: Date;
  busy: boolean;
  onDone: () => void;
  onSnooze: () => void;
  onDismiss: () => void;
}) {
  const t = useTranslations('reminders');
  const format = useFormatter();
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const due = new Date(item.due);
  const time = format.dateTime(due, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const when = item.snoozed
    ? t('due.snoozedUntil', { when: item.days_late === 0 ? time : shortDate(format, due, now, { time: true }) })
    : item.section === 'overdue'
      ? t('due.overdueDays', { days: item.days_late })
      : item.section === 'today'
        ? t('due.today', { time })
        : item.days_late === -1
          ? t('due.tomorrow', { time })
          : shortDate(format, due, now);
  const button = 'flex min-h-[44px] min-w-[64px] items-center justify-center rounded-md px-4 text-[15px] disabled:opacity-50';
  return (
    <li className="bg-white" data-testid="reminder-item" data-reminder-id={item.id} data-kind={item.kind}>
      <div className="flex gap-3 pl-4">
        <Link href={`/customers/${item.customer_id}`} className="mt-3 h-fit shrink-0" tabIndex={-1} aria-hidden="true">
          <CustomerAvatar id={item.customer_id} name={item.customer_name} size={40} />
        </Link>
        <div className="min-w-0 flex-1 py-2 pr-4 hairline-b">
          <div className="flex min-h-[44px] items-center gap-2">
            {/* named by its visible text (customer, company): an aria-label would hide the company */}
            <Link
              href={`/customers/${item.customer_id}`}
              className="flex min-h-[44px] min-w-0 flex-1 flex-col justify-center active:opacity-60"
              data-testid="reminder-customer"
            >
              <span className="truncate text-[16px] leading-6">{item.customer_name}</span>
              {item.company ? <span className="truncate text-[12px] leading-4 text-muted">{item.company}</span> : null}
            </Link>
            <span
              className={`shrink-0 text-[12px] ${item.section === 'overdue' && !item.snoozed ? 'font-medium text-danger' : 'text-muted'}`}
              data-testid="reminder-due"
            >
              {when}
            </span>
          </div>
          <p className="mt-0.5 text-[14px] leading-[21px] text-ink/85" data-testid="reminder-reason">
            {KINDS.has(item.kind) ? (
              <span className={`mr-1.5 inline-block rounded px-1.5 align-[1px] text-[12px] leading-[18px] ${KIND_TONE[item.kind]}`}>
                {t(`kinds.${item.kind as 'care'}`)}
              </span>
            ) : null}
            {KINDS.has(item.kind) ? item.reason[locale].replace(CHIP_PREFIX, '') : item.reason[locale]}
          </p>
          <div className="mt-2 flex justify-end gap-2 pb-1">
            <button type="button" onClick={onDismiss} disabled={busy} className={`${button} bg-page text-ink/80 active:bg-black/10`} data-testid="reminder-dismiss">
              {t('actions.dismiss')}
            </button>
            <button type="button" onClick={onSnooze} disabled={busy} className={`${button} bg-page text-ink/80 active:bg-black/10`} data-testid="reminder-snooze">
              {t('actions.snooze')}
            </button>
            <button type="button" onClick={onDone} disabled={busy} className={`${button} bg-brand font-medium text-white active:bg-brand-dark`} data-testid="reminder-done">
              {t('actions.done')}
            </button>
          </div>
        </div>
      </div>
    </li>
  );
}
