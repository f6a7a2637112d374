'use client';
// The 提醒 tab's list: overdue, today, upcoming; each reminder with done / snooze / dismiss.
// - Done is one tap: the reminder leaves the list and a bar offers "记一笔" — the log sheet
//   (components/log/log-form.tsx) for that customer, saved through the offline outbox like every log.
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
import type { DismissInput, ReminderActionResponse, SnoozePreset } from '@/lib/validation/reminder.ts';
import { DismissSheet } from './dismiss-sheet.tsx';
import { LogSheet } from './log-sheet.tsx';
import { type InboxItem, ReminderItem } from './reminder-item.tsx';
import { SnoozeSheet } from './snooze-sheet.tsx';

type Toast = { text: string; log?: { customerId: string; name: string } };
type Result = { ok: true; data: ReminderActionResponse } | { ok: false; status: number; message: string };

const SECTIONS = ['overdue', 'today', 'upcoming'] as const;

export function RemindersInbox({ items, now }: { items: InboxItem[]; now: string }) {
  const t = useTranslations('reminders');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const router = useRouter();
  const format = useFormatter();
  const snooze = useUrlSheet('snooze');
  const dismiss = useUrlSheet('dismiss');
  const logSheet = useUrlSheet('log');
  // Items acted on, hidden at once: id → how the item looked then. A snoozed one comes back from
  // the server's refresh looking different (snoozed, due later) and shows again, in its new section.
  const [hidden, setHidden] = useState<Map<string, string>>(() => new Map());
  const look = (i: InboxItem) => `${i.section}|${i.due}|${i.snoozed}`;
  const hide = (i: InboxItem) => setHidden((h) => new Map(h).set(i.id, look(i)));
  const [busy, setBusy] = useState<string | null>(null);
  const [toast, setToast] = useState<Toast | null>(null);
  const [dismissError, setDismissError] = useState<string | null>(null);
  const toastTimer = useRef<number | undefined>(undefined);
  const nowDate = useMemo(() => new Date(now), [now]);

  const visible = items.filter((i) => hidden.get(i.id) !== look(i));
  const byId = (id: string | null) => (id ? items.find((i) => i.id === id) : undefined);
  // who the log sheet is for: set when "记一笔" is tapped (the done item may be gone from the list by then)
  const [logTarget, setLogTarget] = useState<{ customerId: string; name: string } | null>(null);
  const logFor = logTarget && logTarget.customerId === logSheet.value ? logTarget : null;

  function show(next: Toast, ms = 6000) {
    window.clearTimeout(toastTimer.current);
    setToast(next);
    toastTimer.current = window.setTimeout(() => setToast(null), ms);
  }
  useEffect(() => () => window.clearTimeout(toastTimer.current), []);

  async function post(id: string, action: 'done' | 'snooze' | 'dismiss', body: object): Promise<Result> {
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

  async function run(item: InboxItem, action: 'done' | 'snooze' | 'dismiss', body: object, success: (r: ReminderActionResponse) => Toast) {
    setBusy(item.id);
    const res = await post(item.id, action, body);
    setBusy(null);
    if (res.ok) {
      hide(item);
      show(success(res.data));
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
    if (action === 'dismiss') setDismissError(res.message);
    else show({ text: res.status === 0 ? res.message : t('toast.failed', { message: res.message }) });
    return false;
  }

  const snoozeItem = byId(snooze.value);
  const dismissItem = byId(dismiss.value);

  return (
    <>
      {visible.length === 0 ? <EmptyState title={t('empty.title')} body={t('empty.body')} /> : null}
      {SECTIONS.map((section) => {
        const list = visible.filter((i) => i.section === section);
        if (!list.length) return null;
        return (
          <section key={section} aria-labelledby={`reminders-${section}`} data-testid={`reminders-${section}`} className="mb-2">
            <h2
              id={`reminders-${section}`}
              className={`px-4 pb-1.5 pt-3 text-[13px] ${section === 'overdue' ? 'text-danger' : 'text-muted'}`}
            >
              {t(`sections.${section}`)} · {list.length}
            </h2>
            <ul>
              {list.map((item) => (
                <ReminderItem
                  key={item.id}
                  item={item}
                  now={nowDate}
                  busy={busy === item.id}
                  onDone={() => run(item, 'done', {}, () => ({ text: t('toast.done'), log: { customerId: item.customer_id, name: item.customer_name } }))}
                  onSnooze={() => snooze.open(item.id)}
                  onDismiss={() => {
                    setDismissError(null);
                    dismiss.open(item.id);
                  }}
                />
              ))}
            </ul>
          </section>
        );
      })}

      {toast ? (
        <div
          role="status"
          data-testid="reminders-toast"
          className="fixed inset-x-0 bottom-[calc(var(--tabbar-h)+var(--safe-bottom)+12px)] z-30 mx-auto flex w-[calc(100%-32px)] max-w-[448px] items-center gap-3 rounded-lg bg-black/80 pl-4 text-[14px] text-white"
        >
          <span className="min-w-0 flex-1 truncate py-3">{toast.text}</span>
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
          busy={busy === dismissItem.id}
          onClose={dismiss.close}
          onSubmit={async (body: DismissInput) => {
            if (await run(dismissItem, 'dismiss', body, () => ({ text: t('toast.dismissed') }))) dismiss.close();
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
