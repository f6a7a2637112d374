'use client';
// "记一笔" after a reminder is done: the same log form and the same save path as the customer
// page's quick log (components/customers/quick-log.tsx) — the outbox stores it on the phone and
// sends it now or when the network is back; the server then recomputes the customer, which may
// close or move that customer's other reminders (a contact resets the touch cadence).
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { isValidInteraction, loadInteractionCheck } from '@/components/log/interaction-check.ts';
import { LogForm, type LogFields } from '@/components/log/log-form.tsx';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import { logInteraction } from '@/lib/offline/client.ts';
import { uuid } from '@/lib/offline/uuid.ts';

// The interaction schema (and zod with it) loads on the rep's first touch of the form, not with
// /reminders — as on the customer page (components/log/interaction-check.ts).
const primeCheck = () => void loadInteractionCheck().catch(() => {});

export function LogSheet({
  customerId,
  customerName,
  initial,
  title,
  onClose,
  onSaved,
}: {
  customerId: string;
  customerName: string;
  /** prefilled fields (after a call: kind 'call') */
  initial?: Partial<LogFields>;
  /** the sheet's heading, if not 记一笔 */
  title?: string;
  onClose: () => void;
  onSaved: (notice: string) => void;
}) {
  const t = useTranslations('log');
  const [error, setError] = useState<string | null>(null);

  async function save(fields: LogFields) {
    const body = { ...fields, id: uuid(), customer_id: customerId, occurred_at: new Date().toISOString() };
    if (!(await isValidInteraction(body))) {
      setError(t('form.invalid'));
      return;
    }
    logInteraction({ body, customerName }).catch((err: unknown) => {
      console.error('[log] not saved', err);
      onSaved(t('notSaved'));
    });
    onSaved(navigator.onLine ? t('saved') : t('savedOffline'));
  }

  return (
    <BottomSheet
      title={
        <>
          <span className="shrink-0">{title ?? t('sheetTitle')}</span>
          <span className="min-w-0 truncate text-[14px] font-normal text-muted">{customerName}</span>
        </>
      }
      closeLabel={t('close')}
      onClose={onClose}
      testId="reminder-log-sheet"
    >
      <div onPointerDownCapture={primeCheck} onFocusCapture={primeCheck}>
        <LogForm initial={initial} submitLabel={t('form.submit')} onSubmit={(fields) => void save(fields)} error={error} />
      </div>
    </BottomSheet>
  );
}
