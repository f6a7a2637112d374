// Seeds 001/002/004: loyalty (忠诚客户 / 潜在流失客户 / 流失客户) and the churn signals behind it.
import { describe, expect, it } from 'vitest';
import { everyNDays, profileOf, rulesOf } from './history.ts';

// a steady monthly buyer, in touch last week: nothing to worry about
const steady = { orders: everyNDays(8, 30, 10, { amount: 1000 }), interactions: [{ daysAgo: 7 }, { daysAgo: 40 }] };

describe('seed 001 "忠诚度标准:根据客户的忠诚度,将客户分为忠诚客户、潜在流失客户和流失客户。"', () => {
  it('a steady buyer with no warning signs is loyal, at zero risk', () => {
    const p = profileOf(steady);
    expect(p.loyalty).toBe('loyal');
    expect(p.churn_risk).toBe(0);
    expect(p.reasons.loyalty[0]?.zh).toBe('流失风险 0%（低于 30%）');
  });

  it('warning signs make them 潜在流失 (at risk)', () => {
    const p = profileOf({ ...steady, interactions: [...steady.interactions, { daysAgo: 20, kind: 'complaint' }, { daysAgo: 5, kind: 'complaint' }] });
    expect(p.loyalty).toBe('at_risk');
    expect(p.tags.find((t) => t.tag === 'loyalty:at_risk')?.zh).toBe('潜在流失');
  });

  it('one who stopped buying is 流失 (churned), with churn risk 1', () => {
    const p = profileOf({ orders: everyNDays(8, 30, 200), interactions: steady.interactions });
    expect(p.loyalty).toBe('churned');
    expect(p.churn_risk).toBe(1);
  });

  it('a prospect has no loyalty yet', () => {
    expect(profileOf({ interactions: [{ daysAgo: 1 }] }).loyalty).toBe('none');
  });
});

describe('seed 002 "3、追踪变动趋势——例如,掌握每一个客户这不同时间下单的总金额、次数,及最近一段时间是否下单等情况。找出重要客户的意向波动,以避免客户流失。"', () => {
  it('总金额: order amounts falling to ≤ 70 % of earlier ones is a churn signal', () => {
    const orders = everyNDays(6, 30, 10).map((o, i) => ({ ...o, amount: i < 3 ? 1000 : 500 }));
    const p = profileOf({ ...steady, orders });
    expect(rulesOf(p, 'loyalty')).toContain('loyalty.amount_drop');
    expect(p.loyalty).toBe('at_risk');
    expect(p.reasons.loyalty.find((r) => r.rule === 'loyalty.amount_drop')?.zh).toBe('近期单均 ¥500，降至早期 ¥1,000 的 50%（风险 +35%）');
  });

  it('次数: orders coming further apart (later gaps ≥ 1.5 × earlier ones) is a churn signal', () => {
    const orders = [{ daysAgo: 250 }, { daysAgo: 230 }, { daysAgo: 210 }, { daysAgo: 190 }, { daysAgo: 120 }, { daysAgo: 50 }];
    const p = profileOf({ ...steady, orders });
    expect(rulesOf(p, 'loyalty')).toContain('loyalty.frequency_drop');
    expect(p.loyalty).toBe('at_risk');
  });

  it('最近一段时间是否下单: silence beyond their usual gap raises the risk, the longer the more', () => {
    const base = { interactions: steady.interactions };
    const onTime = profileOf({ ...base, orders: everyNDays(8, 30, 25) });
    const late = profileOf({ ...base, orders: everyNDays(8, 30, 45) });
    const later = profileOf({ ...base, orders: everyNDays(8, 30, 75) });
    expect(onTime.churn_risk).toBe(0);
    expect(late.churn_risk).toBeGreaterThan(0);
    expect(later.churn_risk).toBeGreaterThan(late.churn_risk);
    expect(later.loyalty).toBe('at_risk');
  });
});

describe('seed 004 客户反馈', () => {
  it('"客户投诉是了解客户需求和问题的重要渠道。" → recent complaints raise churn risk', () => {
    const one = profileOf({ ...steady, interactions: [...steady.interactions, { daysAgo: 20, kind: 'complaint' }] });
    const two = profileOf({ ...steady, interactions: [...steady.interactions, { daysAgo: 20, kind: 'complaint' }, { daysAgo: 10, kind: 'complaint' }] });
    expect(one.churn_risk).toBeGreaterThan(0);
    expect(two.churn_risk).toBeGreaterThan(one.churn_risk);
    // complaints older than 90 days no longer count
    const old = profileOf({ ...steady, interactions: [...steady.interactions, { daysAgo: 120, kind: 'complaint' }, { daysAgo: 100, kind: 'complaint' }] });
    expect(old.churn_risk).toBe(0);
  });

  it('"通过客户满意度调查,企业可以了解客户对产品和服务的评价" → a detractor NPS (≤ 6) puts them at risk', () => {
    const p = profileOf({ ...steady, surveys: [{ sentDaysAgo: 20, answeredDaysAgo: 19, nps: 4, csat: 3 }] });
    expect(p.loyalty).toBe('at_risk');
    expect(p.reasons.loyalty.find((r) => r.rule === 'loyalty.low_survey')?.en).toBe('low satisfaction (last recommend score 4/10, average CSAT 3/5) (risk +35%)');
  });

  it('"你可以通过分析客户的购买行为、对比历史数据、与客户进行交流等方式来判断客户是否有流失的迹象" → no contact for 90 days is a sign', () => {
    const p = profileOf({ orders: steady.orders, interactions: [{ daysAgo: 120 }] });
    expect(rulesOf(p, 'loyalty')).toContain('loyalty.no_contact');
  });

  it('signs combine as a noisy-OR: several together outweigh any one, and the risk stays within [0, 1]', () => {
    const p = profileOf({
      orders: everyNDays(6, 30, 70).map((o, i) => ({ ...o, amount: i < 3 ? 1000 : 300 })),
      interactions: [
        { daysAgo: 100, kind: 'complaint', sentiment: 'negative' },
        { daysAgo: 80, kind: 'complaint', sentiment: 'negative' },
        { daysAgo: 70, kind: 'complaint', sentiment: 'negative' },
      ],
      surveys: [{ sentDaysAgo: 75, answeredDaysAgo: 74, nps: 2, csat: 1 }],
    });
    expect(p.loyalty).toBe('at_risk');
    expect(p.churn_risk).toBeGreaterThan(0.8);
    expect(p.churn_risk).toBeLessThanOrEqual(1);
    expect(rulesOf(p, 'loyalty')).toEqual(
      expect.arrayContaining(['loyalty.silence', 'loyalty.amount_drop', 'loyalty.complaints', 'loyalty.low_survey', 'loyalty.negative_sentiment']),
    );
  });
});
