// What reps write in their notes, by situation. The funnel notes follow seed 002's description
// of how each attitude × cognition combination sounds (质疑/接纳 × 笼统/具体).

export type Attitude = 'accept' | 'doubt';
export type Cognition = 'vague' | 'specific';
export type FunnelKey = `${Attitude}_${Cognition}`;

export const FUNNEL_NOTES: Readonly<Record<FunnelKey, readonly string[]>> = {
  // 质疑 + 笼统 = 潜在: rejects before hearing you out, denies having a problem.
  doubt_vague: [
    '客户表示目前业务没问题，不需要新系统',
    '没听完介绍就说暂时不考虑',
    '客户觉得现在用表格管理就够了',
    '客户说我们的业绩没问题，不需要推广',
    '对方对数字化没兴趣，礼貌拒绝',
  ],
  // 接纳 + 笼统 = 观望: agrees with everything, commits to nothing.
  accept_vague: [
    '客户说先把资料放这里，有需要再联系',
    '客户表示了解了，还要再研究研究',
    '客户认可问题存在，但还没决定是否解决',
    '客户说要跟老板汇报一下再说',
    '客户对方案表示感兴趣，没有提具体要求',
  ],
  // 质疑 + 具体 = 意向: challenges details, compares with competitors, pushes price.
  doubt_specific: [
    '客户质疑产品稳定性，拿竞品做比较',
    '客户认为我们的转化率一般，要求压价',
    '客户关心交付周期，对比了两家供应商',
    '客户问数据安全怎么保证，担心迁移风险',
    '客户拿竞品报价压价，要求再降10%',
  ],
  // 接纳 + 具体 = 商机: has chosen you, talks about terms and schedule.
  accept_specific: [
    '客户确认方案，讨论合同细节',
    '客户要求下周安排签约',
    '客户认可报价，关心实施排期',
    '客户确定采购数量，准备走审批流程',
    '客户需求明确，直接要求看高级功能演示',
  ],
};

export const SALE_NOTES: readonly string[] = [
  '演示产品核心功能',
  '发送报价单和产品资料',
  '客户关心交付周期',
  '介绍同行业成功案例',
  '梳理客户现有业务流程',
  '约了下次拜访时间',
  '与客户技术负责人沟通对接方案',
];

export const DEPENDENT_SALE_NOTES: readonly string[] = [
  '客户要求再次讲解报价明细',
  '客户希望重新梳理需求，回到需求分析',
  '客户请我们再给其他部门演示一次',
  '客户问了很多实施细节，约了下次继续',
  '客户想先了解清楚后续服务再决定',
  '客户拉了更多同事一起讨论需求',
];

export const DEPENDENT_AFTER_NOTES: readonly string[] = [
  '客户询问报表导出的操作方法',
  '上门培训新员工使用系统',
  '客户希望增加定制字段',
  '客户问最近有没有优惠活动',
  '客户请我们帮忙整理历史数据',
  '客户微信咨询审批流程设置',
  '客户想了解新模块，约了线下交流',
];

export const AUTONOMOUS_PROBLEM_NOTES: readonly string[] = [
  '客户反馈登录异常，要求尽快处理',
  '客户报告数据同步失败，已转技术支持',
];

export const HELPFUL_CONTENT_NOTES: readonly string[] = ['发送新版本功能说明', '分享使用技巧文章'];

export const LOYAL_TOUCH_NOTES: readonly string[] = [
  '回访客户，使用情况良好',
  '客户介绍了一位同行朋友',
  '客户对新功能很感兴趣',
  '例行拜访，客户对服务满意',
  '客户主动询问续费事宜',
];

// A service problem the customer takes calmly (seed 000: loyal customers are patient).
export const PATIENT_COMPLAINT_NOTES: readonly string[] = [
  '客户反映上次服务响应慢，但表示理解，愿意等待处理',
  '客户反馈实施延期，态度平和，同意调整排期',
];
export const PROBLEM_FIXED_NOTES: readonly string[] = ['上门处理问题，客户满意', '问题已解决，客户表示感谢'];

export const ANGRY_COMPLAINT_NOTES: readonly string[] = [
  '客户投诉交付延期，情绪较大',
  '客户抱怨价格偏高，考虑换供应商',
  '客户投诉售后响应太慢，要求给说法',
  '客户对最近一次服务很不满意',
];

export const REGULAR_AFTER_NOTES: readonly string[] = ['回访客户使用情况', '发送季度使用报告', '电话确认下季度采购计划', '例行拜访，了解使用情况'];
export const CUSTOMER_FEEDBACK_NOTES: readonly string[] = ['客户反馈使用顺畅', '客户询问续费价格', '客户反馈报表加载有点慢'];

export const SUGGESTION_NOTES: readonly string[] = ['客户建议增加移动端审批功能', '客户建议报表支持自定义字段'];

export const LOST_NOTES: readonly string[] = ['客户选择了竞品', '客户预算被砍，项目暂停'];

export const NEXT_STEPS: readonly string[] = [
  '发送案例资料',
  '约技术交流',
  '准备报价',
  '安排产品演示',
  '跟进合同审批',
  '一周后回访',
];

export const SURVEY_COMMENTS = {
  promoter: ['非常满意，会推荐给朋友', '服务很专业，响应及时', '用了半年，团队效率提高很多', '客服很耐心'],
  passive: ['整体还可以', '功能够用，希望更便宜一些', '培训再多一点就好了'],
  detractor: ['服务响应太慢', '价格偏高，效果一般', '问题拖了很久才解决', '不太满意，考虑换一家'],
} as const;
