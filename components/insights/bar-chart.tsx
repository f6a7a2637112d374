'use client';
// A horizontal bar chart drawn by Chart.js, which is imported here on mount — so the library is a
// chunk of its own that only the insights page ever downloads. Bars are ≥ 44 px per category so a
// finger can hit them; tapping (or hovering) a bar shows the category's numbers, given already
// formatted by the server (no functions cross the server/client boundary). The same numbers are
// in the table under the chart for screen readers and for reading without tapping.
import { useEffect, useRef, useState } from 'react';

export type BarSeries = { label: string; data: number[]; color: string };

export function BarChart({
  labels,
  series,
  tooltips,
  min,
  max,
  unit = '',
  stacked = false,
  ariaLabel,
  testId,
}: {
  labels: string[];
  series: BarSeries[];
  /** lines shown when category i is tapped */
  tooltips: string[][];
  min?: number;
  max?: number;
  unit?: string;
  /** one bar per category with the series stacked (parts of a whole) */
  stacked?: boolean;
  ariaLabel: string;
  testId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [ready, setReady] = useState(false);
  // One key for the effect: the chart is rebuilt only when what it shows changes.
  const spec = JSON.stringify({ labels, series, tooltips, min, max, unit, stacked });

  useEffect(() => {
    let chart: { destroy(): void } | undefined;
    let cancelled = false;
    const s = JSON.parse(spec) as {
      labels: string[]; series: BarSeries[]; tooltips: string[][]; min?: number; max?: number; unit: string; stacked: boolean;
    };
    void import('chart.js').then(({ Chart, BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend }) => {
      if (cancelled || !canvas.current) return;
      Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
      chart = new Chart(canvas.current, {
        type: 'bar',
        data: {
          labels: s.labels,
          datasets: s.series.map((d) => ({
            label: d.label,
            data: d.data,
            backgroundColor: d.color,
            borderRadius: 3,
            maxBarThickness: 18,
            categoryPercentage: 0.7,
          })),
        },
        options: {
          indexAxis: 'y',
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          // touchstart too: the numbers show on the first tap, not after a long press
          events: ['mousemove', 'mouseout', 'click', 'touchstart', 'touchmove'],
          interaction: { mode: 'index', axis: 'y', intersect: false },
          plugins: {
            legend: {
              display: s.series.length > 1,
              position: 'top',
              align: 'start',
              labels: { boxWidth: 10, boxHeight: 10, font: { size: 12 }, color: '#666666' },
            },
            tooltip: {
              backgroundColor: 'rgba(25,25,25,0.88)',
              titleFont: { size: 13 },
              bodyFont: { size: 13 },
              padding: 10,
              displayColors: false,
              callbacks: {
                title: (items) => s.labels[items[0]?.dataIndex ?? 0] ?? '',
                label: () => '',
                afterBody: (items) => s.tooltips[items[0]?.dataIndex ?? 0] ?? [],
              },
            },
          },
          scales: {
            x: {
              stacked: s.stacked,
              min: s.min,
              max: s.max,
              grid: { color: '#eeeeee' },
              border: { display: false },
              ticks: { color: '#666666', font: { size: 12 }, maxTicksLimit: 5, callback: (v) => `${v}${s.unit}` },
            },
            y: { stacked: s.stacked, grid: { display: false }, border: { display: false }, ticks: { color: '#191919', font: { size: 13 } } },
          },
        },
      });
      setReady(true);
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [spec]);

  const legendRows = series.length > 1 ? 28 : 0;
  return (
    <div
      className="relative px-2"
      style={{ height: labels.length * Math.max(44, stacked ? 24 : series.length * 24) + legendRows + 28 }}
      data-testid={testId}
      data-ready={ready ? '1' : '0'}
    >
      <canvas ref={canvas} role="img" aria-label={ariaLabel} />
    </div>
  );
}
