// Next review: the earliest instant at which time alone — nothing written — can change what
// classify() and the playbook give this customer. A whole-org run at a later as_of classifies a
// customer only when its inputs were written or this instant has come (docs/engine.md, "Next
// review"), so every rule that reads elapsed time must be answered here: crossing a no-contact
// threshold, the order gap passing the customer's own rhythm (and the churn-risk ramp on the way),
// "rarely reaches out" becoming true and "frequent contact" ceasing to be, an at-risk customer's
// retention month, the survey period.
//
// What the features cannot see is found by the recompute in SQL over the interval between two
// runs instead (private.recompute_time_events): rows dated after the last as_of coming into view,
// a complaint or negative interaction leaving the 90-day window, a survey link expiring, a survey
// coming due again. tests/functions/recompute-time-aware.test.ts checks the two together against
// forced full runs, day by day.
//
// Day counts follow the feature SQL: days since X = floor((as_of − X) / 24 h), so "≥ D days"
// starts at X + D × 24 h. Every threshold is found by evaluating the engine's own comparison
// around the closed-form guess, so float rounding can only make a review early, never late.
import type { CustomerFeatures } from './features.ts';
import { DAY_MS } from './format.ts';
import type { Profile } from './index.ts';
import { expectedGap } from './lifecycle.ts';
import { silenceStrength } from './loyalty.ts';
import type { Rules } from './rules.ts';

/**
 * The first whole day d > `after` where `changed(d)`, searched near `guess` (−3…+3); the next
 * day if the guess was off (early is safe), null when the guess says never.
 */
function firstDay(after: number, guess: number, changed: (d: number) => boolean): number | null {
  if (!Number.isFinite(guess)) return null;
  const start = Math.max(after + 1, Math.floor(guess) - 3);
  for (let d = start; d <= Math.max(start, Math.ceil(guess) + 3); d++) if (changed(d)) return d;
  return after + 1;
}

/**
 * The earliest instant after `f.as_of` at which time alone can change `p` (its dimensions, tags,
 * reasons, churn risk, priority) or the playbook's drafts for it; null when nothing ever will.
 */
export function nextReviewAt(f: CustomerFeatures, p: Profile, rules: Rules): string | null {
  const asOf = Date.parse(f.as_of);
  let next = Number.POSITIVE_INFINITY;
  const at = (instant: string | null, days: number | null) => {
    if (instant === null || days === null) return;
    const t = Date.parse(instant) + days * DAY_MS;
    if (t > asOf && t < next) next = t;
  };

  // fact "no contact" (≥ facts.no_contact_days) and the loyalty sign (≥ loyalty.no_contact_days)
  const sinceContact = f.days_since_last_contact;
  if (sinceContact !== null) {
    if (sinceContact < rules.facts.no_contact_days) at(f.last_contact_at, rules.facts.no_contact_days);
    if (sinceContact < rules.loyalty.no_contact_days) at(f.last_contact_at, rules.loyalty.no_contact_days);
  } else if (f.customer_age_days < rules.loyalty.no_contact_days) {
    // never contacted: counted from the customer's creation, which the features give only in
    // whole days — review a day early rather than a moment late
    at(f.as_of, rules.loyalty.no_contact_days - f.customer_age_days - 1);
  }

  // lifecycle (ratio of days since the last order to the expected gap) and loyalty's silence
  // sign, whose strength grows in tenths between one gap and churn_factor gaps
  if (f.order_count > 0 && f.days_since_last_order !== null) {
    const l = rules.lifecycle;
    const gap = expectedGap(f, rules).days;
    const days = f.days_since_last_order;
    const ratio = (d: number) => d / gap;
    const strength = silenceStrength(ratio(days), l.churn_factor);
    if (strength > 0 && strength < 1) {
      // the next tenth: strength passes k/10 once (ratio − 1) / (churn − 1) > k/10
      const k = Math.round(strength * 10);
      const guess = gap * (1 + ((l.churn_factor - 1) * k) / 10);
      at(f.last_order_at, firstDay(days, guess, (d) => silenceStrength(ratio(d), l.churn_factor) !== strength));
    }
    for (const factor of [1, l.active_factor, l.churn_factor]) {
      if (ratio(days) > factor) continue;
      at(f.last_order_at, firstDay(days, gap * factor, (d) => ratio(d) > factor));
    }
  }

  // relationship, seed 000 一、4: rarely reaches out after buying — true from some day on
  const r = rules.relationship;
  if (f.order_count > 0 && f.days_since_first_order !== null) {
    const count = f.customer_initiated_after_first_order;
    const holds = (d: number) => d >= r.after_purchase_min_days && count / (d / 365) <= r.after_purchase_contacts_per_year_max;
    if (!holds(f.days_since_first_order)) {
      const max = r.after_purchase_contacts_per_year_max;
      const guess = Math.max(r.after_purchase_min_days, max > 0 ? (count * 365) / max : count === 0 ? 0 : Number.POSITIVE_INFINITY);
      at(f.first_order_at, firstDay(f.days_since_first_order, guess, holds));
    }
  }
  // 二、2: frequent contact — true until some day, as the months since the first contact grow
  if (f.interaction_count >= r.frequent_contacts_min && f.days_since_first_contact !== null) {
    const holds = (d: number) => f.interaction_count / Math.max(1, d / 30) >= r.frequent_contacts_per_month;
    if (holds(f.days_since_first_contact))
      at(f.first_contact_at, firstDay(f.days_since_first_contact, (30 * f.interaction_count) / r.frequent_contacts_per_month, (d) => !holds(d)));
  }

  // the playbook's keys that move with the calendar (lib/engine/playbook.ts): a retention
  // reminder per month at risk, a survey per period
  if (p.loyalty === 'at_risk') {
    const d = new Date(asOf);
    next = Math.min(next, Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  }
  if (f.last_order_at && p.relationship_type !== 'autonomous' && p.relationship_secondary !== 'autonomous') {
    const period = rules.playbook.survey_every_days * DAY_MS;
    next = Math.min(next, (Math.floor(asOf / period) + 1) * period);
  }

  return Number.isFinite(next) ? new Date(next).toISOString() : null;
}
