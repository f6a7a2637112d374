'use client';
// 客户分布: one dimension at a time (tabs), customers' share next to revenue share per value —
// e.g. 高价值客户 are 20 % of the book and 70 % of the revenue. All four dimensions come with the
// page (one query), so switching tabs needs no round trip.
import { useState } from 'react';
import { BarChart, type BarSeries } from './bar-chart.tsx';
import { NumbersTable } from './card.tsx';

export type DistributionView = {
  key: string;
  label: string;
  labels: string[];
  series: BarSeries[];
  tooltips: string[][];
  table: (string | number)[][];
};

export function DistributionChart({
  views,
  tabsLabel,
  chartLabel,
  numbersLabel,
  head,
}: {
  views: DistributionView[];
  tabsLabel: string;
  chartLabel: string;
  numbersLabel: string;
  head: string[];
}) {
  const [active, setActive] = useState(views[0]?.key ?? '');
  const view = views.find((v) => v.key === active) ?? views[0];
  if (!view) return null;
  return (
    <div>
      <div role="tablist" aria-label={tabsLabel} className="flex gap-2 overflow-x-auto px-4 pb-1 [scrollbar-width:none]">
        {views.map((v) => (
          <button
            key={v.key}
            type="button"
            role="tab"
            aria-selected={v.key === view.key}
            data-testid={`dist-tab-${v.key}`}
            onClick={() => setActive(v.key)}
            className={`h-11 shrink-0 rounded-full px-3 text-[14px] ${v.key === view.key ? 'bg-brand-soft font-medium text-brand-dark' : 'bg-page text-ink'}`}
          >
            {v.label}
          </button>
        ))}
      </div>
      <BarChart
        key={view.key}
        labels={view.labels}
        series={view.series}
        tooltips={view.tooltips}
        min={0}
        max={100}
        unit="%"
        ariaLabel={`${chartLabel} · ${view.label}`}
        testId="distribution-chart"
      />
      <NumbersTable summary={numbersLabel} head={head} rows={view.table} testId="distribution-numbers" />
    </div>
  );
}
