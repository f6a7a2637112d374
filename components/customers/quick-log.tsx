'use client';
// "记一笔" on the customer page: opens the log sheet (?log=1 in the URL — the phone's back button
// closes it; the ＋ tab links straight to it). Saving is local first: the log goes into the
// outbox and onto the page's timeline in the same frame (components/log/pending-logs.tsx), and
// is sent from there — now, or when the network is back.
import { useState, useSyncExternalStore } from 'react';
import { useTranslations } from 'next-intl';
import { isValidInteraction, loadInteractionCheck } from '@/components/log/interaction-check.ts';
import { LogForm, type LogFields } from '@/components/log/log-form.tsx';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import { PlusIcon } from '@/components/ui/icons.tsx';
import { useUrlSheet } from '@/components/ui/use-url-sheet.ts';
import { logInteraction } from '@/lib/offline/client.ts';
import { uuid } from '@/lib/offline/uuid.ts';

const noop = () => () => {};
const primeCheck = () => void loadInteractionCheck().catch(() => {});
/** False in the server HTML (and a page served offline from the cache), true once hydrated. */
export const useHydrated = () => useSyncExternalStore(noop, () => true, () => false);

export function QuickLog({ customerId, customerName }: { customerId: string; customerName?: string }) {
  const t = useTranslations('log');
  const sheet = useUrlSheet('log');
  const hydrated = useHydrated();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function save(fields: LogFields) {
    const body = { ...fields, id: uuid(), customer_id: customerId, occurred_at: new Date().toISOString() };
    // The server parses with the same schema; a log the form let through but the schema refuses
    // would otherwise sit in the outbox as "rejected". (Loaded by the first touch of the form: by
    // now it is there, and this continues in the same frame.)
    if (!(await isValidInteraction(body))) {
      setError(t('form.invalid'));
      return;
    }
    setError(null);
    logInteraction({ body, customerName: customerName ?? null }).catch((err: unknown) => {
      console.error('[log] not saved', err);
      setNotice(t('notSaved'));
    });
    sheet.close();
    setNotice(navigator.onLine ? t('saved') : t('savedOffline'));
    window.setTimeout(() => setNotice(null), 3500);
  }

  return (
    <>
      <a
        href={sheet.hrefFor('1')}
        onClick={(e) => {
          e.preventDefault();
          sheet.open('1');
        }}
        aria-haspopup="dialog"
        data-testid="quick-log-open"
        className="flex min-h-[48px] flex-1 items-center justify-center gap-1.5 text-[15px] text-link active:bg-black/5 [&:not(:first-child)]:shadow-[inset_0.5px_0_0_var(--color-line)]"
      >
        <PlusIcon size={18} />
        <span>{t('open')}</span>
      </a>
      {notice ? (
        <p
          role="status"
          data-testid="log-notice"
          className="pointer-events-none fixed inset-x-0 bottom-[calc(var(--tabbar-h)+var(--safe-bottom)+48px)] z-30 mx-auto w-fit max-w-[90%] rounded-lg bg-black/75 px-4 py-2 text-center text-[14px] text-white"
        >
          {notice}
        </p>
      ) : null}
      {/* Opened only after hydration: a page served from the offline cache was rendered without ?log=1. */}
      {hydrated && sheet.value ? (
        <BottomSheet
          title={
            <>
              <span className="shrink-0">{t('sheetTitle')}</span>
              {customerName ? <span className="min-w-0 truncate text-[14px] font-normal text-muted">{customerName}</span> : null}
            </>
          }
          closeLabel={t('close')}
          onClose={sheet.close}
          testId="quick-log-sheet"
        >
          <div onPointerDownCapture={primeCheck} onFocusCapture={primeCheck}>
            <LogForm submitLabel={t('form.submit')} onSubmit={(fields) => void save(fields)} error={error} />
          </div>
        </BottomSheet>
      ) : null}
    </>
  );
}
