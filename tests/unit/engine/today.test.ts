// 今日 ranking (lib/engine/today.ts): what comes first, the cap, the digest, one item per customer.
import { describe, expect, it } from 'vitest';
import { classify, planToday, todayLimit, type DueReminder } from '../../../lib/engine/today.ts';

let n = 0;
const r = (customer: string, kind: string, extra: Partial<DueReminder> = {}): DueReminder => ({
  id: `r${++n}`,
  customer_id: customer,
  kind,
  days_late: 0,
  value_tier: 'normal',
  priority: 10,
  ...extra,
});

describe('planToday', () => {
  it('puts detractors, overdue promises, at-risk high-value customers and funnel moves first, in that order', () => {
    const plan = planToday([
      r('stage', 'stage_next', { priority: 90 }),
      r('risk-high', 'retention', { value_tier: 'high' }),
      r('promise', 'follow_up', { days_late: 2 }),
      r('detractor', 'detractor'),
      r('risk-low', 'retention', { value_tier: 'low', priority: 99 }),
    ]);
    expect(plan.top.map((e) => [e.customer_id, e.class])).toEqual([
      ['detractor', 'detractor'],
      ['promise', 'promise'],
      ['risk-high', 'at_risk'],
      ['stage', 'funnel'],
      ['risk-low', 'retention'],
    ]);
  });

  it('folds routine care / touch / survey into the digest, never into 今日 (what was tried: 23 routine, 0 urgent)', () => {
    const routine = Array.from({ length: 23 }, (_, i) => r(`c${i % 9}`, ['care', 'touch', 'survey'][i % 3]!));
    const plan = planToday(routine);
    expect(plan.top).toEqual([]);
    expect(plan.digestCount).toBe(23);
    expect(plan.digestRoutine).toBe(23);
    expect(plan.digest).toHaveLength(9); // grouped by customer
  });

  it('caps 今日 at the limit; the overflow goes to the digest, not lost (what was tried: 40 urgent customers, limit 12)', () => {
    const many = Array.from({ length: 40 }, (_, i) => r(`p${i}`, 'stage_next', { priority: i }));
    const plan = planToday(many, 12);
    expect(plan.top).toHaveLength(12);
    expect(plan.top[0]!.customer_id).toBe('p39'); // highest priority first
    expect(plan.digestCount).toBe(28);
    expect(plan.digestRoutine).toBe(0);
  });

  it('gives one customer one item, its reasons merged, the most urgent reason leading', () => {
    const plan = planToday([r('a', 'touch'), r('a', 'care'), r('a', 'follow_up', { days_late: 4 }), r('b', 'care')]);
    expect(plan.top).toHaveLength(1);
    expect(plan.top[0]!.customer_id).toBe('a');
    expect(plan.top[0]!.items.map((i) => i.kind)).toEqual(['follow_up', 'touch', 'care']);
    expect(plan.digest.map((e) => e.customer_id)).toEqual(['b']);
    expect(new Set(plan.top.map((e) => e.customer_id)).size).toBe(plan.top.length);
  });

  it('a promise due today is a funnel-class item; once late it is a promise', () => {
    expect(classify(r('x', 'follow_up', { days_late: 0 }))).toBe('funnel');
    expect(classify(r('x', 'follow_up', { days_late: 1 }))).toBe('promise');
  });
});

describe('todayLimit (orgs.settings.today_limit)', () => {
  it('takes 1–30, anything else is the default 12 (what was tried: 0, 31, "12", 2.5, null)', () => {
    expect(todayLimit({ today_limit: 8 })).toBe(8);
    for (const bad of [0, 31, '12', 2.5, null]) expect(todayLimit({ today_limit: bad })).toBe(12);
    expect(todayLimit(null)).toBe(12);
  });
});
