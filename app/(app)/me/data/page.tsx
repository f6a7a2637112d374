import type { Metadata } from 'next';
import { getFormatter, getTranslations } from 'next-intl/server';
import { BackButton } from '@/components/app-shell/back-button.tsx';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { findDuplicateCandidates } from '@/lib/dedupe/candidates.ts';
import { lastInterruptedImport } from '@/lib/db/queries/import-runs.ts';
import { listRecentMerges } from '@/lib/db/queries/merge.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { getMe } from '../../_lib/me.ts';
import { DuplicatePairs } from './duplicate-pairs.tsx';
import { ImportPanel } from './import-panel.tsx';
import { RecentMerges } from './recent-merges.tsx';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('data'))('title') };
}

// 数据 / Data (managers and admins): import CSV with a preview, review duplicate pairs and merge
// them (undo within 24 h), export the book. Everything under RLS: a manager works on their team's.
export default async function DataPage() {
  const { claims, member } = await getMe();
  const t = await getTranslations('data');
  const header = <PageHeader title={t('title')} left={<BackButton fallback="/me" label={t('back')} />} />;
  if (member?.role !== 'manager' && member?.role !== 'admin') {
    return (
      <main>
        {header}
        <p className="px-8 py-20 text-center text-[14px] text-muted">{t('managersOnly')}</p>
      </main>
    );
  }
  const [pairs, merges, interrupted] = await withRls(claims, async (tx) => [
    await findDuplicateCandidates(tx, { orgId: member.org_id, limit: 30 }),
    await listRecentMerges(tx, { orgId: member.org_id }),
    await lastInterruptedImport(tx, { userId: claims.sub }),
  ] as const);
  const format = await getFormatter();

  return (
    <main className="pb-10">
      {header}
      <h2 className="px-4 pb-2 pt-3 text-[13px] text-muted">{t('importTitle')}</h2>
      {interrupted ? (
        <p className="mx-4 mb-2 rounded-md bg-white px-3 py-2 text-[14px] leading-5 text-danger" role="alert" data-testid="import-interrupted">
          {t('interruptedBefore', {
            rows: interrupted.total_rows,
            time: format.dateTime(interrupted.started_at, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }),
          })}
        </p>
      ) : null}
      <ImportPanel />

      <h2 className="flex items-baseline justify-between px-4 pb-2 pt-5 text-[13px] text-muted">
        <span>{t('dupTitle')}</span>
        <span data-testid="dup-count">{t('dupCount', { n: pairs.length })}</span>
      </h2>
      <DuplicatePairs pairs={pairs} />
      <p className="px-4 pt-2 text-[12px] leading-5 text-muted">{t('dupHint')}</p>

      <h2 className="px-4 pb-2 pt-5 text-[13px] text-muted">{t('mergesTitle')}</h2>
      <RecentMerges merges={merges} />

      <h2 className="px-4 pb-2 pt-5 text-[13px] text-muted">{t('exportTitle')}</h2>
      <div className="bg-white">
        <a
          href="/api/customers/export"
          download
          className="flex min-h-[52px] items-center justify-between px-4 text-[16px] active:bg-bar"
          data-testid="export-all"
        >
          {t('exportAll')}
          <span aria-hidden className="text-muted">›</span>
        </a>
      </div>
      <p className="px-4 pt-2 text-[12px] leading-5 text-muted">{t('exportHint')}</p>
    </main>
  );
}
