// Properties over random customer histories (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, classifyMany, CustomerFeaturesSchema, DIMENSIONS, parseRules, type OrgContext, type Profile } from '../../../lib/engine/index.ts';
import { context, features, type DealIn, type History, type OrderIn, type Stage } from './history.ts';

const rules = parseRules();
const days = fc.integer({ min: 0, max: 900 });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const stage = fc.constantFrom<Stage>('needs', 'demo', 'quote', 'contract', 'won', 'lost');

const order: fc.Arbitrary<OrderIn> = fc.record({
  daysAgo: days,
  amount: fc.integer({ min: 0, max: 50_000 }),
  discount: fc.boolean(),
  premium: fc.boolean(),
  kind: fc.constantFrom('product' as const, 'service' as const),
});
const deal: fc.Arbitrary<DealIn> = fc.record({
  id: fc.uuid(),
  createdDaysAgo: days,
  stage,
  premium: fc.boolean(),
  updatedDaysAgo: fc.integer({ min: -30, max: 900 }),
  changes: fc.array(fc.record({ from: fc.option(stage, { nil: null }), to: stage, daysAgo: fc.integer({ min: -30, max: 900 }) }), { maxLength: 6 }),
});
const history: fc.Arbitrary<History> = fc.record({
  id: fc.uuid(),
  kind: fc.constantFrom('b2b' as const, 'b2c' as const),
  needs: fc.constantFrom(null, 'product' as const, 'service' as const, 'both' as const),
  ageDays: days,
  orders: fc.array(order, { maxLength: 12 }),
  interactions: fc.array(
    fc.record({
      id: fc.uuid(),
      daysAgo: days,
      kind: fc.constantFrom('visit' as const, 'call' as const, 'feedback' as const, 'complaint' as const, 'suggestion' as const, 'message' as const, 'meeting' as const),
      by: fc.constantFrom('rep' as const, 'customer' as const),
      attitude: maybe(fc.constantFrom('accept' as const, 'doubt' as const)),
      cognition: maybe(fc.constantFrom('vague' as const, 'specific' as const)),
      sentiment: maybe(fc.constantFrom('positive' as const, 'neutral' as const, 'negative' as const)),
      minutes: maybe(fc.integer({ min: 0, max: 240 })),
    }),
    { maxLength: 15 },
  ),
  deals: fc.array(deal, { maxLength: 3 }),
  surveys: fc.array(
    fc
      .record({ sentDaysAgo: days, lag: maybe(fc.integer({ min: 0, max: 30 })), nps: fc.integer({ min: 0, max: 10 }), csat: fc.integer({ min: 1, max: 5 }) })
      .map(({ lag, ...s }) => ({ ...s, answeredDaysAgo: lag === undefined ? undefined : Math.max(0, s.sentDaysAgo - lag) })),
    { maxLength: 5 },
  ),
});
const ctx: fc.Arbitrary<OrgContext> = fc
  .record({
    high: maybe(fc.integer({ min: 0, max: 200_000 })),
    low: maybe(fc.integer({ min: 0, max: 200_000 })),
    median: maybe(fc.integer({ min: 1, max: 200 })),
    sample: fc.integer({ min: 0, max: 50 }),
  })
  .map((c) => context({ revenue_high_min: c.high ?? null, revenue_low_max: c.low ?? null, median_sales_cycle_days: c.median ?? null, cycle_sample: c.sample }));

const TIER = { low: 0, normal: 1, high: 2 } as const;
const tierOf = (p: Profile | undefined) => TIER[p?.value_tier ?? 'low'];

describe('engine properties', () => {
  it('every dimension of every profile has at least one reason; values stay in range', () => {
    fc.assert(
      fc.property(history, ctx, (h, c) => {
        const f = CustomerFeaturesSchema.parse(features(h)); // the helper honours the SQL contract
        const p = classify(f, rules, c);
        for (const d of DIMENSIONS) expect(p.reasons[d].length, d).toBeGreaterThan(0);
        for (const t of p.tags) expect(t.reasons.length, t.tag).toBeGreaterThan(0);
        expect(p.churn_risk).toBeGreaterThanOrEqual(0);
        expect(p.churn_risk).toBeLessThanOrEqual(1);
        expect(Number.isFinite(p.priority)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('classify is deterministic and does not touch its input', () => {
    fc.assert(
      fc.property(history, ctx, (h, c) => {
        const f = features(h);
        const frozen = structuredClone(f);
        const a = classify(f, rules, c);
        const b = classify(structuredClone(f), rules, structuredClone(c));
        expect(b).toEqual(a);
        expect(f).toEqual(frozen);
      }),
      { numRuns: 200 },
    );
  });

  it('more orders never lower the value tier (same org context)', () => {
    fc.assert(
      fc.property(history, fc.array(order, { minLength: 1, maxLength: 4 }), ctx, (h, extra, c) => {
        const before = classify(features(h), rules, c);
        const after = classify(features({ ...h, orders: [...(h.orders ?? []), ...extra] }), rules, c);
        expect(tierOf(after)).toBeGreaterThanOrEqual(tierOf(before));
      }),
      { numRuns: 300 },
    );
  });

  it('more orders never lower the value tier (context recomputed over the whole org)', () => {
    fc.assert(
      fc.property(fc.array(history, { minLength: 1, maxLength: 12 }), fc.nat(), fc.array(order, { minLength: 1, maxLength: 3 }), (org, pick, extra) => {
        const i = pick % org.length;
        const me = org[i] as History;
        const grown = org.map((h, j) => (j === i ? { ...h, orders: [...(h.orders ?? []), ...extra] } : h));
        const before = classifyMany(org.map((h) => features(h)), rules)[i];
        const after = classifyMany(grown.map((h) => features(h)), rules)[i];
        expect(after?.customer_id).toBe(me.id);
        expect(tierOf(after)).toBeGreaterThanOrEqual(tierOf(before));
      }),
      { numRuns: 200 },
    );
  });
});
