// The sentence behind every rule id, in zh-CN and en. Reasons are stored as {rule, params} and
// rendered here, so wording can improve without a recompute (renderReason on stored reasons).
// Params are numbers or strings; a template must cope with a param being absent.
//
// Params hold facts, never elapsed time: an instant (`since`) and its local `date`, not "277 天"
// (docs/engine.md, "Reasons hold facts"). Stored text is rendered without a reading moment and
// names the date; the customer page, the reasons sheet, the timeline and the CSV export pass
// `ReadAt` (now + the org's time zone) and get "N 天" counted at read time. Reasons stored by an
// older engine carry `days` and still render.
import { DAY_MS, daysAgo, num, pct, round } from './format.ts';
import { ATTITUDE_LABELS, COGNITION_LABELS, DEAL_STAGE_LABELS, INTERACTION_KIND_LABELS, LABELS, type Label, type Locale } from './labels.ts';

export type ReasonParams = Record<string, number | string>;
/** The moment a stored reason is read, in the org's time zone: renders elapsed days. */
export type ReadAt = { now: string; timeZone: string };
type Text = Record<Locale, (p: ReasonParams, at?: ReadAt) => string>;

/** Days since the reason's `since` as of `at`; a legacy reason's stored `days`; else undefined. */
const elapsed = (p: ReasonParams, at?: ReadAt): number | undefined =>
  at && typeof p.since === 'string' ? daysAgo(p.since, at.now, at.timeZone) : typeof p.days === 'number' ? p.days : undefined;
/** Exact elapsed days (24-hour days, as the features count them), for a rate read at `at`. */
const exactDays = (p: ReasonParams, at?: ReadAt): number | undefined =>
  at && typeof p.since === 'string' ? Math.max(0, Math.floor((Date.parse(at.now) - Date.parse(p.since)) / DAY_MS)) : typeof p.days === 'number' ? p.days : undefined;

const money = (x: number | string | undefined) => `¥${num(x, 0)}`;
const share = (x: number | string | undefined) => (typeof x === 'number' ? pct(x) : String(x ?? ''));
const from = (table: Record<string, Label>, v: number | string | undefined, l: Locale) => table[String(v)]?.[l] ?? String(v ?? '');
const refZh = (p: ReasonParams) => (p.source === 'org' ? '全公司中位数' : '默认参考');
const refEn = (p: ReasonParams) => (p.source === 'org' ? 'org median' : 'default reference');
const plural = (n: number | string | undefined, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const contribution = (p: ReasonParams, l: Locale) =>
  p.contribution === undefined ? '' : l === 'zh' ? `（风险 +${share(p.contribution)}）` : ` (risk +${share(p.contribution)})`;
const regression = (p: ReasonParams, l: Locale) =>
  p.from === undefined ? '' : l === 'zh'
    ? `（最近：${from(DEAL_STAGE_LABELS, p.from, 'zh')}→${from(DEAL_STAGE_LABELS, p.to, 'zh')}，${p.date}）`
    : ` (latest: ${from(DEAL_STAGE_LABELS, p.from, 'en')} → ${from(DEAL_STAGE_LABELS, p.to, 'en')}, ${p.date})`;
const rhythmZh = (p: ReasonParams, source: 'rhythm' | 'default') =>
  source === 'rhythm' ? `其通常下单间隔 ${p.gap} 天` : `订单不足以推算节奏，按默认间隔 ${p.gap} 天`;
const rhythmEn = (p: ReasonParams, source: 'rhythm' | 'default') =>
  source === 'rhythm' ? `their usual gap is ${p.gap} days` : `too few orders for a rhythm, default gap ${p.gap} days`;

// "距上次下单 12 天" when read; "上次下单 2026-03-01" as stored
const lastOrderZh = (p: ReasonParams, at?: ReadAt) => {
  const n = elapsed(p, at);
  return n === undefined ? `上次下单 ${p.date}` : `距上次下单 ${n} 天`;
};
const lastOrderEn = (p: ReasonParams, at?: ReadAt) => {
  const n = elapsed(p, at);
  return n === undefined ? `last order on ${p.date}` : `last order ${n} days ago`;
};

const perYear = (p: ReasonParams, days: number) => (days > 0 ? round(Number(p.count) / (days / 365)) : Number(p.count));
const perMonth = (p: ReasonParams, at?: ReadAt): number | undefined => {
  if (typeof p.per_month === 'number' && !(at && typeof p.since === 'string')) return p.per_month; // legacy
  const d = exactDays(p, at);
  return d === undefined ? undefined : round(Number(p.count) / Math.max(1, d / 30));
};

function lifecycleTexts(source: 'rhythm' | 'default') {
  return {
    [`lifecycle.active_${source}`]: {
      zh: (p: ReasonParams, at?: ReadAt) => `${lastOrderZh(p, at)}，未超过 ${p.active_days} 天（${rhythmZh(p, source)}）`,
      en: (p: ReasonParams, at?: ReadAt) => `${lastOrderEn(p, at)}, within ${p.active_days} days (${rhythmEn(p, source)})`,
    },
    [`lifecycle.inactive_${source}`]: {
      zh: (p: ReasonParams, at?: ReadAt) => `${lastOrderZh(p, at)}，超过 ${p.active_days} 天（${rhythmZh(p, source)}）`,
      en: (p: ReasonParams, at?: ReadAt) => `${lastOrderEn(p, at)}, beyond ${p.active_days} days (${rhythmEn(p, source)})`,
    },
    [`lifecycle.churned_${source}`]: {
      zh: (p: ReasonParams, at?: ReadAt) => `${lastOrderZh(p, at)}，超过 ${p.churn_days} 天，已停止购买（${rhythmZh(p, source)}）`,
      en: (p: ReasonParams, at?: ReadAt) => `${lastOrderEn(p, at)}, beyond ${p.churn_days} days: stopped buying (${rhythmEn(p, source)})`,
    },
  } as Record<`lifecycle.${'active' | 'inactive' | 'churned'}_${typeof source}`, Text>;
}

export const TEXTS = {
  // ---- relationship (seed 000)
  'relationship.primary': {
    zh: (p) => `${from(LABELS.relationship, p.type, 'zh')}：特征得分 ${p.score}（≥${p.min}）`,
    en: (p) => `${from(LABELS.relationship, p.type, 'en')}: trait score ${p.score} (≥${p.min})`,
  },
  'relationship.secondary': {
    zh: (p) => `兼具${from(LABELS.relationship, p.type, 'zh')}特征：得分 ${p.score}（≥${p.min}）`,
    en: (p) => `also ${from(LABELS.relationship, p.type, 'en')}: score ${p.score} (≥${p.min})`,
  },
  'relationship.undetermined': {
    zh: (p) => `特征不足以判断（自主型 ${p.autonomous}、依赖型 ${p.dependent}、忠诚型 ${p.loyal}，需 ≥${p.min}）`,
    en: (p) => `not enough traits yet (autonomous ${p.autonomous}, dependent ${p.dependent}, loyal ${p.loyal}; needs ≥${p.min})`,
  },
  'relationship.fast_stages': {
    zh: (p) => `从需求到合同用时 ${p.days} 天，快于${refZh(p)} ${p.reference} 天`,
    en: (p) => `needs → contract in ${p.days} days, faster than the ${refEn(p)} of ${p.reference}`,
  },
  'relationship.slow_stages': {
    zh: (p) => `从需求到合同用时 ${p.days} 天，慢于${refZh(p)} ${p.reference} 天`,
    en: (p) => `needs → contract took ${p.days} days, slower than the ${refEn(p)} of ${p.reference}`,
  },
  'relationship.stage_regression': {
    zh: (p) => `销售阶段退回 ${p.count} 次${regression(p, 'zh')}`,
    en: (p) => `went back a sales stage ${p.count}×${regression(p, 'en')}`,
  },
  'relationship.few_touches': {
    zh: (p) => `首单前仅接触 ${p.count} 次（≤${p.max}）`,
    en: (p) => `only ${plural(p.count, 'contact', 'contacts')} before the first order (≤${p.max})`,
  },
  'relationship.premium': {
    zh: (p) => `愿为特定功能支付溢价（溢价订单 ${p.orders}/${p.of}，溢价赢单 ${p.deals}）`,
    en: (p) => `pays a premium for what they need (${p.orders} of ${p.of} orders, ${p.deals} premium deals)`,
  },
  'relationship.rarely_contacts_after': {
    // per year = count over the years since the first order: a read-time figure
    zh: (p, at) => {
      const d = exactDays(p, at);
      return d === undefined
        ? `自 ${p.date} 首次购买以来仅主动联系 ${p.count} 次（每年 ≤${p.max} 次）`
        : `购买后 ${d} 天仅主动联系 ${p.count} 次（约每年 ${perYear(p, d)} 次，≤${p.max}）`;
    },
    en: (p, at) => {
      const d = exactDays(p, at);
      return d === undefined
        ? `reached out ${p.count}× since first buying on ${p.date} (≤${p.max}/year)`
        : `reached out ${p.count}× in the ${d} days since buying (~${perYear(p, d)}/year, ≤${p.max})`;
    },
  },
  'relationship.ignores_surveys': {
    zh: (p) => `问卷仅答复 ${p.answered}/${p.sent}`,
    en: (p) => `answered only ${p.answered} of ${p.sent} surveys`,
  },
  'relationship.frequent_contact': {
    // per month = count over the months since the first contact: a read-time figure
    zh: (p, at) => {
      const m = perMonth(p, at);
      return `${m === undefined ? `自 ${p.date} 以来互动 ${p.count} 次（每月 ≥${p.min} 次）` : `互动 ${p.count} 次，约每月 ${m} 次（≥${p.min}）`}${p.avg_minutes === undefined ? '' : `，平均 ${p.avg_minutes} 分钟`}`;
    },
    en: (p, at) => {
      const m = perMonth(p, at);
      return `${m === undefined ? `${p.count} interactions since ${p.date} (≥${p.min} a month)` : `${p.count} interactions, ~${m} a month (≥${p.min})`}${p.avg_minutes === undefined ? '' : `, ${p.avg_minutes} min on average`}`;
    },
  },
  'relationship.likes_discounts': {
    zh: (p) => `${p.discounted}/${p.of} 单使用了优惠`,
    en: (p) => `used a discount on ${p.discounted} of ${p.of} orders`,
  },
  'relationship.online_offline': {
    zh: (p) => `线下互动 ${p.offline} 次、线上 ${p.online} 次，客户主动发起 ${p.initiated_pct}%`,
    en: (p) => `${p.offline} offline and ${p.online} online interactions, ${p.initiated_pct}% started by the customer`,
  },
  'relationship.loyal_orders': {
    zh: (p) => `已下单 ${p.count} 次（≥${p.min}）`,
    en: (p) => `${plural(p.count, 'order', 'orders')} (≥${p.min})`,
  },
  'relationship.positive_surveys': {
    // one customer's average answer is a score, not an NPS (issue 14: "平均NPS 5" read as a group NPS)
    zh: (p) => `答复问卷 ${p.answered}/${p.sent}，平均推荐评分 ${p.avg_nps}/10`,
    en: (p) => `${p.answered} of ${p.sent} surveys answered, average recommend score ${p.avg_nps}/10`,
  },
  'relationship.patient': {
    zh: (p) => `投诉 ${p.complaints} 次，其中情绪负面 ${p.negative} 次：出问题时有耐心`,
    en: (p) => `${plural(p.complaints, 'complaint', 'complaints')}, ${p.negative} of them negative: patient when things go wrong`,
  },

  // ---- funnel (seed 002)
  'funnel.observation': {
    zh: (p) =>
      `${p.date} ${from(INTERACTION_KIND_LABELS, p.kind, 'zh')}：${from(ATTITUDE_LABELS, p.attitude, 'zh')}+${from(COGNITION_LABELS, p.cognition, 'zh')} → ${from(LABELS.funnel, p.stage, 'zh')}`,
    en: (p) =>
      `${from(INTERACTION_KIND_LABELS, p.kind, 'en')} on ${p.date}: ${from(ATTITUDE_LABELS, p.attitude, 'en')} + ${from(COGNITION_LABELS, p.cognition, 'en')} → ${from(LABELS.funnel, p.stage, 'en')}`,
  },
  'funnel.new_deal': {
    zh: (p) => `签约后又有 ${p.open} 个进行中的商机，以最新观察为准`,
    en: (p) => `${p.open} open deal(s) since signing: the latest observation counts`,
  },
  'funnel.signed_won': {
    zh: (p) => `已赢单 ${p.won} 个${p.date ? `（最近 ${p.date}）` : ''}`,
    en: (p) => `${plural(p.won, 'deal', 'deals')} won${p.date ? ` (latest ${p.date})` : ''}`,
  },
  'funnel.signed_order': {
    zh: (p) => `已下单 ${p.orders} 次${p.date ? `（最近 ${p.date}）` : ''}`,
    en: (p) => `${plural(p.orders, 'order', 'orders')} placed${p.date ? ` (latest ${p.date})` : ''}`,
  },
  'funnel.no_observation': {
    zh: () => '尚无态度/认知记录，默认为潜在',
    en: () => 'no attitude/cognition observed yet: potential by default',
  },

  // ---- value (seeds 001, 003)
  'value.no_revenue': { zh: () => '尚无成交金额', en: () => 'no revenue yet' },
  'value.high': {
    zh: (p) => `累计成交 ${money(p.revenue)}，位于前 ${p.top_pct}%（≥${money(p.threshold)}，共 ${p.paying} 个成交客户）`,
    en: (p) => `revenue ${money(p.revenue)}, in the top ${p.top_pct}% (≥${money(p.threshold)} of ${p.paying} paying customers)`,
  },
  'value.low': {
    zh: (p) => `累计成交 ${money(p.revenue)}，位于后 ${p.bottom_pct}%（≤${money(p.threshold)}）`,
    en: (p) => `revenue ${money(p.revenue)}, in the bottom ${p.bottom_pct}% (≤${money(p.threshold)})`,
  },
  'value.normal': {
    zh: (p) => `累计成交 ${money(p.revenue)}，介于 ${money(p.low)} 与 ${money(p.high)} 之间`,
    en: (p) => `revenue ${money(p.revenue)}, between ${money(p.low)} and ${money(p.high)}`,
  },

  // ---- lifecycle (seed 003)
  'lifecycle.no_orders': { zh: () => '尚未成交', en: () => 'has not bought yet' },
  ...lifecycleTexts('rhythm'),
  ...lifecycleTexts('default'),

  // ---- loyalty and churn risk (seeds 001, 002, 004)
  'loyalty.loyal': {
    zh: (p) => `流失风险 ${share(p.risk)}（低于 ${share(p.min)}）`,
    en: (p) => `churn risk ${share(p.risk)} (below ${share(p.min)})`,
  },
  'loyalty.at_risk': {
    zh: (p) => `流失风险 ${share(p.risk)}（≥${share(p.min)}）`,
    en: (p) => `churn risk ${share(p.risk)} (≥${share(p.min)})`,
  },
  'loyalty.churned': { zh: () => '已停止购买', en: () => 'has stopped buying' },
  'loyalty.none': {
    zh: (p) => `尚未成交，不评忠诚度（风险信号 ${share(p.risk)}）`,
    en: (p) => `no purchase yet, loyalty not rated (warning signs ${share(p.risk)})`,
  },
  'loyalty.silence': {
    zh: (p, at) => {
      const n = elapsed(p, at);
      return `${n === undefined ? `自 ${p.date} 未再下单` : `已 ${n} 天未下单`}，超出通常间隔 ${p.gap} 天${contribution(p, 'zh')}`;
    },
    en: (p, at) => {
      const n = elapsed(p, at);
      return `${n === undefined ? `no order since ${p.date}` : `no order for ${n} days`}, beyond the usual ${p.gap}${contribution(p, 'en')}`;
    },
  },
  'loyalty.amount_drop': {
    zh: (p) => `近期单均 ${money(p.late)}，降至早期 ${money(p.early)} 的 ${p.pct}%${contribution(p, 'zh')}`,
    en: (p) => `recent orders average ${money(p.late)}, ${p.pct}% of the earlier ${money(p.early)}${contribution(p, 'en')}`,
  },
  'loyalty.frequency_drop': {
    zh: (p) => `下单间隔由 ${p.early} 天拉长到 ${p.late} 天${contribution(p, 'zh')}`,
    en: (p) => `orders further apart: ${p.early} → ${p.late} days${contribution(p, 'en')}`,
  },
  'loyalty.complaints': {
    zh: (p) => `近90天投诉 ${p.count} 次${contribution(p, 'zh')}`,
    en: (p) => `${plural(p.count, 'complaint', 'complaints')} in the last 90 days${contribution(p, 'en')}`,
  },
  'loyalty.low_survey': {
    zh: (p) => `满意度偏低（最近一次推荐评分 ${p.last_nps}/10，平均满意度 ${p.avg_csat}/5）${contribution(p, 'zh')}`,
    en: (p) => `low satisfaction (last recommend score ${p.last_nps}/10, average CSAT ${p.avg_csat}/5)${contribution(p, 'en')}`,
  },
  'loyalty.negative_sentiment': {
    zh: (p) => `近90天负面情绪 ${p.count} 次${contribution(p, 'zh')}`,
    en: (p) => `${p.count} negative interaction(s) in the last 90 days${contribution(p, 'en')}`,
  },
  'loyalty.no_contact': {
    zh: (p, at) => {
      const n = elapsed(p, at);
      const text = p.never
        ? n === undefined ? `建档至少 ${p.min} 天从未联系` : `建档 ${n} 天从未联系`
        : n === undefined ? `自 ${p.date} 未联系（≥${p.min} 天）` : `${n} 天未联系`;
      return text + contribution(p, 'zh');
    },
    en: (p, at) => {
      const n = elapsed(p, at);
      const text = p.never
        ? n === undefined ? `never contacted, on file ${p.min}+ days` : `never contacted in ${n} days`
        : n === undefined ? `no contact since ${p.date} (≥${p.min} days)` : `no contact for ${n} days`;
      return text + contribution(p, 'en');
    },
  },

  // ---- needs (seed 003)
  'needs.declared': {
    zh: (p) => `尚无订单，按录入的需求：${from(LABELS.needs, p.needs, 'zh')}`,
    en: (p) => `no orders yet; as entered: ${from(LABELS.needs, p.needs, 'en')}`,
  },
  'needs.unknown': { zh: () => '尚无订单，也未录入需求', en: () => 'no orders and no needs entered' },
  'needs.both': {
    zh: (p) => `既买产品也买服务（产品 ${p.product} 单，服务 ${p.service} 单）`,
    en: (p) => `buys products and services (${p.product} product, ${p.service} service orders)`,
  },
  'needs.product': {
    zh: (p) => `主要购买产品（产品 ${p.product} 单，服务 ${p.service} 单）`,
    en: (p) => `mainly buys products (${p.product} product, ${p.service} service orders)`,
  },
  'needs.service': {
    zh: (p) => `主要购买服务（产品 ${p.product} 单，服务 ${p.service} 单）`,
    en: (p) => `mainly buys services (${p.product} product, ${p.service} service orders)`,
  },

  // ---- fact tags (事实标签)
  'fact.b2b': { zh: () => '企业客户（B2B）', en: () => 'B2B' },
  'fact.b2c': { zh: () => '个人客户（B2C）', en: () => 'B2C' },
  'fact.orders': { zh: (p) => `下单${p.count}次`, en: (p) => plural(p.count, 'order', 'orders') },
  'fact.used_discount': {
    zh: (p) => `用过优惠（${p.count}/${p.of}单）`,
    en: (p) => `used discounts (${p.count} of ${p.of} orders)`,
  },
  'fact.premium_buyer': { zh: () => '买过溢价功能', en: () => 'paid for premium' },
  'fact.deals_won': { zh: (p) => `赢单${p.count}个`, en: (p) => `${plural(p.count, 'deal', 'deals')} won` },
  'fact.stage_regression': { zh: (p) => `阶段退回${p.count}次`, en: (p) => `went back a stage ${p.count}×` },
  'fact.complaints': { zh: (p) => `投诉${p.count}次`, en: (p) => plural(p.count, 'complaint', 'complaints') },
  'fact.survey_answered': {
    // a single customer shows their last score, labelled as a score (issue 14); reasons stored
    // before last_nps was a parameter still read as the average, labelled the same way
    zh: (p) =>
      p.last_nps !== undefined && p.last_nps !== '-'
        ? `答复问卷${p.answered}/${p.sent}，最近一次推荐评分 ${p.last_nps}/10`
        : `答复问卷${p.answered}/${p.sent}，平均推荐评分 ${p.avg_nps}/10`,
    en: (p) =>
      p.last_nps !== undefined && p.last_nps !== '-'
        ? `${p.answered} of ${p.sent} surveys answered, last recommend score ${p.last_nps}/10`
        : `${p.answered} of ${p.sent} surveys answered, average recommend score ${p.avg_nps}/10`,
  },
  'fact.never_contacted': { zh: () => '从未联系', en: () => 'never contacted' },
  // the chip (label) is rendered as stored: "60天以上未联系"; the sheet counts the days when read
  'fact.no_contact': {
    zh: (p, at) => {
      const n = elapsed(p, at);
      return n === undefined ? `${p.min}天以上未联系` : `${n}天未联系${p.date ? `（上次 ${p.date}）` : ''}`;
    },
    en: (p, at) => {
      const n = elapsed(p, at);
      return n === undefined ? `no contact for ${p.min}+ days` : `no contact for ${n} days${p.date ? ` (last ${p.date})` : ''}`;
    },
  },

  // ---- priority (seed 002: 确定客户跟进优先级)
  'priority.total': { zh: (p) => `优先级 ${p.points}`, en: (p) => `priority ${p.points}` },
  'priority.value': {
    zh: (p) => `${from(LABELS.value, p.tier, 'zh')} +${p.points}`,
    en: (p) => `${from(LABELS.value, p.tier, 'en')} +${p.points}`,
  },
  'priority.churn_risk': {
    zh: (p) => `流失风险 ${share(p.risk)} +${p.points}`,
    en: (p) => `churn risk ${share(p.risk)} +${p.points}`,
  },
  'priority.churned': { zh: (p) => `已流失，可挽回 +${p.points}`, en: (p) => `churned, win-back +${p.points}` },
  'priority.inactive': { zh: (p) => `不活跃 +${p.points}`, en: (p) => `inactive +${p.points}` },
  'priority.funnel': {
    zh: (p) => `${from(LABELS.funnel, p.stage, 'zh')}阶段 +${p.points}`,
    en: (p) => `${from(LABELS.funnel, p.stage, 'en')} stage +${p.points}`,
  },
} satisfies Record<string, Text>;

export type RuleId = keyof typeof TEXTS;
