// Lifecycle (seed 003 客户状态): 潜在 no order yet / 活跃 / 不活跃 / 流失, by how long since the
// last order measured in the customer's own rhythm — the median gap between their orders —
// rather than one fixed window: silence of 40 days is alarming for a weekly buyer and nothing
// for one who renews every quarter. Without enough orders for a rhythm, `default_gap_days`.
import { DEFAULT_TIMEZONE } from './context.ts';
import type { CustomerFeatures } from './features.ts';
import { localDate, round } from './format.ts';
import type { Lifecycle } from './labels.ts';
import { reason, type Reason } from './reasons.ts';
import type { Rules } from './rules.ts';

export type LifecycleResult = {
  state: Lifecycle;
  /** the gap the customer usually leaves between orders (null before the first order) */
  expectedGap: number | null;
  /** days since the last order ÷ expected gap */
  silenceRatio: number | null;
  reasons: Reason[];
};

export function expectedGap(f: CustomerFeatures, rules: Rules): { days: number; source: 'rhythm' | 'default' } {
  const l = rules.lifecycle;
  if (f.order_count >= l.min_orders_for_rhythm && f.median_order_gap_days !== null)
    return { days: Math.max(l.min_gap_days, f.median_order_gap_days), source: 'rhythm' };
  return { days: l.default_gap_days, source: 'default' };
}

export function classifyLifecycle(f: CustomerFeatures, rules: Rules, timeZone: string = DEFAULT_TIMEZONE): LifecycleResult {
  const l = rules.lifecycle;
  if (f.order_count === 0 || f.days_since_last_order === null)
    return { state: 'potential', expectedGap: null, silenceRatio: null, reasons: [reason('lifecycle.no_orders', {})] };

  const gap = expectedGap(f, rules);
  const ratio = f.days_since_last_order / gap.days;
  const state: Lifecycle = ratio <= l.active_factor ? 'active' : ratio <= l.churn_factor ? 'inactive' : 'churned';
  // the last order's instant, not "N days since": the reason holds while time passes (read time counts the days)
  const params = {
    since: f.last_order_at!,
    date: localDate(f.last_order_at!, timeZone),
    gap: round(gap.days),
    active_days: round(gap.days * l.active_factor),
    churn_days: round(gap.days * l.churn_factor),
    orders: f.order_count,
  };
  return {
    state,
    expectedGap: gap.days,
    silenceRatio: ratio,
    reasons: [reason(gap.source === 'rhythm' ? `lifecycle.${state}_rhythm` : `lifecycle.${state}_default`, params)],
  };
}
