// Fact tags (事实标签, seed 002's tag answer): plain statements read straight off the data —
// "下单4次", "用过优惠", "60天未联系" — as opposed to model tags (模型标签), which are the
// engine's judgements (the dimensions). Tag keys are stable and categorical so managers can
// filter on them; the numbers live in the reason params and the rendered label.
import { DEFAULT_TIMEZONE } from './context.ts';
import type { CustomerFeatures } from './features.ts';
import { localDate } from './format.ts';
import { reason, type Reason } from './reasons.ts';
import type { Rules } from './rules.ts';

export type Tag = {
  /** stable key stored in customer_tags.tag: `orders`, `used_discount`, `value:high`… */
  tag: string;
  kind: 'fact' | 'model';
  /** what the chip says, e.g. 下单4次 / 4 orders */
  zh: string;
  en: string;
  reasons: Reason[];
};

function fact(tag: string, r: Reason): Tag {
  return { tag, kind: 'fact', zh: r.zh, en: r.en, reasons: [r] };
}

export function factTags(f: CustomerFeatures, rules: Rules, timeZone: string = DEFAULT_TIMEZONE): Tag[] {
  const tags: Tag[] = [fact(f.kind, reason(`fact.${f.kind}`, {}))]; // seed 003: 客户类型 B2B / B2C
  if (f.order_count > 0) tags.push(fact('orders', reason('fact.orders', { count: f.order_count, total: f.order_total })));
  if (f.discount_orders > 0) tags.push(fact('used_discount', reason('fact.used_discount', { count: f.discount_orders, of: f.order_count })));
  if (f.premium_orders > 0 || f.premium_deals_won > 0)
    tags.push(fact('premium_buyer', reason('fact.premium_buyer', { orders: f.premium_orders, deals: f.premium_deals_won })));
  if (f.deals_won > 0) tags.push(fact('deals_won', reason('fact.deals_won', { count: f.deals_won })));
  if (f.stage_regressions > 0) tags.push(fact('stage_regression', reason('fact.stage_regression', { count: f.stage_regressions })));
  const complaints = f.interactions_by_kind.complaint;
  if (complaints > 0) tags.push(fact('complaints', reason('fact.complaints', { count: complaints })));
  if (f.surveys_answered > 0)
    tags.push(
      fact(
        'survey_answered',
        reason('fact.survey_answered', {
          answered: f.surveys_answered,
          sent: Math.max(f.surveys_sent, f.surveys_answered),
          avg_nps: f.avg_nps ?? '-',
          last_nps: f.last_nps ?? '-',
        }),
      ),
    );
  if (f.days_since_last_contact === null) tags.push(fact('never_contacted', reason('fact.never_contacted', {})));
  else if (f.days_since_last_contact >= rules.facts.no_contact_days && f.last_contact_at)
    // the instant, not the day count: the tag and its reason stay the same while time passes
    tags.push(fact('no_contact', reason('fact.no_contact', {
      since: f.last_contact_at, date: localDate(f.last_contact_at, timeZone), min: rules.facts.no_contact_days,
    })));
  return tags;
}
