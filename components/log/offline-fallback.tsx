'use client';
// The offline fallback page's content: this page was never stored on the phone, but these were —
// the recently opened customers (their pages open offline, and logs can be made there) — and how
// many logs are waiting to be sent.
import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { CustomerAvatar } from '@/components/customers/customer-avatar.tsx';
import { getMeta, idbOutbox, listRecents, type RecentCustomer } from '@/lib/offline/db.ts';

const ONLINE_SETTLE_MS = 1000;

/**
 * Back online: try the page the rep wanted again — unless they are already on their way elsewhere
 * (tapped a stored customer, or 我). `online` also fires on a flaky link that drops again at once,
 * and Chromium fires it on this page when a navigation starts while the network is (emulated)
 * off: reloading then replaced the rep's own navigation with this page again (the flaky offline
 * e2e). So: wait a moment, check the network is still there, and reload only if no navigation
 * began meanwhile. Returns the cleanup.
 */
function retryWhenOnline(): () => void {
  let leaving = false;
  let timer: number | undefined;
  const onLeave = () => {
    leaving = true;
  };
  // The Navigation API (Chromium) tells when a navigation to another document starts (the router's
  // own history.replaceState is a same-document one); beforeunload covers the other browsers.
  const onNavigate = (e: Event) => {
    if (!(e as Event & { destination?: { sameDocument?: boolean } }).destination?.sameDocument) leaving = true;
  };
  const onBack = (e: PageTransitionEvent) => {
    if (e.persisted) leaving = false; // back from the bfcache: this page is the rep's again
  };
  const onOnline = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => {
      if (!leaving && navigator.onLine) window.location.reload();
    }, ONLINE_SETTLE_MS);
  };
  const nav = (window as { navigation?: EventTarget }).navigation;
  nav?.addEventListener('navigate', onNavigate);
  window.addEventListener('beforeunload', onLeave);
  window.addEventListener('pageshow', onBack);
  window.addEventListener('online', onOnline);
  return () => {
    window.clearTimeout(timer);
    nav?.removeEventListener('navigate', onNavigate);
    window.removeEventListener('beforeunload', onLeave);
    window.removeEventListener('pageshow', onBack);
    window.removeEventListener('online', onOnline);
  };
}

export function OfflineFallback() {
  const t = useTranslations('log.fallback');
  const [recents, setRecents] = useState<RecentCustomer[] | null>(null);
  const [pending, setPending] = useState(0);

  useEffect(() => {
    void (async () => {
      const userId = (await getMeta('session').catch(() => undefined))?.userId;
      if (!userId) return setRecents([]);
      const [r, entries] = await Promise.all([listRecents(userId), idbOutbox.list(userId)]);
      setRecents(r.slice(0, 10));
      setPending(entries.filter((e) => e.status === 'pending').length);
    })().catch(() => setRecents([]));
    return retryWhenOnline();
  }, []);

  return (
    <main className="pb-10" data-testid="offline-fallback">
      <header className="sticky top-0 z-20 bg-page pt-[var(--safe-top)]">
        <div className="flex h-[var(--header-h)] items-center justify-center px-12">
          <h1 className="truncate text-[17px] font-semibold">{t('title')}</h1>
        </div>
      </header>
      <div className="px-6 pb-6 pt-8 text-center">
        <p className="text-[16px]">{t('body')}</p>
        <p className="mt-2 text-[13px] leading-5 text-muted">{pending ? t('pending', { count: pending }) : t('hint')}</p>
        <button type="button" onClick={() => window.location.reload()} className="mt-5 h-10 rounded-lg bg-brand px-6 text-[15px] font-medium text-white active:bg-brand-dark">
          {t('retry')}
        </button>
      </div>
      {recents?.length ? (
        <>
          <h2 className="px-4 pb-1.5 text-[13px] text-muted">{t('recent')}</h2>
          <ul className="bg-white">
            {recents.map((r) => (
              <li key={r.customerId}>
                {/* plain links: full page loads, answered from the stored pages */}
                <a href={`/customers/${r.customerId}`} className="flex min-h-[60px] items-center gap-3 pl-4 active:bg-black/5">
                  <CustomerAvatar id={r.customerId} name={r.name} size={36} />
                  <span className="min-w-0 flex-1 self-stretch py-2.5 pr-4 hairline-b">
                    <span className="block truncate text-[16px] leading-6">{r.name}</span>
                    <span className="block truncate text-[13px] leading-5 text-muted">{[r.company, r.region].filter(Boolean).join(' · ') || '\u00a0'}</span>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <nav className="mt-4 flex justify-center gap-6 text-[15px] text-link">
        {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load, answered by the SW's stored pages */}
        <a href="/customers">{t('customers')}</a>
        <a href="/me">{t('me')}</a>
      </nav>
    </main>
  );
}
