// Classification thresholds. Every default comes from a seed article (cited per field; see
// docs/engine.md) and every one can be overridden per org: `classification_rules.rules` holds a
// partial object that parseRules() lays over these defaults.
//
// zod 4: `.default()` returns the default without parsing it, `.prefault({})` parses `{}` through
// the schema — so nested groups use prefault and fill their leaves' defaults. Objects are strict
// so a misspelt key in an override is rejected instead of silently ignored.
import { z } from 'zod';
import { PlaybookRules } from './playbook-rules.ts';

const share = z.number().min(0).max(1);
const positive = z.number().positive();
const nonNeg = z.number().min(0);
const int = z.number().int().min(0);

const RelationshipWeights = z.strictObject({
  // 自主型 (seed 000 一、1–5)
  fast_stages: nonNeg.default(2), // seen over a whole sale: strong evidence
  few_touches: nonNeg.default(1), // absence of records: weak evidence
  premium: nonNeg.default(1),
  rarely_contacts_after: nonNeg.default(1),
  ignores_surveys: nonNeg.default(1),
  // 依赖型 (seed 000 二、1–4)
  slow_stages: nonNeg.default(2),
  stage_regression: nonNeg.default(2), // the seed's one concrete example: quote → needs
  frequent_contact: nonNeg.default(1),
  likes_discounts: nonNeg.default(1),
  online_offline: nonNeg.default(1),
  // 忠诚型 (seed 000 三、1–3); loyal_orders is also a gate, see relationship.ts
  loyal_orders: nonNeg.default(1),
  positive_surveys: nonNeg.default(1),
  patient: nonNeg.default(1),
});

const Relationship = z
  .strictObject({
    // seed 000 结论: types are "cross-combinations" of traits, so a type needs more than one
    min_score: positive.default(2),
    secondary_min_score: positive.default(2),
    weights: RelationshipWeights.prefault({}),
    // "fast"/"slow" is relative to the org's median sales cycle (needs → contract)
    fast_cycle_ratio: positive.default(0.7),
    slow_cycle_ratio: positive.default(1.5),
    min_cycle_sample: int.default(5), // below this many customers the org median is noise…
    default_cycle_days: positive.default(30), // …and this reference is used instead
    few_touches_max: int.default(3), // contacts before the first order
    premium_share_min: share.default(0.3),
    after_purchase_contacts_per_year_max: nonNeg.default(2),
    after_purchase_min_days: int.default(90), // need this long after buying to call it "rarely"
    ignores_surveys_min_sent: int.default(2),
    ignores_surveys_max_rate: share.default(0.34),
    frequent_contacts_per_month: positive.default(2),
    frequent_contacts_min: int.default(4),
    discount_share_min: share.default(0.5),
    discount_min_orders: int.default(2),
    online_offline_min_each: int.default(1),
    customer_initiated_share_min: share.default(0.3),
    loyal_min_orders: int.default(4), // seed 000: 超过三条的购买记录 = at least 4
    positive_response_rate_min: share.default(0.5),
    positive_nps_min: z.number().min(0).max(10).default(8),
    patient_max_negative_share: share.default(0.34),
  })
  .superRefine((r, ctx) => {
    if (r.fast_cycle_ratio >= r.slow_cycle_ratio)
      ctx.addIssue({ code: 'custom', path: ['fast_cycle_ratio'], message: 'must be below slow_cycle_ratio' });
  });

const Funnel = z.strictObject({
  // seed 002 "签约客户": a won deal signs; orders count too (B2C sells without deals)
  signed_from_orders: z.boolean().default(true),
});

const Value = z
  .strictObject({
    // Pareto (seeds 001, 003): the top 20 % of paying customers by revenue are high value
    high_share: z.number().gt(0).lt(1).default(0.2),
    low_share: z.number().gt(0).lt(1).default(0.3),
  })
  .superRefine((v, ctx) => {
    if (v.high_share + v.low_share > 1)
      ctx.addIssue({ code: 'custom', path: ['low_share'], message: 'high_share + low_share must not exceed 1' });
  });

const Lifecycle = z
  .strictObject({
    // seed 003 状态: recency judged against the customer's own rhythm (median gap)
    min_orders_for_rhythm: z.number().int().min(2).default(3),
    default_gap_days: positive.default(60), // without a rhythm: active ≤ 90 days, churned > 180
    min_gap_days: positive.default(7), // a daily buyer is not "inactive" after two days
    active_factor: positive.default(1.5),
    churn_factor: positive.default(3),
  })
  .superRefine((l, ctx) => {
    if (l.active_factor >= l.churn_factor)
      ctx.addIssue({ code: 'custom', path: ['active_factor'], message: 'must be below churn_factor' });
  });

const LoyaltyWeights = z.strictObject({
  silence: share.default(0.6),
  amount_drop: share.default(0.35),
  frequency_drop: share.default(0.35),
  complaints: share.default(0.35),
  low_survey: share.default(0.35),
  negative_sentiment: share.default(0.2),
  no_contact: share.default(0.2),
});

const Loyalty = z.strictObject({
  // seeds 001/004: 潜在流失 when the combined churn risk reaches this
  at_risk_min: share.default(0.3),
  weights: LoyaltyWeights.prefault({}),
  min_orders_for_trend: z.number().int().min(2).default(4),
  amount_drop_ratio: share.default(0.7), // later orders average ≤ 70 % of earlier ones
  frequency_drop_ratio: positive.default(1.5), // later gaps ≥ 1.5 × earlier gaps
  complaints_full: positive.default(2), // complaints in 90 days for the full weight
  negative_full: positive.default(2),
  low_nps_max: z.number().min(0).max(10).default(6), // NPS detractor
  low_csat_max: z.number().min(1).max(5).default(2),
  no_contact_days: int.default(90),
});

const Needs = z.strictObject({
  // seed 003: 综合需求客户 buys both; the smaller kind must reach this share of orders
  both_min_share: share.default(0),
});

const Facts = z.strictObject({
  no_contact_days: int.default(60),
});

const Priority = z.strictObject({
  value: z.strictObject({ high: nonNeg.default(30), normal: nonNeg.default(15), low: nonNeg.default(5) }).prefault({}),
  churn_risk: nonNeg.default(40), // × churn_risk: at-risk high value comes first
  churned: nonNeg.default(10), // gone already: below a live risk
  inactive: nonNeg.default(10),
  funnel: z
    .strictObject({
      potential: nonNeg.default(3),
      wait_and_see: nonNeg.default(8),
      intent: nonNeg.default(15),
      opportunity: nonNeg.default(20),
      signed: nonNeg.default(0),
    })
    .prefault({}),
});

export const RulesSchema = z.strictObject({
  relationship: Relationship.prefault({}),
  funnel: Funnel.prefault({}),
  value: Value.prefault({}),
  lifecycle: Lifecycle.prefault({}),
  loyalty: Loyalty.prefault({}),
  needs: Needs.prefault({}),
  facts: Facts.prefault({}),
  priority: Priority.prefault({}),
  playbook: PlaybookRules.prefault({}),
});

export type Rules = z.output<typeof RulesSchema>;
/** What an org stores: any subset of Rules, nested. */
export type RulesOverride = z.input<typeof RulesSchema>;

export const DEFAULT_RULES: Rules = RulesSchema.parse({});

export class RulesError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid classification rules: ${issues.join('; ')}`);
    this.name = 'RulesError';
  }
}

/** "relationship.loyal_min_orders: expected number, received string" */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const path = i.path.map(String).join('.');
    // zod 4 words it "Invalid input: expected number, received string"; the path says where
    const message = i.message.replace(/^Invalid input: /, '');
    return path ? `${path}: ${message}` : message;
  });
}

export function safeParseRules(override: unknown): { ok: true; rules: Rules } | { ok: false; issues: string[] } {
  const r = RulesSchema.safeParse(override ?? {});
  return r.success ? { ok: true, rules: r.data } : { ok: false, issues: formatIssues(r.error) };
}

/** Defaults deep-merged with an org's partial override; throws RulesError naming each bad field. */
export function parseRules(override: unknown = {}): Rules {
  const r = safeParseRules(override);
  if (!r.ok) throw new RulesError(r.issues);
  return r.rules;
}
