import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { ComingSoon } from '@/components/ui/coming-soon.tsx';
import { canSeeTeam, getMe } from '../_lib/me.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('soon.insights'))('title') };
}

// Managers and admins only (the tab bar hides it from reps; this covers a typed URL).
export default async function InsightsPage() {
  const { member } = await getMe();
  if (!member) return null;
  const t = await getTranslations('soon');
  return (
    <main>
      <PageHeader title={t('insights.title')} />
      {canSeeTeam(member.role) ? (
        <ComingSoon badge={t('badge')} body={t('insights.body')} />
      ) : (
        <p className="px-8 py-20 text-center text-[14px] text-muted">{t('managersOnly')}</p>
      )}
    </main>
  );
}
