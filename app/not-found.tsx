import Link from 'next/link';
import { useTranslations } from 'next-intl';

export default function NotFound() {
  const t = useTranslations('errors');
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-2 px-8 text-center">
      <h1 className="text-lg font-semibold">{t('notFoundTitle')}</h1>
      <p className="text-sm text-muted">{t('notFoundBody')}</p>
      <Link href="/customers" className="mt-6 flex min-h-[44px] items-center rounded-lg bg-brand px-6 text-white">
        {t('home')}
      </Link>
    </main>
  );
}
