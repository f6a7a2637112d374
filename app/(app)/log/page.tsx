import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { ComingSoon } from '@/components/ui/coming-soon.tsx';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('soon.log'))('title') };
}

export default async function LogPage() {
  const t = await getTranslations('soon');
  return (
    <main>
      <PageHeader title={t('log.title')} />
      <ComingSoon badge={t('badge')} body={t('log.body')} />
    </main>
  );
}
