'use client';
// A log from the device's outbox and where it stands: 待同步 pending (and why it has not gone
// yet), 已同步 synced, or 被退回 rejected — with the server's reason and what the rep can do:
// edit and resend, or discard. Two looks: a chat bubble on the customer's timeline (like a
// message still being sent, on our side of the conversation), and a list row on the 我 tab.
import { useState } from 'react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { CustomerAvatar } from '@/components/customers/customer-avatar.tsx';
import { shortDate } from '@/components/ui/short-date.ts';
import { stageOf } from '@/lib/engine/stages.ts';
import { ATTITUDE_LABELS, COGNITION_LABELS, INTERACTION_KIND_LABELS, label } from '@/lib/engine/labels.ts';
import type { OutboxEntry } from '@/lib/offline/entry.ts';

type Props = {
  entry: OutboxEntry;
  syncing: boolean;
  online: boolean;
  onFix: (id: string) => void;
  onDiscard: (id: string) => void;
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const AMBER = 'text-warn';

function useEntryWords(entry: OutboxEntry, syncing: boolean, online: boolean) {
  const t = useTranslations('log.item');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const b = entry.body;
  const kind = INTERACTION_KIND_LABELS[b.kind]?.[locale] ?? b.kind;
  const sending = entry.status === 'pending' && syncing && online;
  const badge = entry.status === 'sent' ? t('sent') : entry.status === 'rejected' ? t('rejected') : sending ? t('sending') : t('pending');
  // Why a pending log has not gone yet: offline, signed out, or the server had trouble.
  const waiting =
    entry.status !== 'pending' || sending
      ? null
      : !online
        ? t('waitOffline')
        : entry.lastError === 'unauthenticated'
          ? t('waitAuth')
          : entry.lastError
            ? t('waitRetry')
            : null;
  const observation =
    b.attitude || b.cognition
      ? [b.attitude && ATTITUDE_LABELS[b.attitude][locale], b.cognition && COGNITION_LABELS[b.cognition][locale]].filter(Boolean).join(' · ') +
        (b.attitude && b.cognition ? ` → ${label('funnel', stageOf(b.attitude, b.cognition), locale)}` : '')
      : null;
  return { t, locale, kind: locale === 'en' ? capitalise(kind) : kind, badge, sending, waiting, observation };
}

/** The server's reason and the two ways out. Discarding loses the rep's words: it asks first. */
function Rejected({ entry, onFix, onDiscard, align }: Pick<Props, 'entry' | 'onFix' | 'onDiscard'> & { align: 'start' | 'end' }) {
  const t = useTranslations('log.item');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const [confirming, setConfirming] = useState(false);
  if (!entry.problem) return null;
  return (
    <div className="mt-1.5 max-w-full rounded-lg bg-[#fff5f5] px-3 py-2" data-testid="pending-reason">
      <p className="text-[13px] leading-5 text-danger">{entry.problem.message[locale]}</p>
      {Object.values(entry.problem.fields ?? {}).map((m, i) => (
        <p key={i} className="text-[12px] leading-[18px] text-danger/80">
          {m[locale]}
        </p>
      ))}
      <div className={`mt-2 flex flex-wrap gap-2 ${align === 'end' ? 'justify-end' : ''}`}>
        {confirming ? (
          <>
            <button type="button" onClick={() => setConfirming(false)} className="h-11 rounded-md px-3 text-[14px] text-muted active:bg-black/5">
              {t('keep')}
            </button>
            <button type="button" onClick={() => onDiscard(entry.id)} className="h-11 rounded-md bg-danger px-3 text-[14px] text-white active:opacity-80">
              {t('discardConfirm')}
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={() => setConfirming(true)} className="h-11 rounded-md px-3 text-[14px] text-danger active:bg-black/5">
              {t('discard')}
            </button>
            <button
              type="button"
              onClick={() => onFix(entry.id)}
              className="h-11 rounded-md bg-white px-3 text-[14px] text-link shadow-[inset_0_0_0_0.5px_var(--color-line)] active:bg-black/5"
            >
              {t('fix')}
            </button>
          </>
        )}
      </div>
    </div>
  );
}

/** WeChat's "not sent yet" marks beside a bubble: a spinner while sending, a clock while waiting, a red ! when refused. */
function StatusMark({ entry, sending }: { entry: OutboxEntry; sending: boolean }) {
  if (entry.status === 'sent') return null;
  if (entry.status === 'rejected') {
    return (
      <span aria-hidden="true" className="flex h-5 w-5 shrink-0 items-center justify-center rounded-full bg-danger text-[13px] font-bold leading-none text-white">
        !
      </span>
    );
  }
  return (
    <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="#c87d0a" strokeWidth="2" strokeLinecap="round" className={`shrink-0 ${sending ? 'animate-spin' : ''}`}>
      {sending ? <path d="M12 3a9 9 0 1 0 9 9" /> : <><circle cx="12" cy="12" r="9" /><path d="M12 7v5l3 2" /></>}
    </svg>
  );
}

/** On the customer's timeline: our side of the chat, like a message still on its way. */
export function OutboxBubble({ entry, syncing, online, onFix, onDiscard, me }: Props & { me: { id: string; name: string } }) {
  const format = useFormatter();
  const w = useEntryWords(entry, syncing, online);
  const b = entry.body;
  const tone = entry.status === 'sent' ? 'bg-[#95ec69]' : 'bg-[#c6f4ad]';
  return (
    <li className="py-2" data-testid="pending-item" data-status={entry.status} data-id={entry.id}>
      <p className="mb-1 flex flex-wrap items-baseline justify-end gap-x-1.5 pr-[46px] text-[12px] leading-4 text-muted">
        <span className="text-ink/70">{w.kind}</span>
        <span aria-hidden="true" className="text-faint">
          ·
        </span>
        <time dateTime={b.occurred_at}>{format.dateTime(new Date(b.occurred_at), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}</time>
        <span aria-hidden="true" className="text-faint">
          ·
        </span>
        <span
          data-testid="pending-badge"
          className={entry.status === 'rejected' ? 'font-medium text-danger' : entry.status === 'sent' ? 'text-brand-dark' : `font-medium ${AMBER}`}
        >
          {w.badge}
        </span>
      </p>
      <div className="flex flex-row-reverse items-start gap-2.5">
        <CustomerAvatar id={me.id} name={me.name} size={36} />
        <div className="flex min-w-0 max-w-[calc(100%-92px)] flex-col items-end">
          <div className="flex max-w-full items-center gap-2">
            <StatusMark entry={entry} sending={w.sending} />
            <div className={`relative min-w-0 rounded-md px-3 py-2 text-[15px] leading-[22px] ${tone}`}>
              <span aria-hidden="true" className={`absolute -right-[4px] top-[13px] h-2.5 w-2.5 rotate-45 rounded-[1px] ${tone}`} />
              {b.note ? <p className="relative whitespace-pre-line break-words">{b.note}</p> : <p className="relative text-black/65">{w.t('noNote')}</p>}
              {w.observation ? (
                <p className="relative mt-1 text-[13px] leading-5 text-black/65" data-testid="pending-observation">
                  {w.observation}
                </p>
              ) : null}
              {b.next_step ? (
                <p className="relative mt-1 border-t border-black/10 pt-1 text-[13px] leading-5 text-black/65">{w.t('nextStep', { text: b.next_step })}</p>
              ) : null}
            </div>
          </div>
          {w.waiting ? <p className={`mt-1 text-right text-[12px] leading-[18px] ${AMBER}`}>{w.waiting}</p> : null}
          {entry.status === 'rejected' ? <Rejected entry={entry} onFix={onFix} onDiscard={onDiscard} align="end" /> : null}
        </div>
      </div>
    </li>
  );
}

/** On the 我 tab's list: which customer, what, when, where it stands. */
export function OutboxItem({ entry, syncing, online, onFix, onDiscard }: Props) {
  const format = useFormatter();
  const w = useEntryWords(entry, syncing, online);
  const b = entry.body;
  const badgeTone =
    entry.status === 'sent' ? 'bg-brand-soft text-brand-dark' : entry.status === 'rejected' ? 'bg-[#fde2e2] text-danger' : `bg-[#fff3e0] ${AMBER}`;
  return (
    <li className="flex gap-3 pl-4" data-testid="outbox-item" data-status={entry.status} data-id={entry.id}>
      <CustomerAvatar id={entry.customerId} name={entry.customerName ?? '?'} size={36} />
      <div className="min-w-0 flex-1 py-2.5 pr-4 hairline-b">
        <p className="flex items-baseline gap-2 text-[15px] leading-6">
          <span className="min-w-0 truncate font-medium">{entry.customerName ?? w.kind}</span>
          <span className={`ml-auto inline-flex h-5 shrink-0 items-center rounded px-1.5 text-[12px] ${badgeTone}`} data-testid="pending-badge">
            {w.badge}
          </span>
        </p>
        <p className="text-[13px] leading-5 text-muted">
          {w.kind} · {shortDate(format, new Date(b.occurred_at), new Date(), { time: true })}
          {w.observation ? ` · ${w.observation}` : null}
        </p>
        {b.note ? <p className="mt-0.5 line-clamp-2 whitespace-pre-line break-words text-[14px] leading-[22px] text-ink/90">{b.note}</p> : null}
        {w.waiting ? <p className={`mt-0.5 text-[12px] leading-[18px] ${AMBER}`}>{w.waiting}</p> : null}
        {entry.status === 'rejected' ? <Rejected entry={entry} onFix={onFix} onDiscard={onDiscard} align="start" /> : null}
      </div>
    </li>
  );
}
