'use client';
// The chips that open a dimension's "why" sheet, and the sheet itself. Which dimension is open
// is `?dim=` in the URL: tap a chip → the sheet slides up; the phone's back button → it closes.
// Everything the sheet shows was rendered on the server with the page; only its markup loads on
// the first tap (a small chunk, precached by the service worker).
import { lazy, Suspense } from 'react';
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

// The sheet's markup loads when a chip is first tapped (React.lazy, like the action sheets; the
// service worker precaches it): the page's first load carries only the chips.
const DimensionSheetBody = lazy(() => import('./dimension-sheet-body.tsx').then((m) => ({ default: m.DimensionSheetBody })));

export function DimensionSheetHost({ sheets }: { sheets: Record<string, SheetData> }) {
  const sheet = useUrlSheet(PARAM);
  const data = sheet.value ? sheets[sheet.value] : undefined;
  if (!data) return null;
  return (
    <Suspense fallback={null}>
      <DimensionSheetBody key={sheet.value} data={data} onClose={sheet.close} />
    </Suspense>
  );
}
