'use client';
// The "English / 中文" link at the top of the login page.
import { useTransition } from 'react';
import { setLocale } from '@/i18n/actions.ts';
import type { Locale } from '@/i18n/config.ts';
import { GlobeIcon } from '@/components/ui/icons.tsx';

export function LocaleToggle({ next, label }: { next: Locale; label: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <button
      type="button"
      lang={next}
      disabled={pending}
      onClick={() => startTransition(() => setLocale(next))}
      className="flex min-h-[44px] items-center gap-1.5 rounded-md px-3 text-[14px] text-link active:bg-black/5 disabled:opacity-60"
      data-testid="locale-toggle"
    >
      <GlobeIcon size={18} />
      {label}
    </button>
  );
}
