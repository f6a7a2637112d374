// Decoder for private.customer_features_compact() (supabase/migrations/20261123000600_recompute_speed.sql):
// one record text per customer, "(v1,v2,,v4)", instead of public.customer_features()' keyed
// json, so the database skips row_to_json and the function skips a zod parse of every customer.
// Every value is a uuid, an enum label or a number, so Postgres never quotes one: the fields are
// the text between the commas, and an empty field is null.
//
// decodeCompact() returns exactly what CustomerFeaturesSchema.parse(customer_features json)
// returns — same keys in the same order, timestamps as Date#toISOString() (ms, "Z"). The SQL
// sends timestamps as floor(epoch ms), which is what new Date(iso).toISOString() makes of
// Postgres' microseconds. tests/functions/recompute-core.test.ts holds the two side by side, and
// recompute() still zod-parses the first rows of every call (all of a small one) as a tripwire.
// Pure TS (Deno and Node): no imports besides types.
import type { CustomerFeatures } from '../../../lib/engine/index.ts';

/** Column order of the compact array; the SQL's concat_ws list follows it. */
export const COMPACT_COLUMNS = [
  'customer_id', 'kind', 'declared_needs', 'customer_age_days',
  'order_count', 'order_total', 'first_order_at', 'last_order_at', 'days_since_first_order', 'days_since_last_order',
  'median_order_gap_days', 'early_avg_amount', 'late_avg_amount', 'early_avg_gap_days', 'late_avg_gap_days',
  'discount_orders', 'premium_orders', 'product_orders', 'service_orders',
  'interaction_count', 'k_visit', 'k_call', 'k_feedback', 'k_complaint', 'k_suggestion', 'k_message', 'k_meeting',
  'interactions_last_30d', 'interactions_last_90d', 'customer_initiated',
  'contacts_before_first_order', 'contacts_after_first_order', 'customer_initiated_after_first_order',
  'avg_duration_min', 'complaints_last_90d', 'complaints_negative', 'negative_sentiment', 'negative_sentiment_last_90d',
  'first_contact_at', 'last_contact_at', 'days_since_first_contact', 'days_since_last_contact',
  'observation_count', 'obs_id', 'obs_at', 'obs_kind', 'obs_attitude', 'obs_cognition',
  'deals_open', 'deals_won', 'deals_lost', 'premium_deals_won', 'last_won_at', 'sales_cycle_days', 'completed_cycles', 'stage_regressions',
  'reg_deal_id', 'reg_from', 'reg_to', 'reg_at',
  'surveys_sent', 'surveys_answered', 'avg_nps', 'avg_csat', 'last_nps', 'last_answered_at',
] as const;

/** One compact row → the engine's features. `asOfIso` is the call's as_of as Date#toISOString(). */
export function decodeCompact(text: string, asOfIso: string): CustomerFeatures {
  const a = text.slice(1, -1).split(',');
  if (a.length !== COMPACT_COLUMNS.length || text.includes('"'))
    throw new Error(`customer_features_compact: cannot read ${JSON.stringify(text.slice(0, 200))} (${a.length} fields, expected ${COMPACT_COLUMNS.length})`);
  // typed by the property they fill (the schema's types; the zod sample in recompute() checks them)
  const s = <T,>(i: number) => (a[i] === '' ? null : a[i]) as T; // uuid or enum label
  const n = <T,>(i: number) => (a[i] === '' ? null : +a[i]!) as T;
  const t = <T,>(i: number) => (a[i] === '' ? null : new Date(+a[i]!).toISOString()) as T; // epoch ms → ISO
  // keys in CustomerFeaturesSchema order (= zod's output order)
  return {
    customer_id: s(0),
    as_of: asOfIso,
    kind: s(1),
    declared_needs: s(2),
    customer_age_days: n(3),
    order_count: n(4),
    order_total: n(5),
    first_order_at: t(6),
    last_order_at: t(7),
    days_since_first_order: n(8),
    days_since_last_order: n(9),
    median_order_gap_days: n(10),
    early_avg_amount: n(11),
    late_avg_amount: n(12),
    early_avg_gap_days: n(13),
    late_avg_gap_days: n(14),
    discount_orders: n(15),
    premium_orders: n(16),
    product_orders: n(17),
    service_orders: n(18),
    interaction_count: n(19),
    interactions_by_kind: {
      visit: n(20),
      call: n(21),
      feedback: n(22),
      complaint: n(23),
      suggestion: n(24),
      message: n(25),
      meeting: n(26),
    },
    interactions_last_30d: n(27),
    interactions_last_90d: n(28),
    customer_initiated: n(29),
    contacts_before_first_order: n(30),
    contacts_after_first_order: n(31),
    customer_initiated_after_first_order: n(32),
    avg_duration_min: n(33),
    complaints_last_90d: n(34),
    complaints_negative: n(35),
    negative_sentiment: n(36),
    negative_sentiment_last_90d: n(37),
    first_contact_at: t(38),
    last_contact_at: t(39),
    days_since_first_contact: n(40),
    days_since_last_contact: n(41),
    observation_count: n(42),
    latest_observation:
      a[43] === '' ? null : { interaction_id: s(43), occurred_at: t(44), kind: s(45), attitude: s(46), cognition: s(47) },
    deals_open: n(48),
    deals_won: n(49),
    deals_lost: n(50),
    premium_deals_won: n(51),
    last_won_at: t(52),
    sales_cycle_days: n(53),
    completed_cycles: n(54),
    stage_regressions: n(55),
    last_regression: a[59] === '' ? null : { deal_id: s(56), from_stage: s(57), to_stage: s(58), changed_at: t(59) },
    surveys_sent: n(60),
    surveys_answered: n(61),
    avg_nps: n(62),
    avg_csat: n(63),
    last_nps: n(64),
    last_answered_at: t(65),
  };
}
