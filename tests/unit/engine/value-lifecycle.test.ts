// Seeds 001/003: value tier by revenue rank (Pareto) and lifecycle against the customer's own rhythm.
import { describe, expect, it } from 'vitest';
import { classifyMany, orgContextFromFeatures, parseRules, renderReason } from '../../../lib/engine/index.ts';
import { everyNDays, features, profileOf, rulesOf } from './history.ts';

const rules = parseRules();

describe('seed 001 "价值标准:根据客户的购买金额、利润贡献等指标,将客户分为高价值客户、中价值客户和低价值客户。"', () => {
  it('Pareto by default: of ten paying customers the top two (20 %) are high value, the bottom three (30 %) low', () => {
    const org = Array.from({ length: 10 }, (_, i) => features({ orders: [{ daysAgo: 10, amount: (i + 1) * 1000 }] }));
    const tiers = classifyMany(org, rules).map((p) => p.value_tier);
    expect(tiers).toEqual(['low', 'low', 'low', 'normal', 'normal', 'normal', 'normal', 'normal', 'high', 'high']);
  });

  it('the high reason gives the revenue, the cut-off and the share', () => {
    const org = Array.from({ length: 10 }, (_, i) => features({ orders: [{ daysAgo: 10, amount: (i + 1) * 1000 }] }));
    const top = classifyMany(org, rules)[9];
    expect(top?.reasons.value[0]?.zh).toBe('累计成交 ¥10,000，位于前 20%（≥¥9,000，共 10 个成交客户）');
  });

  it('equal revenue, equal tier: ties at the cut-off are not split arbitrarily', () => {
    const org = Array.from({ length: 5 }, () => features({ orders: [{ daysAgo: 10, amount: 500 }] }));
    expect(new Set(classifyMany(org, rules).map((p) => p.value_tier))).toEqual(new Set(['high']));
  });

  it('the shares are the org’s to tune', () => {
    const org = Array.from({ length: 10 }, (_, i) => features({ orders: [{ daysAgo: 10, amount: (i + 1) * 1000 }] }));
    const r = parseRules({ value: { high_share: 0.5, low_share: 0.1 } });
    expect(classifyMany(org, r).map((p) => p.value_tier)).toEqual(['low', ...Array(4).fill('normal'), ...Array(5).fill('high')]);
  });

  it('no revenue is low value', () => {
    expect(profileOf({}).value_tier).toBe('low');
    expect(rulesOf(profileOf({}), 'value')).toEqual(['value.no_revenue']);
  });
});

describe('seed 003 客户价值', () => {
  it('"例如,某个客户的购买频率和金额显著增加,可以将其从普通客户调整为高价值客户。"', () => {
    const others = Array.from({ length: 9 }, (_, i) => features({ orders: [{ daysAgo: 100, amount: (i + 1) * 1000 }] }));
    const before = features({ id: '00000000-0000-4000-8000-00000000c001', orders: [{ daysAgo: 100, amount: 5500 }] });
    const after = features({
      id: '00000000-0000-4000-8000-00000000c001',
      orders: [{ daysAgo: 100, amount: 5500 }, ...everyNDays(4, 10, 5, { amount: 3000 })],
    });
    const tierOf = (all: typeof others) => classifyMany(all, rules).find((p) => p.customer_id === before.customer_id)?.value_tier;
    expect(tierOf([...others, before])).toBe('normal');
    expect(tierOf([...others, after])).toBe('high');
  });

  it('"- 高价值客户:对企业贡献较大的客户,通常是长期合作、购买量大的客户。" — ranking one customer against the org context', () => {
    expect(profileOf({ orders: everyNDays(6, 60, 10, { amount: 2000 }) }).value_tier).toBe('high');
    expect(profileOf({ orders: [{ daysAgo: 10, amount: 5000 }] }).value_tier).toBe('normal');
    expect(profileOf({ orders: [{ daysAgo: 10, amount: 800 }] }).value_tier).toBe('low');
  });

  it('the whole-org context and one computed elsewhere agree when built from the same features', () => {
    const org = Array.from({ length: 7 }, (_, i) => features({ orders: [{ daysAgo: 10, amount: (i + 1) * 700 }] }));
    const ctx = orgContextFromFeatures(org, rules);
    expect(ctx).toMatchObject({ paying_customers: 7, revenue_high_min: 4200, revenue_low_max: 2100 });
  });
});

describe('seed 003 客户状态 — against the customer’s own purchase rhythm', () => {
  it('"- 潜在客户:有可能成为客户,但尚未进行交易的客户。"', () => {
    const p = profileOf({ interactions: [{ daysAgo: 3 }] });
    expect(p.lifecycle).toBe('potential');
    expect(p.reasons.lifecycle[0]?.zh).toBe('尚未成交');
  });

  it('"- 活跃客户:正在进行交易的客户,购买频率较高。"', () => {
    const p = profileOf({ orders: everyNDays(6, 14, 10) });
    expect(p.lifecycle).toBe('active');
    // stored: the last order's date (a fact); read: the days since, counted when shown
    expect(p.reasons.lifecycle[0]?.zh).toBe(`上次下单 ${p.reasons.lifecycle[0]?.params.date}，未超过 21 天（其通常下单间隔 14 天）`);
    expect(renderReason(p.reasons.lifecycle[0]!, 'zh', { now: p.as_of, timeZone: 'Asia/Shanghai' }))
      .toBe('距上次下单 10 天，未超过 21 天（其通常下单间隔 14 天）');
  });

  it('"- 不活跃客户:曾经进行过交易,但近期购买频率较低的客户。"', () => {
    expect(profileOf({ orders: everyNDays(6, 14, 30) }).lifecycle).toBe('inactive');
  });

  it('"- 流失客户:曾经是客户,但已经停止购买的客户。"', () => {
    const p = profileOf({ orders: everyNDays(6, 14, 60) });
    expect(p.lifecycle).toBe('churned');
    expect(p.loyalty).toBe('churned');
  });

  it('the same 40 days of silence: churned for a weekly buyer, active for a quarterly one', () => {
    expect(profileOf({ orders: everyNDays(8, 7, 40) }).lifecycle).toBe('churned');
    expect(profileOf({ orders: everyNDays(4, 90, 40) }).lifecycle).toBe('active');
    expect(profileOf({ orders: everyNDays(4, 90, 100) }).lifecycle).toBe('active');
  });

  it('too few orders for a rhythm: the default gap (60 days → active ≤ 90, inactive ≤ 180, churned beyond)', () => {
    expect(profileOf({ orders: [{ daysAgo: 80 }] }).lifecycle).toBe('active');
    expect(profileOf({ orders: [{ daysAgo: 120 }, { daysAgo: 100 }] }).lifecycle).toBe('inactive');
    const gone = profileOf({ orders: [{ daysAgo: 200 }] });
    expect(gone.lifecycle).toBe('churned');
    expect(gone.reasons.lifecycle[0]?.rule).toBe('lifecycle.churned_default');
  });

  it('a daily buyer is not inactive after two quiet days (the rhythm is floored at a week)', () => {
    expect(profileOf({ orders: everyNDays(20, 1, 2) }).lifecycle).toBe('active');
  });
});
