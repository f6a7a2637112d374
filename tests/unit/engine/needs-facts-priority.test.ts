// Seed 003 (客户需求, 客户类型), seed 002 (事实标签/模型标签, 跟进优先级), seed 004 (missing data).
import { describe, expect, it } from 'vitest';
import { CustomerFeaturesSchema, classify, DIMENSIONS, parseRules, renderReason } from '../../../lib/engine/index.ts';
import { context, everyNDays, features, guid, profileOf } from './history.ts';

describe('seed 003 客户需求', () => {
  it('"- 产品客户:主要购买企业产品的客户。"', () => {
    expect(profileOf({ orders: [{ daysAgo: 3 }, { daysAgo: 9 }] }).needs).toBe('product');
  });
  it('"- 服务客户:主要购买企业服务的客户。"', () => {
    expect(profileOf({ orders: [{ daysAgo: 3, kind: 'service' }] }).needs).toBe('service');
  });
  it('"- 综合需求客户:既购买产品又购买服务的客户。"', () => {
    const p = profileOf({ orders: [{ daysAgo: 3, kind: 'service' }, { daysAgo: 9 }, { daysAgo: 19 }] });
    expect(p.needs).toBe('both');
    expect(p.reasons.needs[0]?.zh).toBe('既买产品也买服务（产品 2 单，服务 1 单）');
  });
  it('an org can require a real mix before calling it both', () => {
    const h = { orders: [{ daysAgo: 3, kind: 'service' as const }, ...everyNDays(9, 10, 5)] };
    expect(profileOf(h, { rules: { needs: { both_min_share: 0.2 } } }).needs).toBe('product');
  });
  it('before any order, what the rep entered; otherwise unknown (null) — still with a reason', () => {
    expect(profileOf({ needs: 'service' }).needs).toBe('service');
    const p = profileOf({});
    expect(p.needs).toBeNull();
    expect(p.reasons.needs[0]?.rule).toBe('needs.unknown');
  });
});

describe('seed 003 "- 客户类型:企业客户(B2B)、个人客户(B2C)。"', () => {
  it('the customer type is a fact tag', () => {
    expect(profileOf({ kind: 'b2c' }).tags.find((t) => t.tag === 'b2c')?.zh).toBe('个人客户（B2C）');
    expect(profileOf({ kind: 'b2b' }).tags.find((t) => t.tag === 'b2b')?.kind).toBe('fact');
  });
});

describe('seed 002 "从类型上来看,常见的标签可分为事实标签、模型标签两种。"', () => {
  const p = profileOf({
    orders: everyNDays(4, 30, 61, { discount: true }),
    interactions: [{ daysAgo: 61 }, { daysAgo: 100, kind: 'complaint' }],
  });

  it('fact tags state what happened (下单4次, 用过优惠, 60天以上未联系 — 61天 when read)', () => {
    const facts = Object.fromEntries(p.tags.filter((t) => t.kind === 'fact').map((t) => [t.tag, t.zh]));
    // the chip names the threshold, not an elapsed count that would change every day
    expect(facts).toMatchObject({ orders: '下单4次', used_discount: '用过优惠（4/4单）', no_contact: '60天以上未联系', complaints: '投诉1次' });
    const noContact = p.tags.find((t) => t.tag === 'no_contact')!.reasons[0]!;
    expect(renderReason(noContact, 'zh', { now: p.as_of, timeZone: 'Asia/Shanghai' })).toMatch(/^61天未联系（上次 \d{4}-\d{2}-\d{2}）$/);
    expect(p.tags.find((t) => t.tag === 'orders')?.en).toBe('4 orders');
  });

  it('model tags are the engine’s judgements, one per dimension value, each with its reasons', () => {
    const model = p.tags.filter((t) => t.kind === 'model');
    expect(model.map((t) => t.tag)).toEqual(
      expect.arrayContaining([`relationship:${p.relationship_type}`, `funnel:${p.funnel_stage}`, `value:${p.value_tier}`, `lifecycle:${p.lifecycle}`, `loyalty:${p.loyalty}`]),
    );
    for (const t of p.tags) {
      expect(t.reasons.length).toBeGreaterThan(0);
      expect(t.tag.length).toBeLessThanOrEqual(60); // customer_tags.tag check constraint
    }
  });

  it('a never-contacted customer says so', () => {
    expect(profileOf({}).tags.map((t) => t.tag)).toContain('never_contacted');
  });
});

describe('seed 002 "给客户打标签,同时也是在为潜在客户打分,确定潜在客户跟进的优先级。"', () => {
  const atRisk = { orders: everyNDays(6, 30, 10, { amount: 3000 }), interactions: [{ daysAgo: 5, kind: 'complaint' as const }, { daysAgo: 3, kind: 'complaint' as const }] };
  const healthy = { orders: everyNDays(6, 30, 10, { amount: 3000 }), interactions: [{ daysAgo: 5 }] };
  const small = { ...atRisk, orders: everyNDays(6, 30, 10, { amount: 100 }) };

  it('at-risk high-value customers come first: above healthy ones of the same value and at-risk ones of lower value', () => {
    const [a, b, c] = [profileOf(atRisk), profileOf(small), profileOf(healthy)];
    expect([a.value_tier, a.loyalty]).toEqual(['high', 'at_risk']);
    expect([b.value_tier, b.loyalty]).toEqual(['low', 'at_risk']);
    expect([c.value_tier, c.loyalty]).toEqual(['high', 'loyal']);
    expect(a.priority).toBeGreaterThan(c.priority);
    expect(a.priority).toBeGreaterThan(b.priority);
    // and risk still counts among the small ones
    expect(b.priority).toBeGreaterThan(profileOf({ ...healthy, orders: small.orders }).priority);
  });

  it('seed 001 "而对于潜在流失用户,公司则主动联系" → an at-risk customer outranks an already churned one of the same value', () => {
    const churned = { ...atRisk, orders: everyNDays(6, 30, 300, { amount: 3000 }) };
    expect(profileOf(atRisk).priority).toBeGreaterThan(profileOf(churned).priority);
  });

  it('among prospects, the closer to buying (商机 > 意向 > 观望 > 潜在) the sooner', () => {
    const stage = (attitude: 'accept' | 'doubt', cognition: 'vague' | 'specific') =>
      profileOf({ interactions: [{ daysAgo: 2, attitude, cognition, id: guid() }] }).priority;
    const order = [stage('accept', 'specific'), stage('doubt', 'specific'), stage('accept', 'vague'), stage('doubt', 'vague')];
    expect([...order].sort((x, y) => y - x)).toEqual(order);
    expect(new Set(order).size).toBe(4);
  });

  it('the priority reason lists what it is made of', () => {
    const p = profileOf(atRisk);
    expect(p.reasons.priority[0]?.rule).toBe('priority.total');
    expect(p.reasons.priority.map((r) => r.rule)).toEqual(expect.arrayContaining(['priority.value', 'priority.churn_risk']));
  });
});

describe('seed 004 "数据清洗包括去除重复数据、修正错误信息、填补缺失数据等。"', () => {
  it('a customer with nothing recorded yet still gets a full profile, every dimension explained', () => {
    const bare = CustomerFeaturesSchema.parse(features({ ageDays: 0 }));
    const p = classify(bare, parseRules(), context());
    expect(p).toMatchObject({ relationship_type: 'undetermined', funnel_stage: 'potential', value_tier: 'low', lifecycle: 'potential', loyalty: 'none' });
    for (const d of DIMENSIONS) expect(p.reasons[d].length).toBeGreaterThan(0);
  });

  it('features that break the contract are rejected, naming the field', () => {
    const bad = { ...features({}), order_count: '4' };
    const r = CustomerFeaturesSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['order_count']);
    expect(CustomerFeaturesSchema.safeParse({ ...features({}), surprise: 1 }).success).toBe(false);
  });
});
