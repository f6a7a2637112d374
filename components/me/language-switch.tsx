'use client';
// zh-CN / English segmented switch. Sets the NEXT_LOCALE cookie through a server action,
// which re-renders the current screen in the new language — no reload, no URL change.
import { useOptimistic, useTransition } from 'react';
import { setLocale } from '@/i18n/actions.ts';
import { LOCALES, type Locale } from '@/i18n/config.ts';

export function LanguageSwitch({
  current,
  labels,
  labelledBy,
}: {
  current: Locale;
  labels: Record<Locale, string>;
  labelledBy?: string;
}) {
  const [pending, startTransition] = useTransition();
  const [shown, setShown] = useOptimistic(current);
  return (
    <div role="radiogroup" aria-labelledby={labelledBy} aria-busy={pending} className="flex rounded-lg bg-page p-0.5" data-testid="language-switch">
      {LOCALES.map((locale) => {
        const active = locale === shown;
        return (
          <button
            key={locale}
            type="button"
            role="radio"
            aria-checked={active}
            lang={locale}
            onClick={() => {
              if (active) return;
              startTransition(async () => {
                setShown(locale);
                await setLocale(locale);
              });
            }}
            className={`min-h-[44px] min-w-[44px] rounded px-3 text-[14px] transition-colors ${active ? 'bg-white font-medium text-ink shadow-sm' : 'text-muted'}`}
          >
            {labels[locale]}
          </button>
        );
      })}
    </div>
  );
}
