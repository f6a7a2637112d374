'use client';
// Log after a call (issue 14): the phone number opens the dialler (tel:); when the rep comes back
// to the app within 30 minutes, a sheet offers 记一笔 for that customer, already set to 电话 —
// the log sheet the 提醒 tab uses, saved through the offline outbox. What was dialled, and when,
// is kept in sessionStorage (this tab only, gone when it closes); the offer is made once.
import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { PhoneIcon } from '@/components/ui/icons.tsx';
import { LogSheet } from '@/components/reminders/log-sheet.tsx';

const KEY = 'crystal.call';
const WINDOW_MS = 30 * 60_000;
// Coming back sooner than this is a cancelled dial, not a call.
const MIN_MS = 3_000;

type Dialled = { customerId: string; name: string; at: number; hidden?: boolean };

const read = (): Dialled | null => {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Dialled | null;
  } catch {
    return null;
  }
};

export function CallLink({ customerId, customerName, phone, label }: { customerId: string; customerName: string; phone: string; label: string }) {
  return (
    <a
      href={`tel:${phone.replace(/[^\d+]/g, '')}`}
      aria-label={label}
      data-testid="call-button"
      onClick={() => sessionStorage.setItem(KEY, JSON.stringify({ customerId, name: customerName, at: Date.now() } satisfies Dialled))}
      className="flex min-h-[48px] flex-1 items-center justify-center gap-1.5 text-[15px] text-link active:bg-black/5"
    >
      <PhoneIcon size={18} />
      <span>{phone}</span>
    </a>
  );
}

export function AfterCallPrompt() {
  const t = useTranslations('log');
  const [offer, setOffer] = useState<Dialled | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const check = useCallback(() => {
    const d = read();
    if (!d) return;
    if (document.visibilityState === 'hidden') {
      sessionStorage.setItem(KEY, JSON.stringify({ ...d, hidden: true }));
      return;
    }
    const age = Date.now() - d.at;
    if (age > WINDOW_MS) sessionStorage.removeItem(KEY);
    else if (d.hidden || age >= MIN_MS) {
      sessionStorage.removeItem(KEY);
      setOffer(d);
    }
  }, []);

  useEffect(() => {
    const first = window.setTimeout(check, 0); // back from the dialler by a full reload, too
    document.addEventListener('visibilitychange', check);
    window.addEventListener('focus', check);
    window.addEventListener('pageshow', check);
    return () => {
      window.clearTimeout(first);
      document.removeEventListener('visibilitychange', check);
      window.removeEventListener('focus', check);
      window.removeEventListener('pageshow', check);
    };
  }, [check]);

  return (
    <>
      {offer ? (
        <LogSheet
          customerId={offer.customerId}
          customerName={offer.name}
          initial={{ kind: 'call' }}
          title={t('afterCall')}
          onClose={() => setOffer(null)}
          onSaved={(text) => {
            setOffer(null);
            setNotice(text);
            window.setTimeout(() => setNotice(null), 3000);
          }}
        />
      ) : null}
      {notice ? (
        <div role="status" className="fixed inset-x-0 bottom-[calc(var(--tabbar-h)+var(--safe-bottom)+12px)] z-30 mx-auto w-fit rounded-lg bg-black/80 px-4 py-3 text-[14px] text-white">
          {notice}
        </div>
      ) : null}
    </>
  );
}
