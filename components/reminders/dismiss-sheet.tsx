'use client';
// Dismiss with a reason: a short choice list (reminders.close_reason) and a few optional words —
// required for "其他原因" — so a manager reading the team view knows why it was let go.
import { useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import type { DismissInput } from '@/lib/validation/reminder.ts';
import { DISMISS_NOTE_MAX, DISMISS_REASONS, type DismissReason } from '@/lib/validation/reminder-options.ts';

export function DismissSheet({
  onSubmit,
  onClose,
  busy,
  error,
}: {
  onSubmit: (body: DismissInput) => void;
  onClose: () => void;
  busy: boolean;
  /** the server's refusal, in the reader's language */
  error: string | null;
}) {
  const t = useTranslations('reminders.dismiss');
  const tr = useTranslations('reminders');
  const id = useId();
  const [reason, setReason] = useState<DismissReason>('not_needed');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const needsNote = reason === 'other' && !note.trim();

  return (
    <BottomSheet title={t('title')} closeLabel={tr('close')} onClose={onClose} testId="dismiss-sheet">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (needsNote) return;
          onSubmit({ reason, ...(note.trim() ? { note: note.trim() } : {}) });
        }}
      >
        <fieldset>
          <legend className="px-4 pb-1.5 text-[13px] text-muted">{t('why')}</legend>
          <div className="divide-y divide-line/80 bg-white">
            {DISMISS_REASONS.map((r) => (
              <label key={r} className="flex min-h-[52px] items-center gap-3 px-4 active:bg-black/5">
                <input
                  type="radio"
                  name={`${id}-reason`}
                  value={r}
                  checked={reason === r}
                  onChange={() => setReason(r)}
                  className="h-5 w-5 accent-[var(--color-brand)]"
                  data-testid={`dismiss-reason-${r}`}
                />
                <span className="text-[16px]">{t(`reasons.${r}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="block px-4 pt-3">
          <span className="block pb-1.5 text-[13px] text-muted">{reason === 'other' ? t('note') : t('noteOptional')}</span>
          <textarea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={DISMISS_NOTE_MAX}
            rows={2}
            placeholder={t('notePlaceholder')}
            aria-invalid={tried && needsNote}
            className="block w-full resize-none rounded-lg bg-white px-3 py-2 leading-6 outline-none placeholder:text-hint"
            data-testid="dismiss-note"
          />
        </label>
        <div className="px-4 pt-3">
          {(tried && needsNote) || error ? (
            <p role="alert" className="pb-2 text-[13px] leading-5 text-danger">
              {tried && needsNote ? t('noteRequired') : error}
            </p>
          ) : null}
          <button
            type="submit"
            disabled={busy}
            className="min-h-[48px] w-full rounded-lg bg-danger text-[16px] font-medium text-white active:opacity-80 disabled:opacity-50"
            data-testid="dismiss-submit"
          >
            {t('submit')}
          </button>
        </div>
      </form>
    </BottomSheet>
  );
}
