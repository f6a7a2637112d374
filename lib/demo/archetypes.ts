// Which story each demo customer lives. The archetype is never written to the database — the
// classification engine has to find it from the facts — but tests use this function to check
// that the generated facts carry the shape the archetype promises.
import { Rng } from './prng.ts';

export const ARCHETYPES = [
  // Relationship types (seed 000), all signed and still buying.
  'autonomous', // fast deal, few touches, premium, quiet after buying, ignores surveys
  'dependent', // slow deal with quote → needs regressions, constant deep contact, discounts
  'loyal', // > 3 orders, positive survey answers, patient with a service problem
  'regular', // an ordinary customer: none of the above stands out
  'new_signed', // deal won in the last days, one order so far
  // Lifecycle / churn (seeds 001, 003, 004), measured against the customer's own rhythm.
  'at_risk', // still buying, but smaller orders, recent complaints, low NPS
  'inactive', // ~3-weekly buyer silent for about 3 rhythms
  'churned', // ~3-weekly buyer silent for 4 months
  // Funnel (seed 002): the latest observation decides the stage; no won deal.
  'prospect_potential', // 质疑 + 笼统 = 潜在
  'prospect_wait', // 接纳 + 笼统 = 观望
  'prospect_intent', // 质疑 + 具体 = 意向
  'prospect_opportunity', // 接纳 + 具体 = 商机
  'lost', // deal lost after a quote
] as const;
export type Archetype = (typeof ARCHETYPES)[number];

// Share of customers per archetype (percent). Prospects ~20 %, buyers ~77 %.
export const ARCHETYPE_WEIGHTS: Readonly<Record<Archetype, number>> = {
  autonomous: 12,
  dependent: 11,
  loyal: 12,
  regular: 17,
  new_signed: 5,
  at_risk: 8,
  inactive: 6,
  churned: 6,
  prospect_potential: 5,
  prospect_wait: 5,
  prospect_intent: 5,
  prospect_opportunity: 5,
  lost: 3,
};

/**
 * The archetype of the customer at `index` (0-based; external_id C000001 is index 0).
 * The first 13 customers take one archetype each, so even a tiny org shows every kind;
 * the rest are drawn by weight from their own stream — independent of the org's size, so
 * customer i is the same customer in a 300- and a 100k-customer org.
 */
export function archetypeOf(index: number, seed = 42): Archetype {
  const n = ARCHETYPES.length;
  if (index < n) return ARCHETYPES[(((index + seed) % n) + n) % n]!;
  return new Rng(`crystal-demo:${seed}:archetype:${index}`).weighted(ARCHETYPE_WEIGHTS);
}
