// Seed traceability (issue 16 item 6): every rule and weight of lib/engine/rules.ts (and
// playbook-rules.ts) → the seed sentence it comes from, quoted exactly as the seed articles word
// it. `number` says whether the default value itself is in the seed ("超过三条" → 4) or is our
// judgement of a sentence that gives no number (most are: the seeds describe, they do not count).
// seed-trace.test.ts checks that every leaf of DEFAULT_RULES is covered and that docs/engine.md
// carries exactly traceMarkdown()'s table, so a new rule without a cited seed fails the tests.

export type Trace = {
  /** rule paths in DEFAULT_RULES; a path covers everything under it */
  rules: string[];
  seed: string;
  quote: string;
  number: 'seed' | 'judgement';
  /** how the rule reads the sentence */
  how: string;
};

export const TRACE: Trace[] = [
  // --- relationship (seed 000)
  { rules: ['relationship.min_score', 'relationship.secondary_min_score'], seed: '000 结论', quote: '通过以上特点的交叉组合,可以将客户关系细分为多个子类别', number: 'judgement', how: 'a type needs more than one trait; the runner-up shows as a secondary type' },
  { rules: ['relationship.weights.fast_stages', 'relationship.fast_cycle_ratio'], seed: '000 一、1', quote: '在销售过程中的各个阶段快速移动,比如快速通过产品演示、需求分析、报价、合同审批等过程', number: 'judgement', how: 'needs → contract in ≤ 0.7 × the org median; weight 2: seen over a whole sale' },
  { rules: ['relationship.min_cycle_sample', 'relationship.default_cycle_days'], seed: '000 一、1', quote: '快速通过产品演示、需求分析、报价、合同审批等过程', number: 'judgement', how: '"fast" against the org\'s own pace; below 5 customers with a cycle, 30 days' },
  { rules: ['relationship.weights.few_touches', 'relationship.few_touches_max'], seed: '000 一、2', quote: '他们与您在整个销售过程中的接触次数很少', number: 'judgement', how: '≤ 3 contacts before the first order' },
  { rules: ['relationship.weights.premium', 'relationship.premium_share_min'], seed: '000 一、3', quote: '不介意为某个他们需要的特定功能支付溢价', number: 'judgement', how: 'a premium deal won, or ≥ 30 % of orders premium' },
  { rules: ['relationship.weights.rarely_contacts_after', 'relationship.after_purchase_contacts_per_year_max', 'relationship.after_purchase_min_days'], seed: '000 一、4', quote: '在购买产品后很少主动联系您,除非他们出现问题', number: 'judgement', how: '≤ 2 own contacts a year after buying, complaints excluded, judged after 90 days' },
  { rules: ['relationship.weights.ignores_surveys', 'relationship.ignores_surveys_min_sent', 'relationship.ignores_surveys_max_rate'], seed: '000 一、5', quote: '不太响应您的调查请求和电话互动', number: 'judgement', how: 'answers ≤ 34 % of ≥ 2 surveys that had their chance' },
  { rules: ['relationship.weights.slow_stages', 'relationship.slow_cycle_ratio'], seed: '000 二、1', quote: '在曾经的销售过程中,每个阶段的进展都很缓慢', number: 'judgement', how: 'needs → contract in ≥ 1.5 × the org median; weight 2: seen over a whole sale' },
  { rules: ['relationship.weights.stage_regression'], seed: '000 二、1', quote: '或者重复进展——比如从报价阶段再次回到需求分析阶段', number: 'judgement', how: 'any move to an earlier stage; weight 2: the seed\'s one concrete example' },
  { rules: ['relationship.weights.frequent_contact', 'relationship.frequent_contacts_per_month', 'relationship.frequent_contacts_min'], seed: '000 二、2', quote: '售中售后与您频繁、深入的联系', number: 'judgement', how: '≥ 2 contacts a month over ≥ 4 contacts' },
  { rules: ['relationship.weights.likes_discounts', 'relationship.discount_share_min', 'relationship.discount_min_orders'], seed: '000 二、3', quote: '他们不会很在意您的报价,但是有优惠和特价仍然会使他们感到高兴', number: 'judgement', how: '≥ 50 % of ≥ 2 orders discounted' },
  { rules: ['relationship.weights.online_offline', 'relationship.online_offline_min_each', 'relationship.customer_initiated_share_min'], seed: '000 二、4', quote: '他们愿意与您保持频繁的互动,无论是线下的,还是线上的', number: 'judgement', how: 'visits/meetings and calls/messages, ≥ 30 % started by the customer' },
  { rules: ['relationship.weights.loyal_orders', 'relationship.loyal_min_orders'], seed: '000 三、1', quote: '他们在CRM的订单列表中有超过三条的购买记录', number: 'seed', how: '"超过三条" = at least 4 orders; required for 忠诚型' },
  { rules: ['relationship.weights.positive_surveys', 'relationship.positive_response_rate_min', 'relationship.positive_nps_min'], seed: '000 三、2', quote: '这些客户会响应您的调查,并给出肯定的答案', number: 'judgement', how: 'answers ≥ 50 % of surveys, average NPS ≥ 8 (NPS promoters are 9–10, passives 7–8)' },
  { rules: ['relationship.weights.patient', 'relationship.patient_max_negative_share'], seed: '000 三、3', quote: '出现服务问题时表现得很耐心', number: 'judgement', how: 'complaints, ≤ 34 % of them logged negative' },
  // --- funnel (seed 002)
  { rules: ['funnel.signed_from_orders'], seed: '002', quote: '最粗略的也会按照潜在客户、热点客户、签约客户和失效客户来分类的', number: 'judgement', how: 'a won deal signs; so does an order (B2C sells without deals)' },
  // --- value (seeds 001, 003)
  { rules: ['value.high_share', 'value.low_share'], seed: '001 价值标准', quote: '根据客户的购买金额、利润贡献等指标,将客户分为高价值客户、中价值客户和低价值客户', number: 'judgement', how: 'rank by revenue within the org: top 20 % high, bottom 30 % low (Pareto)' },
  // --- lifecycle (seeds 002, 003)
  { rules: ['lifecycle.min_orders_for_rhythm', 'lifecycle.default_gap_days', 'lifecycle.min_gap_days'], seed: '002', quote: '掌握每一个客户这不同时间下单的总金额、次数,及最近一段时间是否下单等情况', number: 'judgement', how: 'recency measured in the customer\'s own median gap (≥ 3 orders; else 60 days; never below 7)' },
  { rules: ['lifecycle.active_factor'], seed: '003 客户状态', quote: '活跃客户:正在进行交易的客户,购买频率较高', number: 'judgement', how: 'active while silent ≤ 1.5 gaps' },
  { rules: ['lifecycle.churn_factor'], seed: '003 客户状态', quote: '流失客户:曾经是客户,但已经停止购买的客户', number: 'judgement', how: 'churned once silent > 3 gaps; inactive between' },
  // --- loyalty and churn risk (seeds 001, 002, 003, 004)
  { rules: ['loyalty.at_risk_min'], seed: '001 忠诚度标准', quote: '将客户分为忠诚客户、潜在流失客户和流失客户', number: 'judgement', how: '潜在流失 once the combined churn risk reaches 30 %' },
  { rules: ['loyalty.weights.silence'], seed: '002', quote: '及最近一段时间是否下单等情况', number: 'judgement', how: 'silence beyond the usual gap, full at the churn point; 0.6: the strongest single sign' },
  { rules: ['loyalty.weights.amount_drop', 'loyalty.amount_drop_ratio', 'loyalty.min_orders_for_trend'], seed: '002', quote: '掌握每一个客户这不同时间下单的总金额', number: 'judgement', how: 'later orders ≤ 70 % of earlier ones (≥ 4 orders)' },
  { rules: ['loyalty.weights.frequency_drop', 'loyalty.frequency_drop_ratio'], seed: '003 客户状态', quote: '曾经进行过交易,但近期购买频率较低的客户', number: 'judgement', how: 'later gaps ≥ 1.5 × earlier ones' },
  { rules: ['loyalty.weights.complaints', 'loyalty.complaints_full'], seed: '004 客户反馈', quote: '客户投诉是了解客户需求和问题的重要渠道', number: 'judgement', how: 'complaints in the last 90 days, full weight at 2' },
  { rules: ['loyalty.weights.low_survey', 'loyalty.low_nps_max', 'loyalty.low_csat_max'], seed: '004 客户反馈', quote: '通过客户满意度调查,企业可以了解客户对产品和服务的评价', number: 'judgement', how: 'last NPS ≤ 6 (a detractor) or average CSAT ≤ 2' },
  { rules: ['loyalty.weights.negative_sentiment', 'loyalty.negative_full'], seed: '004', quote: '客户反馈能直接反映客户的满意度和需求变化', number: 'judgement', how: 'contacts logged negative in the last 90 days, full weight at 2' },
  { rules: ['loyalty.weights.no_contact', 'loyalty.no_contact_days'], seed: '004 FAQ 3', quote: '与客户进行交流等方式来判断客户是否有流失的迹象', number: 'judgement', how: 'no contact for 90 days' },
  // --- needs, facts (seeds 003, 002)
  { rules: ['needs.both_min_share'], seed: '003 客户需求', quote: '综合需求客户:既购买产品又购买服务的客户', number: 'seed', how: 'both kinds bought = 综合需求 (any share: "既…又…")' },
  { rules: ['facts.no_contact_days'], seed: '002', quote: '从类型上来看,常见的标签可分为事实标签、模型标签两种', number: 'judgement', how: 'the fact tag "N 天未联系" from 60 days' },
  // --- priority (seeds 001, 002)
  { rules: ['priority.value'], seed: '001', quote: '根据客户的价值和潜力,将资源重点投入到高价值客户上', number: 'judgement', how: 'points by value tier (30 / 15 / 5)' },
  { rules: ['priority.churn_risk', 'priority.churned', 'priority.inactive'], seed: '001 软件行业', quote: '对于潜在流失用户,公司则主动联系,了解原因并提供解决方案,降低客户流失率', number: 'judgement', how: 'churn risk × 40 while still there; 10 once churned or inactive' },
  { rules: ['priority.funnel'], seed: '002', quote: '给客户打标签,同时也是在为潜在客户打分,确定潜在客户跟进的优先级', number: 'judgement', how: 'the closer to buying, the more points (商机 20 … 潜在 3)' },
  // --- playbook (seeds 000, 002, 004)
  { rules: ['playbook.care_after_order_days', 'playbook.care_window_days'], seed: '002 关怀', quote: '企业在客户购买产品后的“初期”,可能遇上的问题', number: 'judgement', how: 'a care reminder 3 days after an order, for orders of the last 30 days' },
  { rules: ['playbook.retention_due_days'], seed: '004', quote: '针对潜在流失客户采取挽留措施', number: 'judgement', how: 'a retention call due within a day of becoming 潜在流失' },
  { rules: ['playbook.stage_next_days'], seed: '002', quote: '不同阶段的客户要采取不同的策略', number: 'judgement', how: 'the stage\'s next move 2 days after the observation' },
  { rules: ['playbook.touch_every_days.autonomous'], seed: '000 一', quote: '如果不断地给他们打销售电话,很可能会使他们感到厌烦', number: 'judgement', how: 'a touch every 90 days' },
  { rules: ['playbook.touch_every_days.dependent'], seed: '000 二', quote: '该类型的客户需要企业大量的关注', number: 'judgement', how: 'a touch every 14 days' },
  { rules: ['playbook.touch_every_days.loyal'], seed: '000 三', quote: '对于该类型客户,请不要伤害这种信任关系,否则可能会失去他们', number: 'judgement', how: 'a touch every 30 days' },
  { rules: ['playbook.touch_every_days.undetermined'], seed: '000 结论', quote: '但重点不是对每个客户进行精确的分类', number: 'judgement', how: 'not yet typed: every 45 days, between the types' },
  { rules: ['playbook.survey_every_days', 'playbook.survey_after_order_days'], seed: '004 客户反馈', quote: '企业可以了解客户对产品质量、服务态度、交付速度等方面的满意度', number: 'judgement', how: 'a survey a week after an order, at most every 90 days; never to 自主型 (000 一、5)' },
];

/** The docs/engine.md "Seed traceability" table, generated so docs and tests cannot drift. */
export function traceMarkdown(defaults: (path: string) => unknown): string {
  const lines = ['| rule (default) | seed | sentence | number | how |', '|---|---|---|---|---|'];
  for (const t of TRACE) {
    const rules = t.rules.map((r) => `\`${r}\`${leafDefault(defaults(r))}`).join('<br>');
    lines.push(`| ${rules} | ${t.seed} | ${t.quote} | ${t.number === 'seed' ? 'from the seed' : 'judgement'} | ${t.how} |`);
  }
  return lines.join('\n');
}

function leafDefault(v: unknown): string {
  return v !== null && typeof v === 'object' ? '' : ` = ${JSON.stringify(v)}`;
}
