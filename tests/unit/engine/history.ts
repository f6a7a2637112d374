// Test helper: describe a customer's history in plain terms ("an order 30 days ago, a visit
// yesterday where they doubted vaguely") and get the CustomerFeatures that
// public.customer_features() would return for it. It mirrors the SQL definitions on purpose:
// the DB test inserts the same history and expects the SQL to produce exactly this object.
import type { CustomerFeatures, OrgContext } from '../../../lib/engine/features.ts';
import { percentileCont, round } from '../../../lib/engine/format.ts';
import { classify, parseRules, type Profile, type RulesOverride } from '../../../lib/engine/index.ts';

export const AS_OF = '2026-06-30T00:00:00.000Z';
const DAY = 86_400_000;

export type Kind = 'visit' | 'call' | 'feedback' | 'complaint' | 'suggestion' | 'message' | 'meeting';
export type Stage = 'needs' | 'demo' | 'quote' | 'contract' | 'won' | 'lost';

export type OrderIn = { daysAgo: number; amount?: number; discount?: boolean; premium?: boolean; kind?: 'product' | 'service' };
export type InteractionIn = {
  daysAgo: number;
  kind?: Kind;
  by?: 'rep' | 'customer';
  attitude?: 'accept' | 'doubt';
  cognition?: 'vague' | 'specific';
  sentiment?: 'positive' | 'neutral' | 'negative';
  minutes?: number;
  id?: string;
};
export type DealIn = {
  id?: string;
  createdDaysAgo: number;
  stage: Stage; // current stage (what deals.stage holds now)
  premium?: boolean;
  updatedDaysAgo?: number;
  changes?: { from: Stage | null; to: Stage; daysAgo: number }[];
};
/** A survey link; it expires `expiresDaysAgo` days before as_of (default: 14 days after it was sent). */
export type SurveyIn = { sentDaysAgo: number; expiresDaysAgo?: number; answeredDaysAgo?: number; nps?: number; csat?: number };
/** When the survey's link expires, in days before as_of (the table's default lifetime is 14 days). */
export const surveyExpiresDaysAgo = (s: SurveyIn) => s.expiresDaysAgo ?? s.sentDaysAgo - 14;
export type History = {
  id?: string;
  kind?: 'b2b' | 'b2c';
  needs?: 'product' | 'service' | 'both' | null;
  ageDays?: number;
  orders?: OrderIn[];
  interactions?: InteractionIn[];
  deals?: DealIn[];
  surveys?: SurveyIn[];
};

let seq = 0;
/** Deterministic GUIDs for fixtures. */
export const guid = (n = ++seq) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export const at = (daysAgo: number, asOf = AS_OF) => new Date(Date.parse(asOf) - daysAgo * DAY).toISOString();
const daysBetween = (laterIso: string, earlierIso: string) => (Date.parse(laterIso) - Date.parse(earlierIso)) / DAY;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const r1 = (x: number | null) => (x === null ? null : round(x, 1));
const r2 = (x: number | null) => (x === null ? null : round(x, 2));
const STAGE_ORDER: Stage[] = ['needs', 'demo', 'quote', 'contract', 'won', 'lost'];
const earlier = (to: Stage, from: Stage | null) =>
  from !== null && from !== 'won' && from !== 'lost' && STAGE_ORDER.indexOf(to) < STAGE_ORDER.indexOf(from);

export function features(h: History, asOf = AS_OF): CustomerFeatures {
  const ageDays = h.ageDays ?? 400;
  const since = (iso: string | null) => (iso === null ? null : Math.floor(daysBetween(asOf, iso)));

  // orders, oldest first (the SQL's window order)
  const orders = (h.orders ?? []).filter((o) => o.daysAgo >= 0).sort((a, b) => b.daysAgo - a.daysAgo);
  const n = orders.length;
  const amounts = orders.map((o) => o.amount ?? 100);
  const gaps = orders.slice(1).map((o, i) => (orders[i] as OrderIn).daysAgo - o.daysAgo);
  const half = Math.floor(n / 2);
  const m = n - 1;
  const firstOrderAt = n ? at((orders[0] as OrderIn).daysAgo, asOf) : null;
  const lastOrderAt = n ? at((orders[n - 1] as OrderIn).daysAgo, asOf) : null;

  // interactions
  const ints = (h.interactions ?? []).filter((i) => i.daysAgo >= 0);
  const kinds = { visit: 0, call: 0, feedback: 0, complaint: 0, suggestion: 0, message: 0, meeting: 0 };
  for (const i of ints) kinds[i.kind ?? 'visit'] += 1;
  const firstOrderAgo = n ? (orders[0] as OrderIn).daysAgo : null;
  const afterFirst = (i: InteractionIn) => firstOrderAgo !== null && i.daysAgo <= firstOrderAgo;
  const observed = ints
    .filter((i) => i.attitude && i.cognition)
    .sort((a, b) => a.daysAgo - b.daysAgo || (b.id ?? '').localeCompare(a.id ?? ''));
  const latest = observed[0];
  const durations = ints.flatMap((i) => (i.minutes === undefined ? [] : [i.minutes]));
  const within = (days: number) => (i: InteractionIn) => i.daysAgo < days;
  const contactDays = ints.map((i) => i.daysAgo);

  // deals, as private.deal_facts() sees them
  const deals = (h.deals ?? []).flatMap((d) => {
    const changes = [...(d.changes ?? [])].sort((a, b) => b.daysAgo - a.daysAgo);
    const upto = changes.filter((c) => c.daysAgo >= 0);
    const startAgo = Math.max(d.createdDaysAgo, changes[0]?.daysAgo ?? -Infinity);
    if (startAgo < 0) return [];
    const last = upto[upto.length - 1];
    const updatedAgo = d.updatedDaysAgo ?? 0;
    const stage: Stage = last
      ? last.to
      : changes.length
        ? (changes[0]?.from ?? 'needs')
        : d.stage === 'won' && updatedAgo < 0
          ? 'contract'
          : d.stage;
    const contract = upto.find((c) => c.to === 'contract' || c.to === 'won');
    const won = upto.find((c) => c.to === 'won');
    const wonAgo = changes.length ? (won?.daysAgo ?? null) : d.stage === 'won' && updatedAgo >= 0 ? updatedAgo : null;
    const regressions = upto.filter((c) => earlier(c.to, c.from));
    const lastReg = regressions[regressions.length - 1];
    return [
      {
        d,
        stage,
        wonAgo,
        cycle: contract ? round(startAgo - contract.daysAgo, 1) : null,
        regressions: regressions.length,
        lastReg: lastReg && { deal_id: d.id ?? guid(), from_stage: lastReg.from as Stage, to_stage: lastReg.to, changed_at: at(lastReg.daysAgo, asOf) },
      },
    ];
  });
  const won = deals.filter((x) => x.stage === 'won');
  const cycles = deals.flatMap((x) => (x.cycle === null ? [] : [x.cycle]));
  const lastReg = deals
    .flatMap((x) => (x.lastReg ? [x.lastReg] : []))
    .sort((a, b) => b.changed_at.localeCompare(a.changed_at))[0];
  const wonAgos = won.flatMap((x) => (x.wonAgo === null ? [] : [x.wonAgo]));

  // surveys: answered by as_of, or expired unanswered by then; a link still open is pending and
  // counts toward neither (seed 000 一、5 — a customer cannot ignore a survey they may still answer)
  const answers = (h.surveys ?? [])
    .filter((s) => s.answeredDaysAgo !== undefined && s.answeredDaysAgo >= 0)
    .sort((a, b) => (a.answeredDaysAgo as number) - (b.answeredDaysAgo as number));
  const expired = (h.surveys ?? []).filter((s) => s.sentDaysAgo >= 0 && surveyExpiresDaysAgo(s) >= 0 && !answers.includes(s));

  return {
    customer_id: h.id ?? guid(),
    as_of: asOf,
    kind: h.kind ?? 'b2b',
    declared_needs: h.needs ?? null,
    customer_age_days: Math.max(0, ageDays),
    order_count: n,
    order_total: amounts.reduce((a, b) => a + b, 0),
    first_order_at: firstOrderAt,
    last_order_at: lastOrderAt,
    days_since_first_order: since(firstOrderAt),
    days_since_last_order: since(lastOrderAt),
    median_order_gap_days: r1(percentileCont([...gaps].sort((a, b) => a - b), 0.5)),
    early_avg_amount: r2(mean(amounts.slice(0, half))),
    late_avg_amount: r2(mean(amounts.slice(n - half))),
    early_avg_gap_days: n >= 3 ? r1(mean(gaps.slice(0, Math.floor(m / 2)))) : null,
    late_avg_gap_days: n >= 3 ? r1(mean(gaps.slice(m - Math.floor(m / 2)))) : null,
    discount_orders: orders.filter((o) => o.discount).length,
    premium_orders: orders.filter((o) => o.premium).length,
    product_orders: orders.filter((o) => (o.kind ?? 'product') === 'product').length,
    service_orders: orders.filter((o) => o.kind === 'service').length,
    interaction_count: ints.length,
    interactions_by_kind: kinds,
    interactions_last_30d: ints.filter(within(30)).length,
    interactions_last_90d: ints.filter(within(90)).length,
    customer_initiated: ints.filter((i) => i.by === 'customer').length,
    contacts_before_first_order: ints.filter((i) => !afterFirst(i)).length,
    contacts_after_first_order: ints.filter(afterFirst).length,
    customer_initiated_after_first_order: ints.filter((i) => afterFirst(i) && i.by === 'customer' && i.kind !== 'complaint').length,
    avg_duration_min: r1(mean(durations)),
    complaints_last_90d: ints.filter((i) => i.kind === 'complaint' && within(90)(i)).length,
    complaints_negative: ints.filter((i) => i.kind === 'complaint' && i.sentiment === 'negative').length,
    negative_sentiment: ints.filter((i) => i.sentiment === 'negative').length,
    negative_sentiment_last_90d: ints.filter((i) => i.sentiment === 'negative' && within(90)(i)).length,
    first_contact_at: ints.length ? at(Math.max(...contactDays), asOf) : null,
    last_contact_at: ints.length ? at(Math.min(...contactDays), asOf) : null,
    days_since_first_contact: ints.length ? Math.max(...contactDays) : null,
    days_since_last_contact: ints.length ? Math.min(...contactDays) : null,
    observation_count: observed.length,
    latest_observation: latest
      ? {
          interaction_id: latest.id ?? guid(),
          occurred_at: at(latest.daysAgo, asOf),
          kind: latest.kind ?? 'visit',
          attitude: latest.attitude as 'accept' | 'doubt',
          cognition: latest.cognition as 'vague' | 'specific',
        }
      : null,
    deals_open: deals.filter((x) => x.stage !== 'won' && x.stage !== 'lost').length,
    deals_won: won.length,
    deals_lost: deals.filter((x) => x.stage === 'lost').length,
    premium_deals_won: won.filter((x) => x.d.premium).length,
    last_won_at: wonAgos.length ? at(Math.min(...wonAgos), asOf) : null,
    sales_cycle_days: r1(mean(cycles)),
    completed_cycles: cycles.length,
    stage_regressions: deals.reduce((a, x) => a + x.regressions, 0),
    last_regression: lastReg ?? null,
    surveys_sent: answers.length + expired.length,
    surveys_answered: answers.length,
    avg_nps: r2(mean(answers.map((s) => s.nps ?? 9))),
    avg_csat: r2(mean(answers.map((s) => s.csat ?? 5))),
    last_nps: answers.length ? ((answers[0] as SurveyIn).nps ?? 9) : null,
    last_answered_at: answers.length ? at(answers[0]?.answeredDaysAgo as number, asOf) : null,
  };
}

/** A mid-sized org: 50 paying customers, high value from ¥10,000, low up to ¥1,000, cycles ~30 days. */
export function context(overrides: Partial<OrgContext> = {}, rules = parseRules()): OrgContext {
  return {
    as_of: AS_OF,
    timezone: 'Asia/Shanghai',
    customers: 100,
    paying_customers: 50,
    high_share: rules.value.high_share,
    low_share: rules.value.low_share,
    revenue_high_min: 10_000,
    revenue_low_max: 1_000,
    median_sales_cycle_days: 30,
    cycle_sample: 20,
    ...overrides,
  };
}

/** Classify one described customer against the default org context. */
export function profileOf(h: History, opts: { rules?: RulesOverride; ctx?: Partial<OrgContext> } = {}): Profile {
  const rules = parseRules(opts.rules ?? {});
  return classify(features(h), rules, context(opts.ctx, rules));
}

export const rulesOf = (p: Profile, dimension: keyof Profile['reasons']) => p.reasons[dimension].map((r) => r.rule);

/** `n` orders, `gap` days apart, the last one `lastDaysAgo` ago. */
export function everyNDays(n: number, gap: number, lastDaysAgo: number, o: Omit<OrderIn, 'daysAgo'> = {}): OrderIn[] {
  return Array.from({ length: n }, (_, i) => ({ ...o, daysAgo: lastDaysAgo + (n - 1 - i) * gap }));
}
