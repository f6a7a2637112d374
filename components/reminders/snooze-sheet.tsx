'use client';
// Snooze choices, as a WeChat action sheet: 1 小时后 / 明天 9:00 / 下周一 9:00 (the server works
// out the moment in the org's time zone), and 取消.
import { useTranslations } from 'next-intl';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import { SNOOZE_PRESETS, type SnoozePreset } from '@/lib/validation/reminder-options.ts';

export function SnoozeSheet({ onPick, onClose }: { onPick: (preset: SnoozePreset) => void; onClose: () => void }) {
  const t = useTranslations('reminders');
  return (
    <BottomSheet title={t('snooze.title')} closeLabel={t('close')} onClose={onClose} testId="snooze-sheet">
      <ul className="divide-y divide-line/80 bg-white">
        {SNOOZE_PRESETS.map((preset) => (
          <li key={preset}>
            <button
              type="button"
              onClick={() => onPick(preset)}
              className="flex min-h-[56px] w-full items-center justify-center text-[17px] active:bg-black/5"
              data-testid={`snooze-${preset}`}
            >
              {t(`snooze.${preset}`)}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={onClose} className="mt-2 flex min-h-[56px] w-full items-center justify-center bg-white text-[17px] active:bg-black/5">
        {t('snooze.cancel')}
      </button>
    </BottomSheet>
  );
}
