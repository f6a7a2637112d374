'use client';
// A screen failed to render (the database is unreachable, a bug): say so plainly, offer retry.
import Link from 'next/link';
import { useEffect } from 'react';
import { useTranslations } from 'next-intl';

export default function ErrorScreen({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  const t = useTranslations('errors');
  useEffect(() => console.error(error), [error]);
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-2 px-8 text-center" role="alert">
      <h1 className="text-lg font-semibold">{t('title')}</h1>
      <p className="text-sm text-muted">{t('body')}</p>
      {error.digest ? <p className="text-xs text-muted">#{error.digest}</p> : null}
      <div className="mt-6 flex gap-3">
        <button type="button" onClick={() => retry()} className="min-h-[44px] rounded-lg bg-brand px-6 text-white">
          {t('retry')}
        </button>
        <Link href="/customers" className="flex min-h-[44px] items-center rounded-lg bg-white px-6">
          {t('home')}
        </Link>
      </div>
    </main>
  );
}
