// Re-fitting an org's relationship weights from its people's hand-set types (issue 16 item 5;
// `npm run eval:classify -- --org <slug> --refit`). Pure: features, the org context and the
// labels in, a proposal out — tests/unit/eval/refit.test.ts runs it on hand-made customers.
//
// Why this shape: an org's labels are few and noisy, so the search is deliberately small and
// bounded — each of the 13 trait weights may move only to 0.5×, 0.75×, 1.25×, 1.5× or 2× its
// current value (a weight of 0 stays 0), one at a time (coordinate ascent, at most three passes).
// A move is kept when no fewer labelled customers agree and either more do or, at equal
// agreement, the labelled type's lead over the best other type (summed over the labels) grows —
// the lead is what lets several small moves add up to a customer changing type. The seeds still
// decide which traits count for which type; the org only tunes how much.
import { type CustomerFeatures, type OrgContext, type Rules } from '../../lib/engine/index.ts';
import { classifyRelationship } from '../../lib/engine/relationship.ts';

export type TypeLabel = 'autonomous' | 'dependent' | 'loyal';
export type Labelled = { features: CustomerFeatures; label: TypeLabel };
export type WeightKey = keyof Rules['relationship']['weights'];
export type Weights = Rules['relationship']['weights'];

export const REFIT_FACTORS = [0.5, 0.75, 1.25, 1.5, 2] as const;
export const REFIT_MIN_LABELS = 10;
const PASSES = 3;

const withWeights = (rules: Rules, weights: Weights): Rules => ({ ...rules, relationship: { ...rules.relationship, weights } });

/** Labelled customers whose engine type equals their label under `rules`, and the summed lead of the label's score. */
export function agreeing(items: readonly Labelled[], rules: Rules, ctx: OrgContext): { agree: number; lead: number } {
  let agree = 0;
  let lead = 0;
  for (const it of items) {
    const r = classifyRelationship(it.features, ctx, rules);
    if (r.type === it.label) agree++;
    const others = (Object.keys(r.scores) as TypeLabel[]).filter((t) => t !== it.label).map((t) => r.scores[t]);
    lead += r.scores[it.label] - Math.max(...others);
  }
  return { agree, lead: Math.round(lead * 1e6) / 1e6 };
}

export type Proposal = {
  labels: number;
  before: Weights;
  after: Weights;
  changed: WeightKey[];
  agreeBefore: number;
  agreeAfter: number;
};

export function proposeWeights(items: readonly Labelled[], rules: Rules, ctx: OrgContext): Proposal {
  if (items.length < REFIT_MIN_LABELS) throw new RangeError(`at least ${REFIT_MIN_LABELS} hand-set types are needed to re-fit, found ${items.length}`);
  const before = rules.relationship.weights;
  const keys = Object.keys(before) as WeightKey[];
  const current: Weights = { ...before };
  const start = agreeing(items, rules, ctx);
  let best = start;
  for (let pass = 0; pass < PASSES; pass++) {
    let moved = false;
    for (const key of keys) {
      for (const f of REFIT_FACTORS) {
        const value = Math.round(before[key] * f * 100) / 100;
        if (value === current[key]) continue;
        const trial = { ...current, [key]: value };
        const score = agreeing(items, withWeights(rules, trial), ctx);
        if (score.agree > best.agree || (score.agree === best.agree && score.lead > best.lead)) {
          best = score;
          current[key] = value;
          moved = true;
        }
      }
    }
    if (!moved) break;
  }
  // a bigger lead alone is no reason to touch an org's rules
  if (best.agree === start.agree) return { labels: items.length, before, after: { ...before }, changed: [], agreeBefore: start.agree, agreeAfter: start.agree };
  return { labels: items.length, before, after: current, changed: keys.filter((k) => current[k] !== before[k]), agreeBefore: start.agree, agreeAfter: best.agree };
}

/** The org's stored override with the new weights laid in (only the changed ones are written). */
export function overrideWith(stored: Record<string, unknown>, p: Proposal): Record<string, unknown> {
  const rel = (stored.relationship ?? {}) as Record<string, unknown>;
  const weights = { ...((rel.weights ?? {}) as Record<string, unknown>) };
  for (const k of p.changed) weights[k] = p.after[k];
  return { ...stored, relationship: { ...rel, weights } };
}
