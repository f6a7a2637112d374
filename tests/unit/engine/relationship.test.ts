// Seed 000 (客户关系类型): one test per trait the seed lists, named by the seed's own sentence.
import { describe, expect, it } from 'vitest';
import { everyNDays, profileOf, rulesOf, type DealIn } from './history.ts';

// needs → demo → quote → contract → won, `days` from start to contract
const straightDeal = (days: number, startAgo = 200, premium = false): DealIn => ({
  createdDaysAgo: startAgo,
  stage: 'won',
  premium,
  changes: [
    { from: null, to: 'needs', daysAgo: startAgo },
    { from: 'needs', to: 'demo', daysAgo: startAgo - Math.floor(days / 3) },
    { from: 'demo', to: 'quote', daysAgo: startAgo - Math.floor((2 * days) / 3) },
    { from: 'quote', to: 'contract', daysAgo: startAgo - days },
    { from: 'contract', to: 'won', daysAgo: startAgo - days - 1 },
  ],
});
// some ordinary rep-initiated contact so "few touches"/"rarely contacts" don't fire by absence
const busyRep = Array.from({ length: 6 }, (_, i) => ({ daysAgo: 250 - i * 40, kind: 'call' as const }));

describe('seed 000 一、自主型客户关系 (autonomous)', () => {
  it('"1、在销售过程中的各个阶段快速移动,比如快速通过产品演示、需求分析、报价、合同审批等过程。" → autonomous', () => {
    // 9 days against an org median of 30: at most 0.7 × 30 counts as fast
    const p = profileOf({ deals: [straightDeal(9)], interactions: busyRep });
    expect(p.relationship_type).toBe('autonomous');
    const r = p.reasons.relationship.find((x) => x.rule === 'relationship.fast_stages');
    expect(r?.params).toMatchObject({ days: 9, reference: 30, source: 'org' });
    expect(r?.zh).toBe('从需求到合同用时 9 天，快于全公司中位数 30 天');
  });

  it('fast is relative to the org: 25 days is not fast where the median is 30, but is where it is 40', () => {
    expect(profileOf({ deals: [straightDeal(25)], interactions: busyRep }).relationship_type).toBe('undetermined');
    expect(profileOf({ deals: [straightDeal(25)], interactions: busyRep }, { ctx: { median_sales_cycle_days: 40 } }).relationship_type).toBe(
      'autonomous',
    );
  });

  it('"2、他们与您在整个销售过程中的接触次数很少。" → few touches before the first order is an autonomous trait', () => {
    const few = profileOf({ orders: [{ daysAgo: 30 }], interactions: [{ daysAgo: 40 }, { daysAgo: 35 }] });
    expect(rulesOf(few, 'relationship')).toContain('relationship.few_touches');
    const many = profileOf({ orders: [{ daysAgo: 30 }], interactions: Array.from({ length: 5 }, (_, i) => ({ daysAgo: 40 + i })) });
    expect(rulesOf(many, 'relationship')).not.toContain('relationship.few_touches');
  });

  it('"3、不介意为某个他们需要的特定功能支付溢价。" → a won premium deal is an autonomous trait', () => {
    const p = profileOf({ orders: [{ daysAgo: 30 }], deals: [{ ...straightDeal(20, 60, true) }], interactions: busyRep });
    expect(rulesOf(p, 'relationship')).toContain('relationship.premium');
  });

  it('"4、在购买产品后很少主动联系您,除非他们出现问题。" → complaints do not count against "rarely contacts"', () => {
    const h = {
      orders: [{ daysAgo: 300 }],
      interactions: [
        { daysAgo: 200, kind: 'complaint' as const, by: 'customer' as const },
        { daysAgo: 150, kind: 'complaint' as const, by: 'customer' as const },
        { daysAgo: 100, kind: 'complaint' as const, by: 'customer' as const },
      ],
    };
    const p = profileOf(h);
    expect(rulesOf(p, 'relationship')).toContain('relationship.rarely_contacts_after');
    // few touches before buying + rarely reaching out after: two autonomous traits
    expect(p.relationship_type).toBe('autonomous');
    // the same customer calling every month to chat is not autonomous
    const chatty = profileOf({
      orders: h.orders,
      interactions: Array.from({ length: 9 }, (_, i) => ({ daysAgo: 280 - i * 30, kind: 'call' as const, by: 'customer' as const })),
    });
    expect(rulesOf(chatty, 'relationship')).not.toContain('relationship.rarely_contacts_after');
  });

  it('"5、不太响应您的调查请求和电话互动。" → ignoring surveys, with a premium purchase, is autonomous', () => {
    const p = profileOf({
      orders: [{ daysAgo: 100, premium: true }],
      interactions: busyRep.map((i) => ({ ...i, daysAgo: i.daysAgo - 200 })),
      surveys: [{ sentDaysAgo: 90 }, { sentDaysAgo: 60 }, { sentDaysAgo: 30 }],
    });
    expect(rulesOf(p, 'relationship')).toEqual(expect.arrayContaining(['relationship.ignores_surveys', 'relationship.premium']));
    expect(p.relationship_type).toBe('autonomous');
    expect(p.reasons.relationship.find((r) => r.rule === 'relationship.ignores_surveys')?.zh).toBe('问卷仅答复 0/3');
  });
});

describe('seed 000 二、依赖型客户关系 (dependent)', () => {
  const seed1 = '"1、在曾经的销售过程中,每个阶段的进展都很缓慢,或者重复进展——比如从报价阶段再次回到需求分析阶段。"';

  it(`${seed1} → going back from quote to needs analysis makes them dependent`, () => {
    const p = profileOf({
      interactions: busyRep,
      deals: [
        {
          id: '00000000-0000-4000-8000-0000000000d1',
          createdDaysAgo: 100,
          stage: 'quote',
          changes: [
            { from: null, to: 'needs', daysAgo: 100 },
            { from: 'needs', to: 'quote', daysAgo: 80 },
            { from: 'quote', to: 'needs', daysAgo: 70 },
            { from: 'needs', to: 'quote', daysAgo: 50 },
          ],
        },
      ],
    });
    expect(p.relationship_type).toBe('dependent');
    const r = p.reasons.relationship.find((x) => x.rule === 'relationship.stage_regression');
    expect(r?.params).toMatchObject({ count: 1, from: 'quote', to: 'needs' });
    expect(r?.zh).toBe('销售阶段退回 1 次（最近：报价→需求分析，2026-04-21）');
  });

  it(`${seed1} → slow through the stages (≥1.5 × the org median) makes them dependent`, () => {
    const p = profileOf({ deals: [straightDeal(60)], interactions: busyRep });
    expect(p.relationship_type).toBe('dependent');
    expect(rulesOf(p, 'relationship')).toContain('relationship.slow_stages');
  });

  it('"2、售中售后与您频繁、深入的联系。" + "3、他们不会很在意您的报价,但是有优惠和特价仍然会使他们感到高兴。" → dependent', () => {
    const p = profileOf({
      orders: [{ daysAgo: 50, discount: true }, { daysAgo: 20, discount: true }, { daysAgo: 5 }],
      interactions: Array.from({ length: 8 }, (_, i) => ({ daysAgo: 58 - i * 7, kind: 'call' as const, minutes: 45 })),
    });
    expect(rulesOf(p, 'relationship')).toEqual(expect.arrayContaining(['relationship.frequent_contact', 'relationship.likes_discounts']));
    expect(p.relationship_type).toBe('dependent');
  });

  it('"4、他们愿意与您保持频繁的互动,无论是线下的,还是线上的。" → offline and online, often started by the customer', () => {
    const p = profileOf({
      interactions: [
        { daysAgo: 60, kind: 'visit' },
        { daysAgo: 45, kind: 'message', by: 'customer' },
        { daysAgo: 30, kind: 'meeting' },
        { daysAgo: 15, kind: 'call', by: 'customer' },
      ],
    });
    const r = p.reasons.relationship.find((x) => x.rule === 'relationship.online_offline');
    expect(r?.params).toEqual({ offline: 2, online: 2, initiated_pct: 50 });
  });
});

describe('seed 000 三、忠诚型客户关系 (loyal)', () => {
  const positiveSurveys = [
    { sentDaysAgo: 300, answeredDaysAgo: 299, nps: 9 },
    { sentDaysAgo: 200, answeredDaysAgo: 199, nps: 9 },
    { sentDaysAgo: 100, answeredDaysAgo: 99, nps: 9 },
    { sentDaysAgo: 30 }, // expired unanswered (a link sent 10 days ago would still be open: not counted)
  ];

  it('"1、他们在CRM的订单列表中有超过三条的购买记录。" + "2、这些客户会响应您的调查,并给出肯定的答案。" → loyal', () => {
    const p = profileOf({ orders: everyNDays(4, 60, 20), interactions: busyRep, surveys: positiveSurveys });
    expect(p.relationship_type).toBe('loyal');
    expect(p.reasons.relationship.map((r) => r.zh)).toContain('已下单 4 次（≥4）');
    expect(p.reasons.relationship.map((r) => r.en)).toContain('3 of 4 surveys answered, average recommend score 9/10');
  });

  it('"超过三条": three orders are not more than three — not loyal, however kind the surveys', () => {
    const p = profileOf({ orders: everyNDays(3, 60, 20), interactions: busyRep, surveys: positiveSurveys });
    expect(p.relationship_type).not.toBe('loyal');
    expect(rulesOf(p, 'relationship')).not.toContain('relationship.loyal_orders');
  });

  it('"3、出现服务问题时表现得很耐心。" → complaints without negative sentiment, with > 3 orders, are loyal', () => {
    const p = profileOf({
      orders: everyNDays(5, 40, 10),
      interactions: [...busyRep, { daysAgo: 70, kind: 'complaint', sentiment: 'neutral', by: 'customer' }],
    });
    expect(p.relationship_type).toBe('loyal');
    expect(rulesOf(p, 'relationship')).toContain('relationship.patient');
    const angry = profileOf({
      orders: everyNDays(5, 40, 10),
      interactions: [...busyRep, { daysAgo: 70, kind: 'complaint', sentiment: 'negative', by: 'customer' }],
    });
    expect(rulesOf(angry, 'relationship')).not.toContain('relationship.patient');
  });

  it('surveys answered kindly without more than three orders are not loyalty (the order record is required)', () => {
    const p = profileOf({ orders: [{ daysAgo: 20 }], interactions: busyRep, surveys: positiveSurveys });
    expect(p.relationship_type).not.toBe('loyal');
  });
});

describe('seed 000 结论', () => {
  it('"通过以上特点的交叉组合,可以将客户关系细分为多个子类别" → a primary and a secondary type', () => {
    const p = profileOf({
      orders: everyNDays(4, 60, 20),
      interactions: busyRep,
      surveys: [{ sentDaysAgo: 100, answeredDaysAgo: 99, nps: 10 }],
      deals: [straightDeal(60, 400)],
    });
    // loyal (orders + surveys = 2) ties dependent (slow stages = 2): loyal leads, dependent follows
    expect(p.relationship_type).toBe('loyal');
    expect(p.relationship_secondary).toBe('dependent');
    expect(p.tags.map((t) => t.tag)).toEqual(expect.arrayContaining(['relationship:loyal', 'relationship:dependent']));
  });

  it('"但重点不是对每个客户进行精确的分类" → with too little evidence the type stays undetermined, with scores shown', () => {
    const p = profileOf({ interactions: [{ daysAgo: 3 }] });
    expect(p.relationship_type).toBe('undetermined');
    expect(p.reasons.relationship[0]?.rule).toBe('relationship.undetermined');
    expect(p.reasons.relationship[0]?.zh).toBe('特征不足以判断（自主型 0、依赖型 0、忠诚型 0，需 ≥2）');
  });
});
