'use client';
// The sheet of one dimension: what to do with this kind of customer (issue 14), then why —
// the evidence — and the history. The "why" sheet of one dimension (components/customers/dimension-sheet.tsx opens it). Its own
// module, loaded when a chip is first tapped: everything it shows came with the page's server
// render, only this markup is code (docs/benchmarks-web.md).
import { useTranslations } from 'next-intl';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import type { DimensionSheet as SheetData } from './profile-view.ts';

export function DimensionSheetBody({ data, onClose }: { data: SheetData; onClose: () => void }) {
  const t = useTranslations('customer.sheet');
  return (
    <BottomSheet
      testId="dimension-sheet"
      closeLabel={t('close')}
      onClose={onClose}
      title={
        <>
          <span className="shrink-0">{data.title}</span>
          {data.chips.map((c) => (
            <span key={c.text} className={`inline-flex h-6 min-w-0 items-center truncate rounded px-2 text-[13px] font-normal ${c.tone}`}>
              {c.text}
            </span>
          ))}
        </>
      }
    >
      {data.advice ? (
        <section aria-labelledby="sheet-todo" className="mb-2">
          <h3 id="sheet-todo" className="px-4 pb-1.5 pt-1 text-[13px] text-muted">
            {t('todo')}
          </h3>
          <p className="bg-white px-4 py-3 text-[16px] font-medium leading-6" data-testid="sheet-advice">
            {data.advice}
          </p>
        </section>
      ) : null}
      <section aria-labelledby="sheet-why">
        <h3 id="sheet-why" className="px-4 pb-1.5 pt-1 text-[13px] text-muted">
          {t('why')}
        </h3>
        <ul className="divide-y divide-line/80 bg-white" data-testid="sheet-reasons">
          {data.reasons.map((r, i) => (
            <li key={i} className="flex gap-2.5 py-3 pl-4 pr-4 text-[15px] leading-6">
              <span aria-hidden="true" className="mt-[9px] h-1.5 w-1.5 shrink-0 rounded-full bg-brand" />
              <span className="min-w-0">{r}</span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="sheet-history" className="mt-2">
        <h3 id="sheet-history" className="px-4 pb-1.5 pt-2 text-[13px] text-muted">
          {t('history')}
        </h3>
        {data.history.length === 0 ? (
          <p className="bg-white px-4 py-3 text-[14px] text-muted">{t('noHistory')}</p>
        ) : (
          <ol className="divide-y divide-line/80 bg-white" data-testid="sheet-history">
            {data.history.map((h) => (
              <li key={h.id} className="px-4 py-3">
                <p className="flex flex-wrap items-baseline gap-x-1.5 text-[15px] leading-6">
                  {h.from === null ? (
                    <span className="text-muted">{t('first')}</span>
                  ) : (
                    <>
                      <span className="text-muted">{h.from}</span>
                      <span aria-hidden="true" className="text-faint">→</span>
                    </>
                  )}
                  <span className="font-medium">{h.to ?? '—'}</span>
                  <span className="text-[13px] text-muted">· {h.when}</span>
                </p>
                {h.reasons.length ? (
                  <ul className="mt-1 space-y-0.5 text-[13px] leading-5 text-muted">
                    {h.reasons.map((r, i) => (
                      <li key={i}>{r}</li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </BottomSheet>
  );
}
