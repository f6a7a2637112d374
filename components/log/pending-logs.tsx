'use client';
// On a customer's page, at the top of the server-rendered timeline (its `top` slot): this
// customer's logs that the page does not show yet — just saved (the same frame as the tap), waiting for the network, refused by
// the server (with the reason, fix or discard), or sent after this copy of the page was rendered
// (a page opened offline from the cache).
//
// When one of them reaches the server, the page refreshes itself (the log joins the timeline),
// then polls GET /api/customers/[id]/profile for up to 15 s and refreshes again once the
// recompute has written the new tags — no pull-to-refresh needed.
//
// It also remembers the customer as recently opened and keeps the page for offline use.
import { useRouter } from 'next/navigation';
import { lazy, Suspense, useEffect, useMemo, useRef } from 'react';
import { useTranslations } from 'next-intl';
import { useUrlSheet } from '@/components/ui/use-url-sheet.ts';
import { discardEntry } from '@/lib/offline/client.ts';
import { localOnly, type OutboxEntry } from '@/lib/offline/entry.ts';
import { keepCustomerOffline } from '@/lib/offline/keep.ts';
import { FIX_PARAM } from './fix-param.ts';
import { OutboxBubble } from './outbox-item.tsx';
import { useOutbox } from './use-outbox.ts';

// Loaded when opened (a log the server refused — the network was there, and with it the service
// worker's precache): not part of the page's first load. The form and the bubbles are, so a log can
// be made and shown on a first visit that loses the network before the worker has installed.
const FixEntrySheet = lazy(() => import('./fix-entry-sheet.tsx').then((m) => ({ default: m.FixEntrySheet })));

const WATCH_MS = 15_000;
const POLL_STEPS_MS = [600, 800, 1000, 1500, 2000, 2500, 3000];
// A sent log this much older than the page's render is in its timeline already (or out of its window).
const CLOCK_SLACK_MS = 60_000;

export type PendingLogsProps = {
  customer: { id: string; name: string; company: string | null; region: string | null };
  /** Ids of the interactions the server-rendered timeline shows. */
  serverIds: string[];
  /** The server-rendered timeline has nothing at all (its empty state is ours to show). */
  timelineEmpty: boolean;
  /** When the server rendered the page (ISO). */
  renderedAt: string;
  /** The profile's computed_at as rendered (ISO), null before the first recompute. */
  computedAt: string | null;
  /** The signed-in rep, for the avatar beside their bubbles. */
  me: { id: string; name: string };
};

export function PendingLogs({ customer, serverIds, timelineEmpty, renderedAt, computedAt, me }: PendingLogsProps) {
  const t = useTranslations('log');
  const tTimeline = useTranslations('customer.timeline');
  const router = useRouter();
  const outbox = useOutbox();
  const fix = useUrlSheet(FIX_PARAM);
  const ids = useMemo(() => new Set(serverIds), [serverIds]);
  const rendered = Date.parse(renderedAt);

  const items = useMemo(
    () =>
      localOnly(outbox.entries, customer.id, ids).filter(
        (e) => e.status !== 'sent' || (e.sentAt ?? 0) > rendered - CLOCK_SLACK_MS,
      ),
    [outbox.entries, customer.id, ids, rendered],
  );

  // Remember the customer and keep its page for offline use, once the outbox knows who is signed in.
  const { userId } = outbox;
  useEffect(() => {
    if (!userId) return;
    void keepCustomerOffline({ userId, customerId: customer.id, name: customer.name, company: customer.company, region: customer.region }).catch(
      (err: unknown) => console.warn('[offline] could not keep the page', err),
    );
  }, [userId, customer.id, customer.name, customer.company, customer.region]);

  // ---- a log reached the server: refresh now, and again when the recompute has landed
  const latestComputedAt = useRef(computedAt);
  useEffect(() => {
    latestComputedAt.current = computedAt;
  }, [computedAt]);
  const seen = useRef<Map<string, OutboxEntry['status']>>(new Map());
  const watch = useRef<{ timer: ReturnType<typeof setTimeout> | null; until: number; baseline: string | null }>({ timer: null, until: 0, baseline: null });

  useEffect(() => {
    let justSent = false;
    for (const e of outbox.entries) {
      if (e.customerId !== customer.id) continue;
      const before = seen.current.get(e.id);
      if (before && before !== 'sent' && e.status === 'sent') justSent = true;
      seen.current.set(e.id, e.status);
    }
    if (!justSent) return;
    router.refresh();
    const w = watch.current;
    if (w.timer) clearTimeout(w.timer);
    w.until = Date.now() + WATCH_MS;
    w.baseline = latestComputedAt.current;
    let step = 0;
    const poll = async () => {
      w.timer = null;
      // Something else refreshed the page with the new profile meanwhile: done.
      if (latestComputedAt.current !== w.baseline) return;
      try {
        const res = await fetch(`/api/customers/${customer.id}/profile`, { cache: 'no-store' });
        if (res.ok) {
          const { computed_at: now } = (await res.json()) as { computed_at: string | null };
          if (now && (!w.baseline || Date.parse(now) !== Date.parse(w.baseline))) {
            router.refresh();
            return;
          }
        }
      } catch {
        // offline again: the next log's sync starts a new watch
        return;
      }
      if (Date.now() < w.until) w.timer = setTimeout(poll, POLL_STEPS_MS[Math.min(step++, POLL_STEPS_MS.length - 1)]);
    };
    w.timer = setTimeout(poll, POLL_STEPS_MS[step++]);
  }, [outbox.entries, customer.id, router]);

  useEffect(() => () => void (watch.current.timer && clearTimeout(watch.current.timer)), []);

  const pending = items.filter((e) => e.status === 'pending').length;
  return (
    <>
      {items.length ? (
        <div className="px-3" data-testid="pending-logs">
          <h3 className="pb-1 pt-3 text-center text-[12px] leading-4 text-muted">
            {t('justLogged')}
            {pending ? (
              <span className="text-warn" data-testid="pending-count">
                {' · '}
                {t('pendingCount', { count: pending })}
              </span>
            ) : null}
          </h3>
          <ol aria-live="polite">
            {items.map((e) => (
              <OutboxBubble
                key={e.id}
                entry={e}
                me={me}
                syncing={outbox.syncing}
                online={outbox.online}
                onFix={(id) => fix.open(id)}
                onDiscard={(id) => void discardEntry(id)}
              />
            ))}
          </ol>
        </div>
      ) : timelineEmpty ? (
        // The timeline leaves its "nothing yet" to whoever fills its top slot.
        <div className="mx-3 rounded-lg bg-white px-4 py-6 text-center" data-testid="timeline-empty">
          <p className="text-[15px]">{tTimeline('nothingYet')}</p>
          <p className="mt-1 text-[13px] leading-5 text-muted">{tTimeline('nothingYetHint')}</p>
        </div>
      ) : null}
      {fix.value ? (
        <Suspense fallback={null}>
          <FixEntrySheet entries={outbox.entries} />
        </Suspense>
      ) : null}
    </>
  );
}
