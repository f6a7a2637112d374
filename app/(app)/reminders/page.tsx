import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { ComingSoon } from '@/components/ui/coming-soon.tsx';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('soon.reminders'))('title') };
}

export default async function RemindersPage() {
  const t = await getTranslations('soon');
  return (
    <main>
      <PageHeader title={t('reminders.title')} />
      <ComingSoon badge={t('badge')} body={t('reminders.body')} />
    </main>
  );
}
