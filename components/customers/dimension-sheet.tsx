'use client';
// The chips that open a dimension's "why" sheet, and the sheet itself. Which dimension is open
// is `?dim=` in the URL: tap a chip → the sheet slides up; the phone's back button → it closes.
// Everything the sheet shows was rendered on the server with the page, so opening is instant.
import { useTranslations } from 'next-intl';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import { useUrlSheet } from '@/components/ui/use-url-sheet.ts';
import { CHIP_CLASS } from './chip.tsx';
import type { DimensionSheet as SheetData, ProfileChip } from './profile-view.ts';

const PARAM = 'dim';

export function DimensionChip({ chip }: { chip: ProfileChip }) {
  const sheet = useUrlSheet(PARAM);
  return (
    // A real link: before JS loads it still opens the page with the sheet open.
    <a
      href={sheet.hrefFor(chip.dim)}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        sheet.open(chip.dim);
      }}
      aria-haspopup="dialog"
      data-testid={`chip-${chip.key}`}
      data-value={chip.value}
      // The 28px chip gets a 40px touch target from the padding around it.
      className="-my-1.5 inline-flex py-1.5 active:opacity-60"
    >
      <span className={`${CHIP_CLASS} ${chip.tone}`}>{chip.text}</span>
    </a>
  );
}

export function DimensionSheetHost({ sheets }: { sheets: Record<string, SheetData> }) {
  const t = useTranslations('customer.sheet');
  const sheet = useUrlSheet(PARAM);
  const data = sheet.value ? sheets[sheet.value] : undefined;
  if (!data) return null;
  return (
    <BottomSheet
      key={sheet.value}
      testId="dimension-sheet"
      closeLabel={t('close')}
      onClose={sheet.close}
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
                  <span className="text-[13px] text-faint">· {h.when}</span>
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
