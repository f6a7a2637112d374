// What the engine reads: one customer's facts as of a moment, exactly as
// `public.customer_features()` returns them (supabase/migrations/20261123000400_customer_features.sql),
// plus the org-wide context that rankings need (`public.org_feature_context()`).
//
// The schemas are strict on purpose: a key added to the SQL but not here (or the other way
// round) fails the parse loudly instead of silently classifying on `undefined`.
// Days are whole days counted back from `as_of`; amounts are plain numbers (the SQL casts
// numeric to float8 so no driver hands us strings). Parse output, not input, is what
// CustomerFeatures describes: timestamps come out normalised.
import { z } from 'zod';
import { ATTITUDES, COGNITIONS, CUSTOMER_KINDS, DEAL_STAGES, INTERACTION_KINDS, NEEDS_KINDS } from '../domain/vocabulary.ts';

const count = z.number().int().min(0);
const days = z.number().int().min(0);
const nonNeg = z.number().min(0);
// Postgres sends "2026-06-30T08:00:00.123456+00:00"; the engine and its tests speak
// Date#toISOString ("…Z", milliseconds), so normalise on the way in.
const iso = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());
// z.uuid() insists on RFC version bits; interaction ids are made by clients, so accept any GUID.
const id = z.guid();

export { DEAL_STAGES, INTERACTION_KINDS };

export const ObservationSchema = z.strictObject({
  interaction_id: id,
  occurred_at: iso,
  kind: z.enum(INTERACTION_KINDS),
  attitude: z.enum(ATTITUDES),
  cognition: z.enum(COGNITIONS),
});
export type Observation = z.infer<typeof ObservationSchema>;

export const RegressionSchema = z.strictObject({
  deal_id: id,
  from_stage: z.enum(DEAL_STAGES),
  to_stage: z.enum(DEAL_STAGES),
  changed_at: iso,
});

export const CustomerFeaturesSchema = z.strictObject({
  customer_id: id,
  as_of: iso,
  kind: z.enum(CUSTOMER_KINDS),
  declared_needs: z.enum(NEEDS_KINDS).nullable(),
  customer_age_days: days,

  // orders (seed 003 value/lifecycle/needs, seed 000 premium & discounts)
  order_count: count,
  order_total: nonNeg,
  first_order_at: iso.nullable(),
  last_order_at: iso.nullable(),
  days_since_first_order: days.nullable(),
  days_since_last_order: days.nullable(),
  median_order_gap_days: nonNeg.nullable(), // the customer's own rhythm; null below 2 orders
  early_avg_amount: nonNeg.nullable(), // mean amount of the first half of orders (middle one skipped when odd)
  late_avg_amount: nonNeg.nullable(), // mean amount of the last half
  early_avg_gap_days: nonNeg.nullable(), // mean gap in the first half of gaps; null below 3 orders
  late_avg_gap_days: nonNeg.nullable(),
  discount_orders: count,
  premium_orders: count,
  product_orders: count,
  service_orders: count,

  // interactions (seed 000 touches/initiative, seed 002 attitude × cognition, seed 004 complaints)
  interaction_count: count,
  interactions_by_kind: z.strictObject({
    visit: count,
    call: count,
    feedback: count,
    complaint: count,
    suggestion: count,
    message: count,
    meeting: count,
  }),
  interactions_last_30d: count,
  interactions_last_90d: count,
  customer_initiated: count,
  contacts_before_first_order: count, // all of them when there is no order yet
  contacts_after_first_order: count,
  customer_initiated_after_first_order: count, // complaints excluded: seed 000 "除非他们出现问题"
  avg_duration_min: nonNeg.nullable(),
  complaints_last_90d: count,
  complaints_negative: count, // complaints logged with negative sentiment (impatience)
  negative_sentiment: count,
  negative_sentiment_last_90d: count,
  first_contact_at: iso.nullable(),
  last_contact_at: iso.nullable(),
  days_since_first_contact: days.nullable(),
  days_since_last_contact: days.nullable(),
  observation_count: count, // interactions with both attitude and cognition recorded
  latest_observation: ObservationSchema.nullable(),

  // deals (seed 000 speed through stages and going back)
  deals_open: count,
  deals_won: count,
  deals_lost: count,
  premium_deals_won: count,
  last_won_at: iso.nullable(),
  sales_cycle_days: nonNeg.nullable(), // mean days from deal start to contract over deals that got there
  completed_cycles: count,
  stage_regressions: count, // moves to an earlier stage, e.g. quote → needs
  last_regression: RegressionSchema.nullable(),

  // surveys (seed 000 responds / ignores, seed 004 satisfaction). As of as_of a link is answered
  // (its response was in by then), expired (expires_at <= as_of, no answer) or pending (still
  // open): sent = answered + expired, so a link the customer may still answer is not ignored.
  surveys_sent: count,
  surveys_answered: count,
  avg_nps: z.number().min(0).max(10).nullable(),
  avg_csat: z.number().min(1).max(5).nullable(),
  last_nps: z.number().int().min(0).max(10).nullable(),
  last_answered_at: iso.nullable(),
});
export type CustomerFeatures = z.infer<typeof CustomerFeaturesSchema>;

// Org-wide numbers a single customer cannot know: revenue cut-offs for the value tier and the
// typical sales cycle. `high_share`/`low_share` echo the rule the cut-offs were computed for,
// so classify() can refuse a context built for different rules.
export const OrgContextSchema = z.strictObject({
  as_of: iso,
  timezone: z.string().min(1),
  customers: count,
  paying_customers: count,
  high_share: z.number().gt(0).lt(1),
  low_share: z.number().gt(0).lt(1),
  revenue_high_min: nonNeg.nullable(), // revenue at or above this = top `high_share` of paying customers
  revenue_low_max: nonNeg.nullable(), // revenue at or below this = bottom `low_share`
  median_sales_cycle_days: nonNeg.nullable(),
  cycle_sample: count, // customers behind that median
});
export type OrgContext = z.infer<typeof OrgContextSchema>;
