// The one place the UI gets names for dimensions and their values (zh-CN and en), so a tag
// reads the same on the customer card, in filters and in the manager's charts.
// Chinese names are the seeds' own words (seed 000 自主型/依赖型/忠诚型, seed 002
// 潜在/观望/意向/商机/签约, seed 003 高价值客户/普通客户/低价值客户 and 活跃/不活跃/流失,
// seed 001 忠诚客户/潜在流失客户/流失客户).
import { NEEDS_KINDS } from '../domain/vocabulary.ts';

export type Locale = 'zh' | 'en';
export type Label = { zh: string; en: string };

export const RELATIONSHIP_TYPES = ['autonomous', 'dependent', 'loyal', 'undetermined'] as const;
export const FUNNEL_STAGES = ['potential', 'wait_and_see', 'intent', 'opportunity', 'signed'] as const;
export const VALUE_TIERS = ['high', 'normal', 'low'] as const;
export const LIFECYCLES = ['potential', 'active', 'inactive', 'churned'] as const;
// 'none' = has not bought yet: loyalty (seed 001) is only defined for customers who have.
export const LOYALTIES = ['loyal', 'at_risk', 'churned', 'none'] as const;
export const NEEDS = NEEDS_KINDS;

export type RelationshipType = (typeof RELATIONSHIP_TYPES)[number];
export type FunnelStage = (typeof FUNNEL_STAGES)[number];
export type ValueTier = (typeof VALUE_TIERS)[number];
export type Lifecycle = (typeof LIFECYCLES)[number];
export type Loyalty = (typeof LOYALTIES)[number];
export type Needs = (typeof NEEDS)[number];

/** Every dimension the engine explains; `tag_changes.dimension` uses these keys. */
export const DIMENSIONS = ['relationship', 'funnel', 'value', 'lifecycle', 'loyalty', 'needs', 'priority'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Which `customer_profiles` column holds each dimension's value. */
export const DIMENSION_COLUMNS = {
  relationship: 'relationship_type',
  funnel: 'funnel_stage',
  value: 'value_tier',
  lifecycle: 'lifecycle',
  loyalty: 'loyalty',
  needs: 'needs',
  priority: 'priority',
} as const satisfies Record<Dimension, string>;

export const DIMENSION_LABELS: Record<Dimension, Label> = {
  relationship: { zh: '关系类型', en: 'Relationship' },
  funnel: { zh: '漏斗阶段', en: 'Funnel stage' },
  value: { zh: '客户价值', en: 'Value' },
  lifecycle: { zh: '客户状态', en: 'Lifecycle' },
  loyalty: { zh: '忠诚度', en: 'Loyalty' },
  needs: { zh: '客户需求', en: 'Needs' },
  priority: { zh: '跟进优先级', en: 'Priority' },
};

export const LABELS = {
  relationship: {
    autonomous: { zh: '自主型', en: 'Autonomous' },
    dependent: { zh: '依赖型', en: 'Dependent' },
    loyal: { zh: '忠诚型', en: 'Loyal' },
    undetermined: { zh: '待判断', en: 'Undetermined' },
  },
  funnel: {
    potential: { zh: '潜在', en: 'Potential' },
    wait_and_see: { zh: '观望', en: 'Wait-and-see' },
    intent: { zh: '意向', en: 'Intent' },
    opportunity: { zh: '商机', en: 'Opportunity' },
    signed: { zh: '签约', en: 'Signed' },
  },
  value: {
    high: { zh: '高价值客户', en: 'High value' },
    normal: { zh: '普通客户', en: 'Normal value' },
    low: { zh: '低价值客户', en: 'Low value' },
  },
  lifecycle: {
    potential: { zh: '潜在客户', en: 'Prospect' },
    active: { zh: '活跃客户', en: 'Active' },
    inactive: { zh: '不活跃客户', en: 'Inactive' },
    churned: { zh: '流失客户', en: 'Churned' },
  },
  loyalty: {
    // not just "Loyal": the relationship type of the same name sits next to it on the card
    loyal: { zh: '忠诚客户', en: 'Loyal customer' },
    at_risk: { zh: '潜在流失', en: 'At risk' },
    churned: { zh: '已流失', en: 'Churned' },
    none: { zh: '未成交', en: 'No purchase yet' },
  },
  needs: {
    product: { zh: '产品客户', en: 'Product' },
    service: { zh: '服务客户', en: 'Service' },
    both: { zh: '综合需求客户', en: 'Product + service' },
  },
} as const satisfies {
  relationship: Record<RelationshipType, Label>;
  funnel: Record<FunnelStage, Label>;
  value: Record<ValueTier, Label>;
  lifecycle: Record<Lifecycle, Label>;
  loyalty: Record<Loyalty, Label>;
  needs: Record<Needs, Label>;
};

export const ATTITUDE_LABELS: Record<'accept' | 'doubt', Label> = {
  accept: { zh: '接纳', en: 'accepting' },
  doubt: { zh: '质疑', en: 'doubting' },
};
export const COGNITION_LABELS: Record<'vague' | 'specific', Label> = {
  vague: { zh: '笼统', en: 'vague' },
  specific: { zh: '具体', en: 'specific' },
};
export const INTERACTION_KIND_LABELS: Record<string, Label> = {
  visit: { zh: '拜访', en: 'visit' },
  call: { zh: '电话', en: 'call' },
  feedback: { zh: '反馈', en: 'feedback' },
  complaint: { zh: '投诉', en: 'complaint' },
  suggestion: { zh: '建议', en: 'suggestion' },
  message: { zh: '消息', en: 'message' },
  meeting: { zh: '会议', en: 'meeting' },
};
export const DEAL_STAGE_LABELS: Record<string, Label> = {
  needs: { zh: '需求分析', en: 'needs analysis' },
  demo: { zh: '产品演示', en: 'demo' },
  quote: { zh: '报价', en: 'quote' },
  contract: { zh: '合同审批', en: 'contract' },
  won: { zh: '赢单', en: 'won' },
  lost: { zh: '输单', en: 'lost' },
};

type ValueOf<D extends keyof typeof LABELS> = keyof (typeof LABELS)[D];

/** label('funnel', 'intent', 'zh') → '意向'; unknown values come back as themselves. */
export function label<D extends keyof typeof LABELS>(dimension: D, value: ValueOf<D> | string, locale: Locale): string {
  const table = LABELS[dimension] as Record<string, Label>;
  return table[value as string]?.[locale] ?? String(value);
}
