// Rules: seed defaults, per-org partial overrides deep-merged, invalid input rejected by path.
import { describe, expect, it } from 'vitest';
import { classify, DEFAULT_RULES, OrgContextMismatchError, parseRules, RulesError, safeParseRules } from '../../../lib/engine/index.ts';
import { context, everyNDays, features, profileOf } from './history.ts';

describe('defaults come from the seeds', () => {
  it('loyal needs more than three orders (seed 000 "超过三条"), Pareto 20 % high (seeds 001/003)', () => {
    expect(DEFAULT_RULES.relationship.loyal_min_orders).toBe(4);
    expect(DEFAULT_RULES.value.high_share).toBe(0.2);
    expect(parseRules()).toEqual(DEFAULT_RULES);
    expect(parseRules(null)).toEqual(DEFAULT_RULES);
  });
});

describe('parseRules(partial) lays an org override over the defaults', () => {
  it('keeps every default the override does not mention, at every depth', () => {
    const r = parseRules({ relationship: { loyal_min_orders: 6, weights: { premium: 2 } }, loyalty: { weights: { silence: 0.5 } } });
    expect(r.relationship.loyal_min_orders).toBe(6);
    expect(r.relationship.weights.premium).toBe(2);
    expect(r.relationship.weights.fast_stages).toBe(DEFAULT_RULES.relationship.weights.fast_stages);
    expect(r.relationship.min_score).toBe(DEFAULT_RULES.relationship.min_score);
    expect(r.loyalty.weights.silence).toBe(0.5);
    expect(r.loyalty.weights.complaints).toBe(DEFAULT_RULES.loyalty.weights.complaints);
    expect(r.value).toEqual(DEFAULT_RULES.value);
  });

  it('an override changes the outcome: an org that wants six orders for loyalty', () => {
    const h = { orders: everyNDays(4, 60, 20), interactions: [{ daysAgo: 30 }], surveys: [{ sentDaysAgo: 50, answeredDaysAgo: 49, nps: 10 }] };
    expect(profileOf(h).relationship_type).toBe('loyal');
    expect(profileOf(h, { rules: { relationship: { loyal_min_orders: 6 } } }).relationship_type).not.toBe('loyal');
  });
});

describe('invalid rules are rejected with the path of the bad field', () => {
  const issues = (input: unknown) => {
    const r = safeParseRules(input);
    return r.ok ? [] : r.issues;
  };

  it('wrong type', () => {
    expect(issues({ relationship: { loyal_min_orders: 'four' } })).toEqual(['relationship.loyal_min_orders: expected number, received string']);
    expect(() => parseRules({ relationship: { loyal_min_orders: 'four' } })).toThrow(RulesError);
    expect(() => parseRules({ relationship: { loyal_min_orders: 'four' } })).toThrow(/relationship\.loyal_min_orders: expected number/);
  });

  it('out of range, nested', () => {
    expect(issues({ loyalty: { weights: { silence: 1.5 } } })[0]).toMatch(/^loyalty\.weights\.silence: /);
    expect(issues({ value: { high_share: 0 } })[0]).toMatch(/^value\.high_share: /);
  });

  it('a misspelt key is an error, not silently ignored', () => {
    expect(issues({ relationship: { loyal_min_order: 5 } })[0]).toMatch(/^relationship: .*loyal_min_order/);
    expect(issues({ relationshp: {} })[0]).toMatch(/relationshp/);
  });

  it('inconsistent thresholds', () => {
    expect(issues({ lifecycle: { active_factor: 4 } })).toEqual(['lifecycle.active_factor: must be below churn_factor']);
    expect(issues({ value: { high_share: 0.6, low_share: 0.5 } })).toEqual(['value.low_share: high_share + low_share must not exceed 1']);
    expect(issues({ relationship: { fast_cycle_ratio: 2 } })).toEqual(['relationship.fast_cycle_ratio: must be below slow_cycle_ratio']);
  });

  it('every bad field is reported, not just the first', () => {
    expect(issues({ relationship: { min_score: -1 }, facts: { no_contact_days: 1.5 } })).toHaveLength(2);
  });

  it('not an object at all', () => {
    expect(issues('loyal')[0]).toMatch(/expected object/);
  });
});

describe('org context must match the rules it ranks with', () => {
  it('a context cut for other value shares is refused', () => {
    const rules = parseRules({ value: { high_share: 0.1 } });
    expect(() => classify(features({}), rules, context({}, parseRules()))).toThrow(OrgContextMismatchError);
  });
});
