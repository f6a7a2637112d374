'use client';
// Mounted once by the signed-in layout: starts the outbox for this user (reads the device's
// pending logs, sends them), keeps the tabs and recent customers stored for offline use, and shows
// a slim bar over the tab bar while something needs saying — offline (logs are kept on the phone),
// or signed out with logs waiting (sign in again to send them).
import { usePathname } from 'next/navigation';
import { useEffect } from 'react';
import { useTranslations } from 'next-intl';
import { startOutbox } from '@/lib/offline/client.ts';
import { keepShellOffline } from '@/lib/offline/keep.ts';
import { useOutbox } from './use-outbox.ts';

export function OfflineSync({ userId, tabs }: { userId: string; tabs: string[] }) {
  const t = useTranslations('log.status');
  const outbox = useOutbox();
  const pathname = usePathname();

  useEffect(() => startOutbox(userId), [userId]);

  const tabKey = tabs.join(',');
  useEffect(() => {
    if (!navigator.onLine) return;
    // Background work: after the screen has settled.
    const timer = window.setTimeout(() => {
      void keepShellOffline(userId, tabKey.split(',')).catch((err: unknown) => console.warn('[offline] could not keep the tabs', err));
    }, 1500);
    return () => window.clearTimeout(timer);
  }, [userId, tabKey]);

  const { pending } = outbox.counts;
  const bar = outbox.authNeeded
    ? {
        tone: 'bg-[#fff3e0] text-warn',
        text: t('authNeeded', { count: pending }),
        link: { href: `/login?next=${encodeURIComponent(pathname)}`, text: t('signIn') },
      }
    : !outbox.online
      ? { tone: 'bg-[#ececec] text-ink/80', text: pending ? t('offlinePending', { count: pending }) : t('offline'), link: null }
      : outbox.storageError
        ? { tone: 'bg-[#fde2e2] text-danger', text: t('storageError'), link: null }
        : null;
  if (!bar) return null;
  return (
    <>
      {/* keeps the end of the page clear of the bar */}
      <div aria-hidden="true" className="h-8" />
      <div
        role="status"
        data-testid="offline-bar"
        className={`fixed inset-x-0 bottom-[calc(var(--tabbar-h)+var(--safe-bottom))] z-30 mx-auto flex h-8 w-full max-w-[480px] items-center justify-center gap-2 px-4 text-[12px] ${bar.tone}`}
      >
        <span className="truncate">{bar.text}</span>
        {bar.link ? (
          // A full page load: the session is gone, the login page must come from the server.
          <a href={bar.link.href} className="shrink-0 font-medium text-link underline-offset-2 active:underline">
            {bar.link.text}
          </a>
        ) : null}
      </div>
    </>
  );
}
