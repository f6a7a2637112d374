// Value tier (seeds 001 价值标准, 003 客户价值): rank by revenue within the org, Pareto by
// default — the top 20 % of paying customers are 高价值, the bottom 30 % 低价值. The cut-offs
// come from the org context (computed once per recompute), so ranking one customer needs no
// look at the others. Ties at a cut-off land on the better side: equal revenue, equal tier.
import type { CustomerFeatures, OrgContext } from './features.ts';
import type { ValueTier } from './labels.ts';
import { reason, type Reason } from './reasons.ts';
import type { Rules } from './rules.ts';

export type ValueResult = { tier: ValueTier; reasons: Reason[] };

export function classifyValue(f: CustomerFeatures, ctx: OrgContext, rules: Rules): ValueResult {
  const revenue = f.order_total;
  const common = { revenue, paying: ctx.paying_customers };
  if (revenue <= 0) return { tier: 'low', reasons: [reason('value.no_revenue', {})] };
  if (ctx.revenue_high_min !== null && revenue >= ctx.revenue_high_min)
    return {
      tier: 'high',
      reasons: [reason('value.high', { ...common, threshold: ctx.revenue_high_min, top_pct: Math.round(rules.value.high_share * 100) })],
    };
  if (ctx.revenue_low_max !== null && revenue <= ctx.revenue_low_max)
    return {
      tier: 'low',
      reasons: [reason('value.low', { ...common, threshold: ctx.revenue_low_max, bottom_pct: Math.round(rules.value.low_share * 100) })],
    };
  return {
    tier: 'normal',
    reasons: [reason('value.normal', { ...common, low: ctx.revenue_low_max ?? 0, high: ctx.revenue_high_min ?? 0 })],
  };
}
