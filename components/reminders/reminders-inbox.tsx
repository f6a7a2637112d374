'use client';
// The 提醒 tab's list, in the groups the page made (今日's ranked items and digest row, the
// digest by customer, or overdue / today / upcoming), each cell with done / snooze / dismiss.
// - Done is one tap: the reminder leaves the list and a toast offers 撤销 (5 s, POST …/reopen)
//   and "记一笔" — the log sheet (components/log/log-form.tsx) for that customer, saved through
//   the offline outbox like every log. Snooze and dismiss are undone the same way.
// - Snooze and dismiss open sheets whose state is in the URL (?snooze=<id>, ?dismiss=<id>;
//   ?log=<customer id>), so the phone's back button closes them.
// Each action is a JSON route (app/api/reminders/[id]/*); the list hides the item at once and
// refreshes the page (and the tab badge) from the server once the answer is in.
import { useRouter } from 'next/navigation';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useEffect, useMemo, useRef, useState } from 'react';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { shortDate } from '@/components/ui/short-date.ts';
import { useUrlSheet } from '@/components/ui/use-url-sheet.ts';
import type { DismissInput, DoneInput, ReminderActionResponse, SnoozePreset } from '@/lib/validation/reminder.ts';
import { DismissSheet } from './dismiss-sheet.tsx';
import { LogSheet } from './log-sheet.tsx';
import { OutcomeSheet } from './outcome-sheet.tsx';
import { type InboxItem, ReminderItem } from './reminder-item.tsx';
import { SnoozeSheet } from './snooze-sheet.tsx';

type Toast = { text: string; log?: { customerId: string; name: string }; undo?: InboxItem };
export type InboxGroup = { key: string; title?: string; titleHref?: string; subtitle?: string; tone?: 'danger'; items: InboxItem[] };
const UNDO_MS = 5000;
type Result = { ok: true; data: ReminderActionResponse } | { ok: false; status: number; message: string };

export function RemindersInbox({
  groups,
  now,
  footer,
  empty,
}: {
  groups: InboxGroup[];
  now: string;
  /** below the cells (今日's digest row), server-rendered */
  footer?: React.ReactNode;
  /** shown when no cell is left */
  empty?: { title: string; body: string };
}) {
  const t = useTranslations('reminders');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const router = useRouter();
  const format = useFormatter();
  const snooze = useUrlSheet('snooze');
  const dismiss = useUrlSheet('dismiss');
  const logSheet = useUrlSheet('log');
  const outcome = useUrlSheet('outcome');
  // Items acted on, hidden at once: id → how the item looked then. A snoozed one comes back from
  // the server's refresh looking different (snoozed, due later) and shows again, in its new section.
  const [hidden, setHidden] = useState<Map<string, string>>(() => new Map());
  const look = (i: InboxItem) => `${i.section}|${i.due}|${i.snoozed}|${i.ids.join(',')}`;
  const key = (i: InboxItem) => i.ids.join(',');
  const hide = (i: InboxItem) => setHidden((h) => new Map(h).set(key(i), look(i)));
  const unhide = (i: InboxItem) =>
    setHidden((h) => {
      const next = new Map(h);
      next.delete(key(i));
      return next;
    });
  const items = useMemo(() => groups.flatMap((g) => g.items), [groups]);
  const [busy, setBusy] = useState<string | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  const [dismissError, setDismissError] = useState<string | null>(null);
  const toastTimer = useRef<number | undefined>(undefined);
  const nowDate = useMemo(() => new Date(now), [now]);

  const shown = (i: InboxItem) => hidden.get(key(i)) !== look(i);
  const visibleCount = items.filter(shown).length;
  const byId = (id: string | null) => (id ? items.find((i) => i.ids[0] === id) : undefined);
  // who the log sheet is for: set when "记一笔" is tapped (the done item may be gone from the list by then)
  const [logTarget, setLogTarget] = useState<{ customerId: string; name: string } | null>(null);
  const logFor = logTarget && logTarget.customerId === logSheet.value ? logTarget : null;

  function show(next: Toast, ms = UNDO_MS) {
    window.clearTimeout(toastTimer.current);
    setToast(next);
    toastTimer.current = window.setTimeout(() => setToast(null), ms);
  }
  useEffect(() => () => window.clearTimeout(toastTimer.current), []);

  async function post(id: string, action: 'done' | 'snooze' | 'dismiss' | 'reopen', body: object): Promise<Result> {
    try {
      const res = await fetch(`/api/reminders/${id}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json().catch(() => null)) as
        | (ReminderActionResponse & { message?: { zh: string; en: string }; fields?: Record<string, { zh: string; en: string }> })
        | null;
      if (res.ok && json) return { ok: true, data: json };
      const field = json?.fields ? Object.values(json.fields)[0] : undefined;
      return { ok: false, status: res.status, message: (field ?? json?.message)?.[locale] ?? String(res.status) };
    } catch {
      return { ok: false, status: 0, message: t('toast.offline') };
    }
  }

  // A merged 今日 item is several reminders of one customer: the action applies to each; the
  // leading one's answer decides what the rep is told.
  async function postAll(item: InboxItem, action: 'done' | 'snooze' | 'dismiss' | 'reopen', body: object): Promise<Result> {
    const [first, ...rest] = item.ids;
    const res = await post(first!, action, body);
    if (res.ok || res.status === 404 || res.status === 409) await Promise.all(rest.map((id) => post(id, action, body)));
    return res;
  }

  async function undo(item: InboxItem) {
    window.clearTimeout(toastTimer.current);
    setToast(null);
    const res = await postAll(item, 'reopen', {});
    if (res.ok) {
      unhide(item);
      show({ text: t('toast.undone') }, 2500);
    } else show({ text: res.status === 0 ? res.message : t('toast.failed', { message: res.message }) });
    router.refresh();
  }

  async function run(item: InboxItem, action: 'done' | 'snooze' | 'dismiss', body: object, success: (r: ReminderActionResponse) => Toast) {
    setBusy(key(item));
    const res = await postAll(item, action, body);
    setBusy(null);
    if (res.ok) {
      hide(item);
      show({ ...success(res.data), undo: item });
      router.refresh();
      return true;
    }
    if (res.status === 404 || res.status === 409) {
      // gone, reassigned, or closed meanwhile: the server's list is the truth
      hide(item);
      show({ text: res.status === 404 ? t('toast.gone') : res.message });
      router.refresh();
      return true;
    }
    if (action === 'dismiss' || (action === 'done' && item.kind === 'detractor')) setDismissError(res.message);
    else show({ text: res.status === 0 ? res.message : t('toast.failed', { message: res.message }) });
    return false;
  }

  const snoozeItem = byId(snooze.value);
  const dismissItem = byId(dismiss.value);
  const outcomeItem = byId(outcome.value);
  const doneToast = (item: InboxItem) => (): Toast => ({
    text: item.ids.length > 1 ? t('toast.doneMany', { count: item.ids.length }) : t('toast.done'),
    log: { customerId: item.customer_id, name: item.customer_name },
  });

  return (
    <>
      {visibleCount === 0 && empty ? <EmptyState title={empty.title} body={empty.body} /> : null}
      {groups.map((group) => {
        const list = group.items.filter(shown);
        if (!list.length) return null;
        return (
          <section key={group.key} aria-labelledby={group.title ? `reminders-${group.key}` : undefined} data-testid={`reminders-${group.key}`} className="mb-2">
            {group.title ? (
              <h2 id={`reminders-${group.key}`} className={`px-4 pb-1.5 pt-3 text-[13px] ${group.tone === 'danger' ? 'text-danger' : 'text-muted'}`}>
                {group.titleHref ? (
                  <a href={group.titleHref} className="underline-offset-2 active:opacity-60">
                    {group.title}
                  </a>
                ) : (
                  group.title
                )}{' '}
                · {list.length}
                {group.subtitle ? (
                  <span className="block truncate text-[12px] leading-[18px] text-ink/70" data-testid="reminders-group-advice">
                    {group.subtitle}
                  </span>
                ) : null}
              </h2>
            ) : null}
            <ul>
              {list.map((item) => (
                <ReminderItem
                  key={key(item)}
                  item={item}
                  now={nowDate}
                  busy={busy === key(item)}
                  onDone={() => {
                    // a detractor call-back is closed with its outcome (the sheet), the rest in one tap
                    if (item.kind === 'detractor') {
                      setDismissError(null);
                      outcome.open(item.ids[0]!);
                    } else void run(item, 'done', {}, doneToast(item));
                  }}
                  onSnooze={() => snooze.open(item.ids[0]!)}
                  onDismiss={() => {
                    setDismissError(null);
                    dismiss.open(item.ids[0]!);
                  }}
                />
              ))}
            </ul>
          </section>
        );
      })}
      {footer}

      {toast ? (
        <div
          role="status"
          data-testid="reminders-toast"
          className="fixed inset-x-0 bottom-[calc(var(--tabbar-h)+var(--safe-bottom)+12px)] z-30 mx-auto flex w-[calc(100%-32px)] max-w-[448px] items-center gap-3 rounded-lg bg-black/80 pl-4 text-[14px] text-white"
        >
          <span className="min-w-0 flex-1 truncate py-3">{toast.text}</span>
          {toast.undo ? (
            <button
              type="button"
              className="min-h-[44px] shrink-0 px-3 font-medium text-white underline underline-offset-2"
              data-testid="reminders-toast-undo"
              onClick={() => void undo(toast.undo!)}
            >
              {t('toast.undo')}
            </button>
          ) : null}
          {toast.log ? (
            <button
              type="button"
              className="min-h-[44px] shrink-0 px-4 font-medium text-[#7ee2a8]"
              data-testid="reminders-toast-log"
              onClick={() => {
                window.clearTimeout(toastTimer.current);
                setLogTarget(toast.log!);
                setToast(null);
                logSheet.open(toast.log!.customerId);
              }}
            >
              {t('toast.log')}
            </button>
          ) : null}
        </div>
      ) : null}

      {snoozeItem ? (
        <SnoozeSheet
          onClose={snooze.close}
          onPick={async (preset: SnoozePreset) => {
            snooze.close();
            await run(snoozeItem, 'snooze', { preset }, (r) => ({
              text: t('toast.snoozed', { when: r.snoozed_until ? shortDate(format, new Date(r.snoozed_until), nowDate, { time: true }) : '' }),
            }));
          }}
        />
      ) : null}

      {dismissItem ? (
        <DismissSheet
          error={dismissError}
          busy={busy === key(dismissItem)}
          onClose={dismiss.close}
          onSubmit={async (body: DismissInput) => {
            if (await run(dismissItem, 'dismiss', body, () => ({ text: t('toast.dismissed') }))) dismiss.close();
          }}
        />
      ) : null}

      {outcomeItem ? (
        <OutcomeSheet
          customerName={outcomeItem.customer_name}
          error={dismissError}
          busy={busy === key(outcomeItem)}
          onClose={outcome.close}
          onSubmit={async (body: DoneInput) => {
            if (await run(outcomeItem, 'done', body, () => ({ text: t('toast.done') }))) outcome.close();
          }}
        />
      ) : null}

      {logSheet.value && logFor ? (
        <LogSheet
          customerId={logFor.customerId}
          customerName={logFor.name}
          onClose={logSheet.close}
          onSaved={(text) => {
            logSheet.close();
            show({ text }, 3500);
          }}
        />
      ) : null}
    </>
  );
}
