'use client';
// Edit a log the server refused (?fix=<entry id> in the URL) and send it again — or leave it.
// The form starts from what the rep wrote, with the server's reason above the button.
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import { useUrlSheet } from '@/components/ui/use-url-sheet.ts';
import { resendEntry } from '@/lib/offline/client.ts';
import type { OutboxEntry } from '@/lib/offline/entry.ts';
import { uuid } from '@/lib/offline/uuid.ts';
import { FIX_PARAM } from './fix-param.ts';
import { isValidInteraction } from './interaction-check.ts';
import { LogForm, type LogFields } from './log-form.tsx';

export { FIX_PARAM } from './fix-param.ts';

export function FixEntrySheet({ entries }: { entries: OutboxEntry[] }) {
  const t = useTranslations('log');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const sheet = useUrlSheet(FIX_PARAM);
  const [error, setError] = useState<string | null>(null);
  const entry = sheet.value ? entries.find((e) => e.id === sheet.value && e.status === 'rejected') : undefined;
  if (!entry) return null;

  async function save(fields: LogFields) {
    const newId = uuid();
    const body = { ...fields, occurred_at: entry!.body.occurred_at };
    if (!(await isValidInteraction({ ...body, id: newId, customer_id: entry!.customerId }))) {
      setError(t('form.invalid'));
      return;
    }
    void resendEntry(entry!.id, body, newId);
    sheet.close();
  }

  const reason = entry.problem ? [entry.problem.message[locale], ...Object.values(entry.problem.fields ?? {}).map((m) => m[locale])] : [];
  return (
    <BottomSheet
      key={entry.id}
      title={
        <>
          <span className="shrink-0">{t('fixTitle')}</span>
          {entry.customerName ? <span className="min-w-0 truncate text-[14px] font-normal text-muted">{entry.customerName}</span> : null}
        </>
      }
      closeLabel={t('close')}
      onClose={sheet.close}
      testId="fix-sheet"
    >
      <LogForm
        initial={entry.body}
        submitLabel={t('resend')}
        onSubmit={(fields) => void save(fields)}
        error={
          error ?? (
            <>
              {reason.map((r, i) => (
                <p key={i}>{r}</p>
              ))}
            </>
          )
        }
      />
    </BottomSheet>
  );
}
