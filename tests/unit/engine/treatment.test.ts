// "How to treat this kind" (lib/engine/treatment.ts): the advice per relationship type, funnel
// stage, lifecycle and churn risk is what the source articles say — each test quotes the seed
// sentence — and every playbook reminder carries its customer's relationship advice.
import { describe, expect, it } from 'vitest';
import { FUNNEL_STAGES, LIFECYCLES, LOYALTIES, RELATIONSHIP_TYPES } from '../../../lib/engine/labels.ts';
import { STAGE_MOVES } from '../../../lib/engine/stages.ts';
import { FUNNEL_TREATMENT, LIFECYCLE_TREATMENT, LOYALTY_TREATMENT, RELATIONSHIP_TREATMENT, treatmentOf } from '../../../lib/engine/treatment.ts';

describe('relationship types (seed 000)', () => {
  it('自主型 — "他们对您发布的泛型营销内容不感兴趣,也不想参加调查" / "如果不断地给他们打销售电话,很可能会使他们感到厌烦": concise technical info, no over-contact, no survey pushing', () => {
    const a = RELATIONSHIP_TREATMENT.autonomous.do;
    expect(a.zh).toMatch(/简洁的技术资料/);
    expect(a.zh).toMatch(/不打销售电话/);
    expect(a.zh).toMatch(/不推问卷/);
    expect(a.en).toMatch(/no survey/);
  });

  it('依赖型 — "该类型的客户需要企业大量的关注" / "有优惠和特价仍然会使他们感到高兴": regular contact, patience, a discount at the right moment', () => {
    const d = RELATIONSHIP_TREATMENT.dependent.do;
    expect(d.zh).toMatch(/定期联系/);
    expect(d.zh).toMatch(/耐心/);
    expect(d.zh).toMatch(/合适的时机.*优惠/);
  });

  it('忠诚型 — "愿意回复邮件、信息、销售电话和调查请求" / "可能会…向其他人推荐您的产品": VIP care, referral asks, surveys', () => {
    const l = RELATIONSHIP_TREATMENT.loyal.do;
    expect(l.zh).toMatch(/VIP/);
    expect(l.zh).toMatch(/转介绍/);
    expect(l.zh).toMatch(/满意度调查/);
  });

  it('each advice names the seed it rests on, with the sentence', () => {
    for (const t of RELATIONSHIP_TYPES) expect(RELATIONSHIP_TREATMENT[t].source.seed, t).toBe('000');
    expect(RELATIONSHIP_TREATMENT.autonomous.source.quote).toContain('帮助性的信息');
  });
});

describe('funnel, lifecycle and churn risk', () => {
  it('funnel stages give seed 002\'s next move — the same words as the stage reminder', () => {
    for (const s of ['potential', 'wait_and_see', 'intent', 'opportunity'] as const) expect(FUNNEL_TREATMENT[s].do).toBe(STAGE_MOVES[s]);
  });

  it('潜在流失 — seed 001 "对于潜在流失用户,公司则主动联系,了解原因并提供解决方案": call soon, ask why, offer a fix', () => {
    expect(LOYALTY_TREATMENT.at_risk.do.zh).toMatch(/主动联系.*原因.*解决方案/);
  });

  it('活跃客户 — seed 001 "针对活跃用户,公司提供定期培训和新功能推荐": recommend new features', () => {
    expect(LIFECYCLE_TREATMENT.active.do.zh).toMatch(/新功能/);
  });

  it('every value of the four dimensions has advice in both languages, and no advice is a tally ("特征得分")', () => {
    const all = [
      ...RELATIONSHIP_TYPES.map((v) => treatmentOf('relationship', v)),
      ...FUNNEL_STAGES.map((v) => treatmentOf('funnel', v)),
      ...LIFECYCLES.map((v) => treatmentOf('lifecycle', v)),
      ...LOYALTIES.map((v) => treatmentOf('loyalty', v)),
    ];
    for (const t of all) {
      expect(t?.do.zh).toBeTruthy();
      expect(t?.do.en).toBeTruthy();
      expect(t!.do.zh).not.toMatch(/得分|score/i);
    }
    expect(treatmentOf('value', 'high')).toBeNull();
    expect(treatmentOf('relationship', 'nonsense')).toBeNull();
  });
});
