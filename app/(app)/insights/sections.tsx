// The insights page's sections. Each is an async server component with its own withRls
// transaction, so they run side by side and stream in as they finish (Suspense in page.tsx);
// each turns its query's rows into what the presentational components draw — labels, chart
// series and the tap-for-numbers lines, already formatted in the page's language.
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { Claims } from '@/lib/auth/claims.ts';
import {
  atRiskCustomers,
  distribution,
  DISTRIBUTION_DIMENSIONS,
  FLOW_DIMENSIONS,
  funnelConversion,
  nps,
  type Period,
  reminderCompletion,
  surveysByType,
  tagFlows,
} from '@/lib/db/queries/insights.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { DEAL_STAGE_LABELS, DIMENSION_LABELS, LABELS, type Locale } from '@/lib/engine/labels.ts';
import { BarChart } from '@/components/insights/bar-chart.tsx';
import { EmptyNote, InsightCard, NumbersTable } from '@/components/insights/card.tsx';
import { DistributionChart, type DistributionView } from '@/components/insights/distribution-chart.tsx';
import { FlowList } from '@/components/insights/flow-list.tsx';
import { formatters, pct1, share } from '@/components/insights/format.ts';
import { ChevronRightIcon } from '@/components/ui/icons.tsx';
import { loadFlowCustomers } from './actions.ts';
import { insightsHref, type InsightsQuery } from './params.ts';

export type SectionContext = { claims: Claims; orgId: string; period: Period; locale: string; q: InsightsQuery };

const COLORS = { brand: '#07c160', blue: '#10aeff', orange: '#fa9d3b', red: '#fa5151', grey: '#b2b2b2' };
const lang = (locale: string): Locale => (locale === 'en' ? 'en' : 'zh');
// A section whose query fails says so and the rest of the page still renders.
async function safely<T>(what: string, p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (err) {
    console.error(`insights: ${what} failed`, err);
    return null;
  }
}
async function Failed({ title }: { title: string }) {
  const t = await getTranslations('insights');
  return (
    <InsightCard title={title}>
      <EmptyNote>{t('failed')}</EmptyNote>
    </InsightCard>
  );
}
const rank = (order: readonly string[], v: string | null) => {
  const i = v === null ? -1 : order.indexOf(v);
  return i < 0 ? 99 : i;
};
const valueLabel = (dim: keyof typeof LABELS, value: string, locale: string) =>
  (LABELS[dim] as Record<string, { zh: string; en: string }>)[value]?.[lang(locale)] ?? value;

// ---------------------------------------------------------------------------------------------

export async function DistributionSection({ ctx }: { ctx: SectionContext }) {
  const t = await getTranslations('insights');
  const f = formatters(ctx.locale);
  const d = await safely('distribution', withRls(ctx.claims, (tx) => distribution(tx, { orgId: ctx.orgId })));
  if (!d) return <Failed title={t('distribution.title')} />;
  const order: Record<string, readonly string[]> = {
    relationship: ['loyal', 'dependent', 'autonomous', 'undetermined'],
    value: ['high', 'normal', 'low'],
    lifecycle: ['potential', 'active', 'inactive', 'churned'],
    funnel: ['potential', 'wait_and_see', 'intent', 'opportunity', 'signed'],
  };
  const views: DistributionView[] = DISTRIBUTION_DIMENSIONS.map((dim) => {
    const rows = d.rows
      .filter((r) => r.dimension === dim)
      .sort((a, b) => rank(order[dim]!, a.value) - rank(order[dim]!, b.value));
    const labels = rows.map((r) => valueLabel(dim, r.value, ctx.locale));
    return {
      key: dim,
      label: DIMENSION_LABELS[dim][lang(ctx.locale)],
      labels,
      series: [
        { label: t('distribution.customersShare'), data: rows.map((r) => pct1(r.customers, d.customers)), color: COLORS.brand },
        { label: t('distribution.revenueShare'), data: rows.map((r) => pct1(r.revenue, d.revenue)), color: COLORS.orange },
      ],
      tooltips: rows.map((r) => [
        t('distribution.tipCustomers', { count: f.int(r.customers), share: f.pct(share(r.customers, d.customers)) }),
        t('distribution.tipRevenue', { amount: f.money(r.revenue), share: f.pct(share(r.revenue, d.revenue)) }),
      ]),
      table: rows.map((r, i) => [
        labels[i]!, f.int(r.customers), f.pct(share(r.customers, d.customers)), f.money(r.revenue), f.pct(share(r.revenue, d.revenue)),
      ]),
    };
  });
  return (
    <InsightCard
      title={t('distribution.title')}
      hint={t('distribution.hint', { customers: f.int(d.customers), revenue: f.money(d.revenue) })}
      testId="insights-distribution"
    >
      {d.customers === 0 ? (
        <EmptyNote>{t('distribution.empty')}</EmptyNote>
      ) : (
        <DistributionChart
          views={views}
          tabsLabel={t('distribution.tabs')}
          chartLabel={t('distribution.chart')}
          numbersLabel={t('numbers')}
          head={[t('distribution.colValue'), t('distribution.colCustomers'), t('distribution.colCustomerShare'), t('distribution.colRevenue'), t('distribution.colRevenueShare')]}
        />
      )}
    </InsightCard>
  );
}

// ---------------------------------------------------------------------------------------------

export async function FunnelSection({ ctx }: { ctx: SectionContext }) {
  const t = await getTranslations('insights');
  const f = formatters(ctx.locale);
  const funnel = await safely('funnel', withRls(ctx.claims, (tx) => funnelConversion(tx, { orgId: ctx.orgId, ...ctx.period })));
  if (!funnel) return <Failed title={t('funnel.title')} />;
  const labels = funnel.stages.map((s) => DEAL_STAGE_LABELS[s.stage]![lang(ctx.locale)]);
  const empty = funnel.stages.every((s) => s.deals === 0);
  return (
    <InsightCard
      title={t('funnel.title')}
      hint={t('funnel.hint')}
      right={<span data-testid="funnel-outcome">{t('funnel.outcome', { won: f.int(funnel.won), lost: f.int(funnel.lost) })}</span>}
      testId="insights-funnel"
    >
      {empty ? (
        <EmptyNote>{t('funnel.empty')}</EmptyNote>
      ) : (
        <>
          <BarChart
            labels={labels}
            series={[
              { label: t('funnel.inStage'), data: funnel.stages.map((s) => s.deals), color: COLORS.blue },
              { label: t('funnel.advanced'), data: funnel.stages.map((s) => s.advanced), color: COLORS.brand },
            ]}
            tooltips={funnel.stages.map((s) => [
              t('funnel.tipDeals', { count: f.int(s.deals), entered: f.int(s.entered) }),
              t('funnel.tipAdvanced', { count: f.int(s.advanced), rate: f.pct(share(s.advanced, s.deals)) }),
              t('funnel.tipLost', { count: f.int(s.lost) }),
              s.medianDays === null ? t('funnel.tipNoDays') : t('funnel.tipDays', { days: f.dec(s.medianDays), n: f.int(s.ended) }),
            ])}
            min={0}
            ariaLabel={t('funnel.chart')}
            testId="funnel-chart"
          />
          <NumbersTable
            summary={t('numbers')}
            head={[t('funnel.colStage'), t('funnel.colDeals'), t('funnel.colConversion'), t('funnel.colDays')]}
            rows={funnel.stages.map((s, i) => [
              labels[i]!, f.int(s.deals), s.deals ? f.pct(share(s.advanced, s.deals)) : '—', s.medianDays === null ? '—' : f.dec(s.medianDays),
            ])}
            testId="funnel-numbers"
          />
        </>
      )}
    </InsightCard>
  );
}

// ---------------------------------------------------------------------------------------------

export async function FlowsSection({ ctx }: { ctx: SectionContext }) {
  const t = await getTranslations('insights');
  const f = formatters(ctx.locale);
  const dim = ctx.q.flow;
  const flows = await safely('flows', withRls(ctx.claims, (tx) => tagFlows(tx, { orgId: ctx.orgId, dimension: dim, ...ctx.period })));
  if (!flows) return <Failed title={t('flows.title')} />;
  return (
    <InsightCard
      title={t('flows.title')}
      hint={t('flows.hint')}
      right={<span data-testid="flows-moved">{t('flows.moved', { count: flows.moved })}</span>}
      testId="insights-flows"
    >
      <div role="group" aria-label={t('flows.dimensions')} className="flex gap-2 overflow-x-auto px-4 pb-1 [scrollbar-width:none]">
        {FLOW_DIMENSIONS.map((d) => (
          <Link
            key={d}
            href={insightsHref(ctx.q, { flow: d })}
            scroll={false}
            replace
            aria-current={d === dim ? 'true' : undefined}
            className={`flex h-11 shrink-0 items-center rounded-full px-3 text-[14px] ${d === dim ? 'bg-brand-soft font-medium text-brand-dark' : 'bg-page text-ink'}`}
            data-testid={`flow-dim-${d}`}
          >
            {DIMENSION_LABELS[d][lang(ctx.locale)]}
          </Link>
        ))}
      </div>
      {flows.moves.length === 0 ? (
        <EmptyNote>{t('flows.empty')}</EmptyNote>
      ) : (
        <FlowList
          dimension={dim}
          moves={flows.moves.map((m) => ({
            ...m,
            fromLabel: valueLabel(dim, m.from, ctx.locale),
            toLabel: valueLabel(dim, m.to, ctx.locale),
            countLabel: t('flows.count', { count: f.int(m.customers) }),
          }))}
          periodFrom={ctx.period.from.toISOString()}
          periodTo={ctx.period.to.toISOString()}
          load={loadFlowCustomers}
        />
      )}
      {flows.firstClassified ? <p className="px-4 pt-1 text-[12px] text-muted">{t('flows.first', { count: flows.firstClassified })}</p> : null}
    </InsightCard>
  );
}

// ---------------------------------------------------------------------------------------------

export async function AtRiskSection({ ctx }: { ctx: SectionContext }) {
  const t = await getTranslations('insights');
  const f = formatters(ctx.locale);
  const risk = await safely('at risk', withRls(ctx.claims, (tx) => atRiskCustomers(tx, { orgId: ctx.orgId, to: ctx.period.to })));
  if (!risk) return <Failed title={t('atRisk.title')} />;
  return (
    <InsightCard
      title={t('atRisk.title')}
      hint={t('atRisk.hint')}
      right={<span data-testid="at-risk-summary">{t('atRisk.summary', { count: f.int(risk.total), amount: f.money(risk.revenueAtStake) })}</span>}
      testId="insights-at-risk"
    >
      {risk.customers.length === 0 ? (
        <EmptyNote>{t('atRisk.empty')}</EmptyNote>
      ) : (
        <>
          <ul data-testid="at-risk-list">
            {risk.customers.map((c) => (
              <li key={c.id} className="hairline-t">
                <Link href={`/customers/${c.id}`} className="flex min-h-[60px] items-center gap-3 px-4 active:bg-black/5">
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-[16px]" data-testid="at-risk-name">
                      {c.name}
                    </span>
                    <span className="block truncate text-[12px] text-muted">
                      {[valueLabel('relationship', c.relationshipType, ctx.locale), c.company, c.owner ? t('atRisk.owner', { name: c.owner }) : null]
                        .filter(Boolean)
                        .join(' · ')}
                    </span>
                  </span>
                  <span className="shrink-0 text-right">
                    <span className="block text-[15px] font-medium tabular-nums">{f.money(c.revenueAtStake)}</span>
                    <span className="block text-[12px] text-danger">{t('atRisk.risk', { pct: f.pct(c.churnRisk) })}</span>
                  </span>
                  <ChevronRightIcon size={16} className="shrink-0 text-faint" />
                </Link>
              </li>
            ))}
          </ul>
          {risk.total > risk.customers.length ? (
            <p className="px-4 pt-2 text-center text-[12px] text-muted">{t('atRisk.more', { shown: risk.customers.length })}</p>
          ) : null}
        </>
      )}
    </InsightCard>
  );
}

// ---------------------------------------------------------------------------------------------

export async function RemindersSection({ ctx }: { ctx: SectionContext }) {
  const t = await getTranslations('insights');
  const f = formatters(ctx.locale);
  const reps = await safely('reminders', withRls(ctx.claims, (tx) => reminderCompletion(tx, { orgId: ctx.orgId, ...ctx.period })));
  if (!reps) return <Failed title={t('reminders.title')} />;
  return (
    <InsightCard title={t('reminders.title')} hint={t('reminders.hint')} testId="insights-reminders">
      {reps.length === 0 ? (
        <EmptyNote>{t('reminders.empty')}</EmptyNote>
      ) : (
        <>
          {reps.every((r) => r.done + r.dismissed + r.missed === 0) ? (
            <EmptyNote>{t('reminders.noneDue')}</EmptyNote>
          ) : (
            // done / dismissed / missed stacked per rep, the rate next to the name: a rep with
            // nothing done still shows a (red) bar
            <BarChart
              labels={reps.map((r) => (r.rate === null ? r.display_name : `${r.display_name} ${f.pct(r.rate)}`))}
              series={[
                { label: t('reminders.done'), data: reps.map((r) => r.done), color: COLORS.brand },
                { label: t('reminders.dismissed'), data: reps.map((r) => r.dismissed), color: COLORS.grey },
                { label: t('reminders.missed'), data: reps.map((r) => r.missed), color: COLORS.red },
              ]}
              stacked
              tooltips={reps.map((r) => {
                const counted = r.done + r.dismissed + r.missed;
                return counted
                  ? [t('reminders.tip', { done: f.int(r.done), due: f.int(counted) }), t('reminders.tipRest', { dismissed: f.int(r.dismissed), open: f.int(r.missed) })]
                  : [t('reminders.noneDue')];
              })}
              min={0}
              ariaLabel={t('reminders.chart')}
              testId="reminders-chart"
            />
          )}
          <NumbersTable
            summary={t('numbers')}
            head={[t('reminders.colRep'), t('reminders.colDue'), t('reminders.colDone'), t('reminders.colRate')]}
            rows={reps.map((r) => [r.display_name, f.int(r.done + r.dismissed + r.missed), f.int(r.done), r.rate === null ? '—' : f.pct(r.rate)])}
            testId="reminders-numbers"
          />
        </>
      )}
    </InsightCard>
  );
}

// ---------------------------------------------------------------------------------------------

export async function SurveysSection({ ctx }: { ctx: SectionContext }) {
  const t = await getTranslations('insights');
  const f = formatters(ctx.locale);
  const rows = await safely('surveys', withRls(ctx.claims, (tx) => surveysByType(tx, { orgId: ctx.orgId, ...ctx.period })));
  if (!rows) return <Failed title={t('surveys.title')} />;
  const order = ['loyal', 'dependent', 'autonomous', 'undetermined'];
  const sorted = [...rows].sort((a, b) => rank(order, a.type) - rank(order, b.type));
  const total = rows.find((r) => r.type === null);
  const names = sorted.map((r) => (r.type === null ? t('surveys.total') : valueLabel('relationship', r.type, ctx.locale)));
  // the number counted (answered + expired) next to the name: a type whose surveys got no answer has no bars to show
  const labels = sorted.map((r, i) => `${names[i]} · ${f.int(r.sent)}`);
  return (
    <InsightCard title={t('surveys.title')} hint={t('surveys.hint')} testId="insights-surveys">
      {!total || total.sent + total.pending === 0 ? (
        <EmptyNote>{t('surveys.empty')}</EmptyNote>
      ) : (
        <>
          <BarChart
            labels={labels}
            series={[
              { label: `${t('surveys.rate')} %`, data: sorted.map((r) => pct1(r.answered, r.sent)), color: COLORS.blue },
              { label: t('surveys.nps'), data: sorted.map((r) => nps(r) ?? 0), color: COLORS.brand },
            ]}
            tooltips={sorted.map((r) => {
              const score = nps(r);
              return [
                t('surveys.tip', { sent: f.int(r.sent), answered: f.int(r.answered), rate: f.pct(share(r.answered, r.sent)), pending: f.int(r.pending) }),
                score === null
                  ? t('surveys.tipNoNps')
                  : t('surveys.tipNps', { nps: f.dec(score), promoters: f.int(r.promoters), detractors: f.int(r.detractors) }),
              ];
            })}
            min={-100}
            max={100}
            ariaLabel={t('surveys.chart')}
            testId="surveys-chart"
          />
          <NumbersTable
            summary={t('numbers')}
            head={[t('surveys.colType'), t('surveys.colSent'), t('surveys.colRate'), t('surveys.colNps')]}
            rows={sorted.map((r, i) => {
              const score = nps(r);
              return [names[i]!, f.int(r.sent), f.pct(share(r.answered, r.sent)), score === null ? '—' : f.dec(score)];
            })}
            testId="surveys-numbers"
          />
        </>
      )}
    </InsightCard>
  );
}
