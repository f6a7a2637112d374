// The insights page's state is its URL: ?p=7d|30d|90d|week|month (default 30d) or a range of
// whole local dates ?from=2026-03-01&to=2026-03-31, and ?flow=<dimension> for the tag flows.
// A bad value is dropped, as on the customer list; a bad range is reported and the default shown.
import { z } from 'zod';
import { FLOW_DIMENSIONS, type FlowDimension, type PeriodSpec } from '@/lib/db/queries/insights.ts';

export const PERIOD_KEYS = ['7d', '30d', '90d', 'week', 'month'] as const;
export type PeriodKey = (typeof PERIOD_KEYS)[number] | 'range';
export const MAX_RANGE_DAYS = 366;

export type InsightsQuery = {
  key: PeriodKey;
  period: PeriodSpec;
  flow: FlowDimension;
  /** from/to were given but are not a usable range */
  badRange: boolean;
  from?: string;
  to?: string;
};

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const IsoDate = z.iso.date();

export function insightsQueryFromSearchParams(sp: Record<string, string | string[] | undefined>): InsightsQuery {
  const flowRaw = one(sp.flow);
  const flow = (FLOW_DIMENSIONS as readonly string[]).includes(flowRaw ?? '') ? (flowRaw as FlowDimension) : 'value';
  const [fromRaw, toRaw] = [one(sp.from), one(sp.to)];
  if (fromRaw !== undefined || toRaw !== undefined) {
    const from = IsoDate.safeParse(fromRaw);
    const to = IsoDate.safeParse(toRaw);
    if (from.success && to.success) {
      const days = (Date.parse(to.data) - Date.parse(from.data)) / 86_400_000;
      if (days >= 0 && days < MAX_RANGE_DAYS)
        return { key: 'range', period: { kind: 'range', from: from.data, to: to.data }, flow, badRange: false, from: from.data, to: to.data };
    }
    return { ...fixed('30d'), flow, badRange: true };
  }
  const p = one(sp.p);
  return { ...fixed((PERIOD_KEYS as readonly string[]).includes(p ?? '') ? (p as (typeof PERIOD_KEYS)[number]) : '30d'), flow, badRange: false };
}

function fixed(key: (typeof PERIOD_KEYS)[number]): Pick<InsightsQuery, 'key' | 'period'> {
  if (key === 'week' || key === 'month') return { key, period: { kind: key } };
  return { key, period: { kind: 'days', days: Number(key.slice(0, -1)) } };
}

/** The URL of the page with this period (and flow), defaults left out. */
export function insightsHref(q: { key: PeriodKey; flow: FlowDimension; from?: string; to?: string }, patch: Partial<InsightsQuery> = {}): string {
  const s = { ...q, ...patch };
  const params = new URLSearchParams();
  if (s.key === 'range' && s.from && s.to) {
    params.set('from', s.from);
    params.set('to', s.to);
  } else if (s.key !== '30d' && s.key !== 'range') params.set('p', s.key);
  if (s.flow !== 'value') params.set('flow', s.flow);
  const qs = params.toString();
  return qs ? `/insights?${qs}` : '/insights';
}

/** The drill-down's input, checked again on the server (it comes back from the browser). */
export const FlowDrillInput = z.object({
  dimension: z.enum(FLOW_DIMENSIONS),
  fromValue: z.string().min(1).max(40),
  toValue: z.string().min(1).max(40),
  periodFrom: z.iso.datetime({ offset: true }),
  periodTo: z.iso.datetime({ offset: true }),
});
