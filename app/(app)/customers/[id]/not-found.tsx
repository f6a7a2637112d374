import Link from 'next/link';
import { useTranslations } from 'next-intl';

// A customer this member may not see looks exactly like one that does not exist (RLS), and the
// usual reason is a reassignment — say that, and offer the way back.
export default function CustomerNotFound() {
  const t = useTranslations('customer');
  const e = useTranslations('errors');
  return (
    <main className="flex min-h-[70dvh] flex-col items-center justify-center gap-2 px-8 text-center" data-testid="customer-not-found">
      <h1 className="text-lg font-semibold">{t('notFoundTitle')}</h1>
      <p className="text-balance text-sm text-muted">{t('notFoundBody')}</p>
      <Link href="/customers" className="mt-6 flex min-h-[44px] items-center rounded-lg bg-brand px-6 text-white">
        {e('home')}
      </Link>
    </main>
  );
}
