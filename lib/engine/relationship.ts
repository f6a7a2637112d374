// Relationship type (seed 000): 自主型 autonomous, 依赖型 dependent, 忠诚型 loyal.
//
// Each numbered trait in the seed is one signal. A signal only speaks when there is data to
// judge it (no survey sent → "ignores surveys" is unknown, not true). A type's score is the sum
// of its met signals' weights; the type with the highest score at or above `min_score` is the
// primary, the next one at or above `secondary_min_score` the secondary (seed 000 结论: traits
// combine into sub-types). Ties go loyal > dependent > autonomous: the more specific strategy.
import type { CustomerFeatures, OrgContext } from './features.ts';
import { localDate, round } from './format.ts';
import type { RelationshipType } from './labels.ts';
import { reason, type Reason } from './reasons.ts';
import type { Rules } from './rules.ts';

type Typed = Exclude<RelationshipType, 'undetermined'>;
type WeightKey = keyof Rules['relationship']['weights'];
type Signal = { type: Typed; key: WeightKey; reason: Reason };

export type RelationshipResult = {
  type: RelationshipType;
  secondary: Typed | null;
  scores: Record<Typed, number>;
  reasons: Reason[];
  /** the reasons behind each named type alone, for its model tag */
  byType: Partial<Record<RelationshipType, Reason[]>>;
};

const PRECEDENCE: Typed[] = ['loyal', 'dependent', 'autonomous'];

/** The sales-cycle yardstick: the org's median once enough customers have one, else the rule's default. */
function cycleReference(ctx: OrgContext, r: Rules['relationship']): { days: number; source: 'org' | 'default' } {
  return ctx.median_sales_cycle_days !== null && ctx.cycle_sample >= r.min_cycle_sample
    ? { days: ctx.median_sales_cycle_days, source: 'org' }
    : { days: r.default_cycle_days, source: 'default' };
}

function signals(f: CustomerFeatures, ctx: OrgContext, r: Rules['relationship']): Signal[] {
  const out: Signal[] = [];
  const add = (type: Typed, key: WeightKey, params: Record<string, number | string>) =>
    out.push({ type, key, reason: reason(`relationship.${key}`, params) });

  // seed 000 一、1 / 二、1: speed through needs → contract against the org's usual pace
  if (f.sales_cycle_days !== null) {
    const ref = cycleReference(ctx, r);
    const p = { days: f.sales_cycle_days, reference: round(ref.days), source: ref.source };
    if (f.stage_regressions === 0 && f.sales_cycle_days <= ref.days * r.fast_cycle_ratio) add('autonomous', 'fast_stages', p);
    if (f.sales_cycle_days >= ref.days * r.slow_cycle_ratio) add('dependent', 'slow_stages', p);
  }
  // 二、1: 重复进展 — going back, e.g. from quote to needs analysis
  if (f.stage_regressions > 0) {
    const last = f.last_regression;
    add('dependent', 'stage_regression', {
      count: f.stage_regressions,
      ...(last ? { from: last.from_stage, to: last.to_stage, at: last.changed_at, date: localDate(last.changed_at, ctx.timezone) } : {}),
    });
  }
  // 一、2: few touches over the whole sale (only judged once they bought)
  if (f.order_count > 0 && f.contacts_before_first_order <= r.few_touches_max)
    add('autonomous', 'few_touches', { count: f.contacts_before_first_order, max: r.few_touches_max });
  // 一、3: pays a premium for a feature they need
  const premiumShare = f.order_count > 0 ? f.premium_orders / f.order_count : 0;
  if (f.premium_deals_won > 0 || (f.premium_orders > 0 && premiumShare >= r.premium_share_min))
    add('autonomous', 'premium', { orders: f.premium_orders, of: f.order_count, deals: f.premium_deals_won });
  // 一、4: rarely reaches out after buying, unless there is a problem (complaints excluded in SQL)
  if (f.order_count > 0 && f.days_since_first_order !== null && f.days_since_first_order >= r.after_purchase_min_days) {
    const perYear = f.customer_initiated_after_first_order / (f.days_since_first_order / 365);
    if (perYear <= r.after_purchase_contacts_per_year_max)
      // the first order's instant, not the day count or the rate: both grow with time alone
      add('autonomous', 'rarely_contacts_after', {
        count: f.customer_initiated_after_first_order,
        since: f.first_order_at!,
        date: localDate(f.first_order_at!, ctx.timezone),
        max: r.after_purchase_contacts_per_year_max,
      });
  }
  // 一、5: does not answer surveys
  if (f.surveys_sent >= r.ignores_surveys_min_sent && f.surveys_answered / f.surveys_sent <= r.ignores_surveys_max_rate)
    add('autonomous', 'ignores_surveys', { answered: f.surveys_answered, sent: f.surveys_sent });

  // 二、2: frequent, deep contact during and after the sale
  if (f.interaction_count >= r.frequent_contacts_min && f.days_since_first_contact !== null) {
    const months = Math.max(1, f.days_since_first_contact / 30);
    const perMonth = f.interaction_count / months;
    if (perMonth >= r.frequent_contacts_per_month)
      add('dependent', 'frequent_contact', {
        count: f.interaction_count,
        since: f.first_contact_at!,
        date: localDate(f.first_contact_at!, ctx.timezone),
        min: r.frequent_contacts_per_month,
        ...(f.avg_duration_min !== null ? { avg_minutes: f.avg_duration_min } : {}),
      });
  }
  // 二、3: not price-driven, but happy with discounts
  if (f.order_count >= r.discount_min_orders && f.discount_orders / f.order_count >= r.discount_share_min)
    add('dependent', 'likes_discounts', { discounted: f.discount_orders, of: f.order_count });
  // 二、4: keeps interacting, offline and online, and reaches out themselves
  const k = f.interactions_by_kind;
  const offline = k.visit + k.meeting;
  const online = k.call + k.message;
  const initiated = f.interaction_count > 0 ? f.customer_initiated / f.interaction_count : 0;
  if (offline >= r.online_offline_min_each && online >= r.online_offline_min_each && initiated >= r.customer_initiated_share_min)
    add('dependent', 'online_offline', { offline, online, initiated_pct: round(initiated * 100, 0) });

  // 三、1: more than three purchase records
  if (f.order_count >= r.loyal_min_orders) add('loyal', 'loyal_orders', { count: f.order_count, min: r.loyal_min_orders });
  // 三、2: answers surveys, and positively
  if (
    f.surveys_answered > 0 &&
    f.avg_nps !== null &&
    f.surveys_answered / Math.max(f.surveys_sent, f.surveys_answered) >= r.positive_response_rate_min &&
    f.avg_nps >= r.positive_nps_min
  )
    add('loyal', 'positive_surveys', { answered: f.surveys_answered, sent: Math.max(f.surveys_sent, f.surveys_answered), avg_nps: f.avg_nps });
  // 三、3: patient when there was a service problem
  const complaints = k.complaint;
  if (complaints > 0 && f.complaints_negative / complaints <= r.patient_max_negative_share)
    add('loyal', 'patient', { complaints, negative: f.complaints_negative });

  return out;
}

export function classifyRelationship(f: CustomerFeatures, ctx: OrgContext, rules: Rules): RelationshipResult {
  const r = rules.relationship;
  const sigs = signals(f, ctx, r);
  const scores: Record<Typed, number> = { autonomous: 0, dependent: 0, loyal: 0 };
  for (const s of sigs) scores[s.type] += r.weights[s.key];
  // Loyal needs the purchase record: answering surveys kindly without buying is not loyalty.
  const eligible = (t: Typed) => t !== 'loyal' || sigs.some((s) => s.key === 'loyal_orders');

  const ranked = PRECEDENCE.filter(eligible)
    .map((type, i) => ({ type, score: round(scores[type], 3), i }))
    .sort((a, b) => b.score - a.score || a.i - b.i);
  const primary = ranked.find((x) => x.score >= r.min_score && x.score > 0);
  const secondary = primary ? ranked.find((x) => x.type !== primary.type && x.score >= r.secondary_min_score && x.score > 0) : undefined;
  const why = (t: Typed) => sigs.filter((s) => s.type === t).map((s) => s.reason);

  if (!primary) {
    const reasons = [
      reason('relationship.undetermined', {
        autonomous: round(scores.autonomous, 3),
        dependent: round(scores.dependent, 3),
        loyal: round(scores.loyal, 3),
        min: r.min_score,
      }),
      ...sigs.map((s) => s.reason),
    ];
    return { type: 'undetermined', secondary: null, scores, reasons, byType: { undetermined: reasons } };
  }
  const byType: RelationshipResult['byType'] = {
    [primary.type]: [reason('relationship.primary', { type: primary.type, score: primary.score, min: r.min_score }), ...why(primary.type)],
  };
  if (secondary)
    byType[secondary.type] = [
      reason('relationship.secondary', { type: secondary.type, score: secondary.score, min: r.secondary_min_score }),
      ...why(secondary.type),
    ];
  const reasons = [...(byType[primary.type] ?? []), ...(secondary ? (byType[secondary.type] ?? []) : [])];
  return { type: primary.type, secondary: secondary?.type ?? null, scores, reasons, byType };
}
