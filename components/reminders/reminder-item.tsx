'use client';
// One reminder cell, WeChat-compact (issue 14): a line of title (the customer, the kind), a line
// of reason, a due chip and a checkmark — about 64 px, so 8+ fit a 390×844 screen where the
// old three-button cells fit 5. Tap opens the customer; the checkmark is 完成; swipe left
// reveals 推迟 / 忽略 (also reachable by keyboard: focusing them slides the row open).
// An item may stand for several reminders of one customer (今日 merges them, lib/engine/today.ts):
// the first reason leads and "另有 N 条" says how many more; the actions apply to all of them.
// Presentational apart from the swipe: the inbox decides what the buttons do.
import Link from 'next/link';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useRef, useState } from 'react';
import { shortDate } from '@/components/ui/short-date.ts';

export type InboxItem = {
  /** the reminders this cell stands for (one, or a customer's merged ones in 今日), the leading one first */
  ids: string[];
  customer_id: string;
  customer_name: string;
  company: string | null;
  kind: string;
  reasons: { zh: string; en: string }[];
  due: string;
  days_late: number;
  snoozed: boolean;
  section: 'overdue' | 'today' | 'upcoming';
};

const KIND_TONE: Record<string, string> = {
  detractor: 'bg-danger text-white',
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
const ACTIONS_W = 152; // two 76 px buttons behind the row

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
  const [offset, setOffset] = useState(0);
  const drag = useRef<{ x: number; y: number; base: number; moved: boolean; horizontal: boolean | null } | null>(null);
  const suppressClick = useRef(false);

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
  const lead = item.reasons[0]?.[locale] ?? '';
  const reason = KINDS.has(item.kind) ? lead.replace(CHIP_PREFIX, '') : lead;
  const more = item.reasons.length - 1;
  const late = item.section === 'overdue' && !item.snoozed;
  const open = offset <= -ACTIONS_W / 2;

  const onPointerDown = (e: React.PointerEvent) => {
    if (e.pointerType === 'mouse' && e.button !== 0) return;
    drag.current = { x: e.clientX, y: e.clientY, base: open ? -ACTIONS_W : 0, moved: false, horizontal: null };
  };
  const onPointerMove = (e: React.PointerEvent) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (d.horizontal === null && Math.abs(dx) + Math.abs(dy) > 8) d.horizontal = Math.abs(dx) > Math.abs(dy);
    if (!d.horizontal) return;
    d.moved = true;
    setOffset(Math.max(-ACTIONS_W - 24, Math.min(0, d.base + dx)));
  };
  const onPointerEnd = () => {
    const d = drag.current;
    drag.current = null;
    if (!d?.moved) return;
    suppressClick.current = true;
    setOffset((o) => (o <= -ACTIONS_W / 2 ? -ACTIONS_W : 0));
  };

  const side = 'flex h-full w-[76px] items-center justify-center text-[15px] text-white disabled:opacity-50';
  return (
    <li
      className="relative overflow-hidden bg-white"
      data-testid="reminder-item"
      data-reminder-id={item.ids[0]}
      data-reminder-ids={item.ids.join(' ')}
      data-kind={item.kind}
      data-swiped={open}
    >
      <div className="absolute inset-y-0 right-0 flex" style={{ width: ACTIONS_W }}>
        <button
          type="button"
          onClick={() => {
            setOffset(0);
            onSnooze();
          }}
          onFocus={() => setOffset(-ACTIONS_W)}
          disabled={busy}
          className={`${side} bg-[#4a5d85]`}
          data-testid="reminder-snooze"
        >
          {t('actions.snooze')}
        </button>
        <button
          type="button"
          onClick={() => {
            setOffset(0);
            onDismiss();
          }}
          onFocus={() => setOffset(-ACTIONS_W)}
          disabled={busy}
          className={`${side} bg-danger`}
          data-testid="reminder-dismiss"
        >
          {t('actions.dismiss')}
        </button>
      </div>
      <div
        className="relative flex touch-pan-y items-center bg-white pl-4 transition-transform duration-150 ease-out"
        style={{ transform: `translateX(${offset}px)` }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        onClickCapture={(e) => {
          if (suppressClick.current) {
            suppressClick.current = false;
            e.preventDefault();
            e.stopPropagation();
          } else if (open) {
            e.preventDefault();
            e.stopPropagation();
            setOffset(0);
          }
        }}
      >
        <div className="flex min-w-0 flex-1 items-center hairline-b">
          <Link
            href={`/customers/${item.customer_id}`}
            className="flex min-h-[60px] min-w-0 flex-1 flex-col justify-center py-2 pr-2 active:opacity-60"
            data-testid="reminder-customer"
            draggable={false}
          >
            <span className="flex min-w-0 items-center gap-1.5">
              <span className="truncate text-[16px] leading-[22px]">{item.customer_name}</span>
              {KINDS.has(item.kind) ? (
                <span className={`shrink-0 rounded px-1.5 text-[12px] leading-[18px] ${KIND_TONE[item.kind]}`}>{t(`kinds.${item.kind as 'care'}`)}</span>
              ) : null}
            </span>
            <span className="flex min-w-0 gap-1 text-[13px] leading-[19px] text-muted" data-testid="reminder-reason">
              <span className="truncate">{reason}</span>
              {more > 0 ? <span className="shrink-0 text-ink/70">· {t('today.more', { count: more })}</span> : null}
            </span>
          </Link>
          <span
            className={`shrink-0 rounded-full px-2 text-[12px] leading-[22px] ${late ? 'bg-[#fff0f0] font-medium text-danger' : 'bg-page text-muted'}`}
            data-testid="reminder-due"
          >
            {when}
          </span>
          <button
            type="button"
            onClick={onDone}
            disabled={busy}
            aria-label={t('actions.doneFor', { name: item.customer_name })}
            className="ml-1 flex h-[44px] w-[48px] shrink-0 items-center justify-center text-brand-dark active:bg-black/5 disabled:opacity-50"
            data-testid="reminder-done"
          >
            <svg aria-hidden="true" viewBox="0 0 24 24" width="26" height="26" fill="none" stroke="currentColor" strokeWidth="1.8">
              <circle cx="12" cy="12" r="10" />
              <path d="M7.5 12.5l3 3 6-6.5" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </button>
        </div>
      </div>
    </li>
  );
}
