import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { Suspense } from 'react';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { PeriodPicker } from '@/components/insights/period-picker.tsx';
import { resolvePeriod } from '@/lib/db/queries/insights.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { canSeeTeam, getMe } from '../_lib/me.ts';
import { insightsHref, insightsQueryFromSearchParams, PERIOD_KEYS } from './params.ts';
import {
  AtRiskSection,
  DistributionSection,
  FlowsSection,
  FunnelSection,
  RemindersSection,
  type SectionContext,
  SurveysSection,
} from './sections.tsx';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('insights'))('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// 洞察: the book at a glance for a manager (their team) or an admin (the org) — RLS decides
// which; the period is in the URL. Managers and admins only (the tab bar hides it from reps;
// this covers a typed URL).
export default async function InsightsPage({ searchParams }: Props) {
  const q = insightsQueryFromSearchParams(await searchParams);
  const { claims, member } = await getMe();
  if (!member) return null; // the layout explains
  const t = await getTranslations('insights');
  if (!canSeeTeam(member.role))
    return (
      <main>
        <PageHeader title={t('title')} />
        <p className="px-8 py-20 text-center text-[14px] text-muted">{t('managersOnly')}</p>
      </main>
    );

  const locale = await getLocale();
  const period = await withRls(claims, (tx) => resolvePeriod(tx, { orgId: member.org_id, period: q.period }));
  const ctx: SectionContext = { claims, orgId: member.org_id, period, locale, q };
  // the dates the period covers, in the org's calendar (the end is exclusive)
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });
  const shown = { from: day.format(period.from), to: day.format(new Date(period.to.getTime() - 1)) };
  const today = day.format(new Date());
  const scope = member.role === 'admin' ? t('scopeOrg', { org: member.org_name }) : t('scopeTeam', { team: member.team_name ?? '' });

  return (
    <main data-testid="insights" data-from={period.from.toISOString()} data-to={period.to.toISOString()}>
      <PageHeader title={t('title')} subtitle={<span data-testid="insights-scope">{scope}</span>} />
      <PeriodPicker
        chips={[...PERIOD_KEYS].map((key) => ({ key, label: t(`period.${key}`), href: insightsHref(q, { key }) }))}
        active={q.key}
        label={t('period.label')}
        range={{ from: shown.from, to: shown.to, max: today }}
        hidden={q.flow === 'value' ? {} : { flow: q.flow }}
        labels={{ range: t('period.range'), from: t('period.from'), to: t('period.to'), apply: t('period.apply') }}
      />
      <p className="px-4 pb-2 text-[12px] text-muted" data-testid="period-shown">
        {t('period.showing', { from: shown.from, to: shown.to })}
      </p>
      {q.badRange ? (
        <p role="alert" className="mx-3 mb-2 rounded-md bg-[#fff3e6] px-3 py-2 text-[13px] text-warn" data-testid="period-bad-range">
          {t('period.badRange')}
        </p>
      ) : null}
      <Suspense fallback={<Placeholder label={t('loading')} />}>
        <DistributionSection ctx={ctx} />
      </Suspense>
      <Suspense fallback={<Placeholder label={t('loading')} />}>
        <FunnelSection ctx={ctx} />
      </Suspense>
      <Suspense fallback={<Placeholder label={t('loading')} />}>
        <FlowsSection ctx={ctx} />
      </Suspense>
      <Suspense fallback={<Placeholder label={t('loading')} />}>
        <AtRiskSection ctx={ctx} />
      </Suspense>
      <Suspense fallback={<Placeholder label={t('loading')} />}>
        <RemindersSection ctx={ctx} />
      </Suspense>
      <Suspense fallback={<Placeholder label={t('loading')} />}>
        <SurveysSection ctx={ctx} />
      </Suspense>
    </main>
  );
}

function Placeholder({ label }: { label: string }) {
  return (
    <div className="mb-2 flex h-40 items-center justify-center bg-white text-[13px] text-muted" aria-busy="true">
      {label}
    </div>
  );
}
