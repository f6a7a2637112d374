'use client';
// The "new version — tap to refresh" banner (components/pwa/update-prompt.tsx shows it when a new
// service worker is waiting). Its own module, loaded only then: every page carries the
// registration, not this markup.
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import type { UpdateHandle } from '@/lib/pwa/register.ts';
import { CloseIcon } from '@/components/ui/svg-icon.tsx';

export function UpdateBanner({ update, onDismiss }: { update: UpdateHandle; onDismiss: () => void }) {
  const t = useTranslations('pwa');
  const [applying, setApplying] = useState(false);
  return (
    <div
      role="status"
      className="fixed inset-x-0 bottom-[calc(var(--tabbar-h)+var(--safe-bottom)+8px)] z-40 mx-auto flex w-[calc(100%-24px)] max-w-[456px] items-center overflow-hidden rounded-lg bg-[#333]/95 text-white shadow-lg"
      data-testid="update-prompt"
    >
      <button
        type="button"
        disabled={applying}
        onClick={() => {
          setApplying(true);
          update.apply();
        }}
        className="min-h-[48px] flex-1 px-4 text-left text-[14px]"
      >
        {applying ? t('updating') : t('updateAvailable')}
      </button>
      <button
        type="button"
        onClick={onDismiss}
        aria-label={t('dismiss')}
        className="flex h-12 w-12 shrink-0 items-center justify-center text-white/70"
      >
        <CloseIcon size={18} />
      </button>
    </div>
  );
}
