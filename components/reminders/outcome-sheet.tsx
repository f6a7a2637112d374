'use client';
// Closing a detractor call-back (issue 14): how it went — a short choice and a few optional
// words — which the server writes on the customer's timeline as a call
// (lib/db/queries/reminders.ts completeReminder), so the manager sees the outcome, not just "done".
import { useId, useState } from 'react';
import { useTranslations } from 'next-intl';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import { DETRACTOR_OUTCOMES, DISMISS_NOTE_MAX, type DetractorOutcome, type DoneInput } from '@/lib/validation/reminder.ts';

export function OutcomeSheet({
  customerName,
  onSubmit,
  onClose,
  busy,
  error,
}: {
  customerName: string;
  onSubmit: (body: DoneInput) => void;
  onClose: () => void;
  busy: boolean;
  error: string | null;
}) {
  const t = useTranslations('reminders.outcome');
  const tr = useTranslations('reminders');
  const id = useId();
  const [outcome, setOutcome] = useState<DetractorOutcome | null>(null);
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);

  return (
    <BottomSheet title={`${t('title')} · ${customerName}`} closeLabel={tr('close')} onClose={onClose} testId="outcome-sheet">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTried(true);
          if (!outcome) return;
          onSubmit({ outcome, ...(note.trim() ? { note: note.trim() } : {}) });
        }}
      >
        <fieldset>
          <legend className="px-4 pb-1.5 text-[13px] text-muted">{t('hint')}</legend>
          <div className="divide-y divide-line/80 bg-white">
            {DETRACTOR_OUTCOMES.map((o) => (
              <label key={o} className="flex min-h-[52px] items-center gap-3 px-4 active:bg-black/5">
                <input
                  type="radio"
                  name={`${id}-outcome`}
                  value={o}
                  checked={outcome === o}
                  onChange={() => setOutcome(o)}
                  className="h-5 w-5 accent-[var(--color-brand)]"
                  data-testid={`outcome-${o}`}
                />
                <span className="text-[16px]">{t(`choices.${o}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="block px-4 pt-3">
          <span className="block pb-1.5 text-[13px] text-muted">{t('note')}</span>
          <textarea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={DISMISS_NOTE_MAX}
            rows={2}
            className="block w-full resize-none rounded-lg bg-white px-3 py-2 leading-6 outline-none"
            data-testid="outcome-note"
          />
        </label>
        <div className="px-4 pt-3">
          {(tried && !outcome) || error ? (
            <p role="alert" className="pb-2 text-[13px] leading-5 text-danger">
              {tried && !outcome ? t('pick') : error}
            </p>
          ) : null}
          <button
            type="submit"
            disabled={busy}
            className="min-h-[48px] w-full rounded-lg bg-brand text-[16px] font-medium text-white active:opacity-80 disabled:opacity-50"
            data-testid="outcome-submit"
          >
            {t('submit')}
          </button>
        </div>
      </form>
    </BottomSheet>
  );
}
