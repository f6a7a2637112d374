// Re-fitting an org's relationship weights from its hand-set types (scripts/eval/refit.ts) on
// hand-made customers: it finds bounded changes that make more of the labels agree, never moves
// a weight beyond 0.5–2× its value, leaves agreeing labels alone and refuses too few labels.
import { describe, expect, it } from 'vitest';
import { parseRules } from '../../../lib/engine/index.ts';
import { agreeing, overrideWith, proposeWeights, REFIT_MIN_LABELS, type Labelled } from '../../../scripts/eval/refit.ts';
import { context, everyNDays, features, type History } from '../engine/history.ts';

const rules = parseRules({});
const ctx = context({}, rules);
const labelled = (h: History, label: Labelled['label'], n: number): Labelled[] =>
  Array.from({ length: n }, (_, i) => ({ features: features({ ...h, id: `00000000-0000-4000-8000-${String(i + 1 + (label === 'loyal' ? 100 : 0)).padStart(12, '0')}` }), label }));

// A manager's loyal customer the engine calls 自主型: four premium orders, one touch before the
// first, hardly any own contact since — seed 000 三、1 (超过三条) against 一、2/3/4.
const loyalLookingAutonomous: History = { orders: everyNDays(4, 60, 10, { premium: true }), interactions: [{ daysAgo: 250 }] };
// A plain 自主型 the engine gets right: one premium order after a fast deal, few touches.
const autonomous: History = {
  orders: [{ daysAgo: 40, premium: true }],
  interactions: [{ daysAgo: 60 }],
  deals: [{ createdDaysAgo: 55, stage: 'won', changes: [{ from: null, to: 'needs', daysAgo: 55 }, { from: 'needs', to: 'contract', daysAgo: 50 }, { from: 'contract', to: 'won', daysAgo: 49 }] }],
};

describe('proposeWeights', () => {
  it('learns from corrections: more labelled customers agree after, and every weight stays within 0.5–2× its value', () => {
    const items = [...labelled(loyalLookingAutonomous, 'loyal', 12), ...labelled(autonomous, 'autonomous', 12)];
    const p = proposeWeights(items, rules, ctx);
    expect(p.agreeBefore).toBe(12); // the autonomous ones
    expect(p.agreeAfter).toBe(24);
    expect(p.changed.length).toBeGreaterThan(0);
    for (const k of Object.keys(p.before) as (keyof typeof p.before)[]) {
      expect(p.after[k], k).toBeGreaterThanOrEqual(p.before[k] * 0.5);
      expect(p.after[k], k).toBeLessThanOrEqual(p.before[k] * 2);
    }
    // the figure it reports is what the engine gives with those weights
    const after = parseRules(overrideWith({}, p));
    expect(agreeing(items, after, ctx).agree).toBe(24);
  });

  it('labels the engine already agrees with change nothing', () => {
    const p = proposeWeights(labelled(autonomous, 'autonomous', 12), rules, ctx);
    expect(p).toMatchObject({ changed: [], agreeBefore: 12, agreeAfter: 12 });
    expect(p.after).toEqual(p.before);
  });

  it(`refuses to learn from fewer than ${REFIT_MIN_LABELS} labels`, () => {
    expect(() => proposeWeights(labelled(autonomous, 'autonomous', REFIT_MIN_LABELS - 1), rules, ctx)).toThrow(RangeError);
  });

  it('writes only the changed weights into the stored override and keeps the rest of it', () => {
    const stored = { value: { high_share: 0.1 }, relationship: { min_score: 3, weights: { premium: 0.8 } } };
    const p = { labels: 10, before: rules.relationship.weights, after: { ...rules.relationship.weights, loyal_orders: 2 }, changed: ['loyal_orders' as const], agreeBefore: 1, agreeAfter: 2 };
    expect(overrideWith(stored, p)).toEqual({ value: { high_share: 0.1 }, relationship: { min_score: 3, weights: { premium: 0.8, loyal_orders: 2 } } });
  });
});
