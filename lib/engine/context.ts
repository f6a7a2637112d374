// Org context from a whole org's features, for a whole-org recompute that already holds every
// customer's features. Mirrors public.org_feature_context() to the float: percentile_disc over
// paying customers' revenue (descending for the top cut, ascending for the bottom one) and
// percentile_cont over customers' mean sales cycles. A one-customer recompute calls the SQL
// function instead and gets the same numbers.
import type { CustomerFeatures, OrgContext } from './features.ts';
import { percentileCont, percentileDisc } from './format.ts';
import type { Rules } from './rules.ts';

export const DEFAULT_TIMEZONE = 'Asia/Shanghai';

export function orgContextFromFeatures(
  all: readonly CustomerFeatures[],
  rules: Rules,
  opts: { timezone?: string; as_of?: string } = {},
): OrgContext {
  const as_of = opts.as_of ?? all[0]?.as_of;
  if (!as_of) throw new Error('orgContextFromFeatures: no features and no as_of');
  const revenue = all.map((f) => f.order_total).filter((r) => r > 0);
  const asc = [...revenue].sort((a, b) => a - b);
  const desc = [...asc].reverse();
  const cycles = all.flatMap((f) => (f.sales_cycle_days === null ? [] : [f.sales_cycle_days])).sort((a, b) => a - b);
  return {
    as_of,
    timezone: opts.timezone ?? DEFAULT_TIMEZONE,
    customers: all.length,
    paying_customers: revenue.length,
    high_share: rules.value.high_share,
    low_share: rules.value.low_share,
    revenue_high_min: percentileDisc(desc, rules.value.high_share),
    revenue_low_max: percentileDisc(asc, rules.value.low_share),
    median_sales_cycle_days: percentileCont(cycles, 0.5),
    cycle_sample: cycles.length,
  };
}
