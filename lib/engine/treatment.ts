// How to treat each kind of customer (issue 14): one table, per relationship type, funnel stage,
// lifecycle and churn-risk (loyalty) value — what to do, in plain words a rep acts on, and the
// seed sentence it comes from. The tag sheets open with it (components/customers/dimension-sheet-body.tsx)
// and every playbook reminder carries the relationship type's `do` as its one-line advice
// (lib/engine/playbook.ts), so the sheet and the reminder never say different things.
// docs/engine.md lists the table; tests/unit/engine/treatment.test.ts holds it to the seeds.
import type { FunnelStage, Lifecycle, Loyalty, RelationshipType } from './labels.ts';
import { STAGE_MOVES } from './stages.ts';

export type Treatment = {
  /** what to do, one line, imperative */
  do: { zh: string; en: string };
  /** the seed (/docs/engine.md "Sources") and the sentence the advice rests on, verbatim */
  source: { seed: string; quote: string };
};

export const RELATIONSHIP_TREATMENT: Record<RelationshipType, Treatment> = {
  autonomous: {
    do: {
      zh: '只发简洁的技术资料和帮助信息；不打销售电话，不推问卷',
      en: 'Send concise technical information only; no sales calls, no survey pushing',
    },
    source: {
      seed: '000',
      quote: '在售后偶尔给他们发送一些帮助性的信息是可以的。如果不断地给他们打销售电话,很可能会使他们感到厌烦',
    },
  },
  dependent: {
    do: {
      zh: '定期联系、耐心解答；在合适的时机给一个优惠',
      en: 'Keep in regular contact and be patient; offer a discount at the right moment',
    },
    source: { seed: '000', quote: '他们不会很在意您的报价,但是有优惠和特价仍然会使他们感到高兴' },
  },
  loyal: {
    do: {
      zh: 'VIP 式关怀，请他转介绍，邀请他做满意度调查',
      en: 'VIP care: ask for referrals and invite them to surveys',
    },
    source: { seed: '000', quote: '愿意回复邮件、信息、销售电话和调查请求,并经常购买' },
  },
  undetermined: {
    do: { zh: '先多了解：记录每次接触的态度和认知，类型会慢慢清楚', en: 'Learn more first: log attitude and understanding on each contact' },
    source: { seed: '000', quote: '通过尝试进行这种分类,可以让您启动一个寻求定义客户关系的线索过程' },
  },
};

export const FUNNEL_TREATMENT: Record<FunnelStage, Treatment> = {
  potential: { do: STAGE_MOVES.potential!, source: { seed: '002', quote: '潜在客户' } },
  wait_and_see: { do: STAGE_MOVES.wait_and_see!, source: { seed: '002', quote: '观望客户' } },
  intent: { do: STAGE_MOVES.intent!, source: { seed: '002', quote: '意向客户' } },
  opportunity: { do: STAGE_MOVES.opportunity!, source: { seed: '002', quote: '商机客户' } },
  signed: {
    do: { zh: '做好售后关怀，问问安装使用有没有问题', en: 'Look after them after the sale: any trouble getting started?' },
    source: { seed: '002', quote: '增强客户满意度与忠诚度,客户会对企业保有一种忠诚度,并且进行二次消费' },
  },
};

export const LIFECYCLE_TREATMENT: Record<Lifecycle, Treatment> = {
  potential: {
    do: { zh: '推进到第一单：按销售阶段的下一步跟进', en: 'Work towards a first order: follow the funnel stage’s next move' },
    source: { seed: '003', quote: '可以分析客户从潜在客户到活跃客户的转化过程' },
  },
  active: {
    do: { zh: '保持节奏，推荐新功能和配套服务', en: 'Keep the rhythm; recommend new features and services' },
    source: { seed: '001', quote: '针对活跃用户,公司提供定期培训和新功能推荐,提升客户体验' },
  },
  inactive: {
    do: { zh: '主动联系，问清最近为什么少买了', en: 'Reach out and ask why they have been buying less' },
    source: { seed: '003', quote: '不活跃客户:曾经进行过交易,但近期购买频率较低的客户' },
  },
  churned: {
    do: { zh: '了解流失原因；值得挽回再给方案，不值得就少打扰', en: 'Find out why they left; win back only if worth it' },
    source: { seed: '003', quote: '以及流失客户的原因,以便采取相应的措施' },
  },
};

export const LOYALTY_TREATMENT: Record<Loyalty, Treatment> = {
  loyal: {
    do: { zh: '感谢信任，别伤害这份关系；适时请他推荐', en: 'Thank them and never hurt the trust; ask for a referral' },
    source: { seed: '000', quote: '对于该类型客户,请不要伤害这种信任关系,否则可能会失去他们' },
  },
  at_risk: {
    do: { zh: '尽快主动联系，了解原因并给出解决方案', en: 'Call soon: find out why and offer a fix' },
    source: { seed: '001', quote: '对于潜在流失用户,公司则主动联系,了解原因并提供解决方案,降低客户流失率' },
  },
  churned: {
    do: { zh: '了解流失原因，判断是否值得挽回', en: 'Learn why they left and decide whether to win them back' },
    source: { seed: '004', quote: '针对潜在流失客户采取挽留措施' },
  },
  none: {
    do: { zh: '还看不出忠诚度：先成交、多互动', en: 'Too early to tell: win the first order, keep in touch' },
    source: { seed: '001', quote: '根据客户的忠诚度,将客户分为忠诚客户、潜在流失客户和流失客户' },
  },
};

export const TREATMENT = {
  relationship: RELATIONSHIP_TREATMENT,
  funnel: FUNNEL_TREATMENT,
  lifecycle: LIFECYCLE_TREATMENT,
  loyalty: LOYALTY_TREATMENT,
} as const;

/** What to do for a dimension's value, or null for dimensions without advice (value, needs, priority). */
export function treatmentOf(dimension: string, value: string | null | undefined): Treatment | null {
  const table = (TREATMENT as Record<string, Record<string, Treatment>>)[dimension];
  return (value && table?.[value]) || null;
}
