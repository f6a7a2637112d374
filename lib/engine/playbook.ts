// The playbook (docs/design.md, "What a recompute does", step 4): from a customer's profile and recent history, the follow-up
// reminders its owner should get — and which open ones no longer hold. Pure, like the rest of the
// engine; the recompute writes what it returns.
//
// Every reminder has a dedupe_key naming the fact it answers (this order, this observation, this
// month at risk…), so recomputing the same data never creates it twice; when the fact changes
// (a newer contact, a new stage, no longer at risk) the old key is closed with a note.
import type { CustomerFeatures } from './features.ts';
import type { Profile } from './index.ts';
import { LABELS } from './labels.ts';
import { STAGE_MOVES } from './stages.ts';
import type { PlaybookRules } from './playbook-rules.ts';
import { RELATIONSHIP_TREATMENT } from './treatment.ts';

export { STAGE_MOVES } from './stages.ts';

export type ReminderKind = 'care' | 'retention' | 'stage_next' | 'touch' | 'follow_up' | 'survey';
/** `advice`: how to treat this kind of customer, the same line the relationship sheet opens with (lib/engine/treatment.ts). */
export type ReminderReason = { rule: string; params: Record<string, string | number>; zh: string; en: string; advice?: { zh: string; en: string } };
export type ReminderDraft = { kind: ReminderKind; dedupe_key: string; due_at: string; reason: ReminderReason };
export type OpenReminder = { id: string; kind: string; dedupe_key: string };
export type Closing = { id: string; dedupe_key: string; note: { zh: string; en: string } };

export type PlaybookInput = {
  profile: Profile;
  features: CustomerFeatures;
  /** follow-up dates the rep set on the log sheet (interactions.follow_up_at), not yet past by more than a month */
  followUps: { interaction_id: string; follow_up_at: string; next_step: string | null }[];
  last_survey_sent_at: string | null;
  /** the customer's reminders that are open or snoozed */
  open: OpenReminder[];
};

const DAY = 86_400_000;
const day = (iso: string) => iso.slice(0, 10);
const plus = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY).toISOString();
// A reminder for something already late is due now, not weeks in the past.
const notBefore = (due: string, asOf: string) => (Date.parse(due) < Date.parse(asOf) ? asOf : due);


// seed 000 — in what spirit to touch each relationship type: the treatment table's line, so the
// reminder and the relationship sheet say the same thing
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const TOUCH: Record<string, { zh: string; en: string }> = {
  autonomous: { zh: `自主型：${RELATIONSHIP_TREATMENT.autonomous.do.zh}`, en: `autonomous: ${lower(RELATIONSHIP_TREATMENT.autonomous.do.en)}` },
  dependent: { zh: `依赖型：${RELATIONSHIP_TREATMENT.dependent.do.zh}`, en: `dependent: ${lower(RELATIONSHIP_TREATMENT.dependent.do.en)}` },
  loyal: { zh: `忠诚型：${RELATIONSHIP_TREATMENT.loyal.do.zh}`, en: `loyal: ${lower(RELATIONSHIP_TREATMENT.loyal.do.en)}` },
  undetermined: { zh: '定期联系，了解近况', en: 'regular check-in' },
};

function reason(rule: string, params: Record<string, string | number>, zh: string, en: string): ReminderReason {
  return { rule, params, zh, en };
}

export function playbook(input: PlaybookInput, rules: PlaybookRules): { upsert: ReminderDraft[]; close: Closing[] } {
  const { profile: p, features: f } = input;
  const asOf = f.as_of;
  const c = p.customer_id;
  const drafts: ReminderDraft[] = [];

  // 关怀 after a purchase (seed 002): a few days after the latest order, while it is recent.
  if (f.last_order_at && Date.parse(asOf) - Date.parse(f.last_order_at) <= rules.care_window_days * DAY) {
    const helpful = p.relationship_type === 'autonomous';
    drafts.push({
      kind: 'care',
      dedupe_key: `care:${c}:${day(f.last_order_at)}`,
      due_at: notBefore(plus(f.last_order_at, rules.care_after_order_days), asOf),
      reason: reason('playbook.care', { ordered: day(f.last_order_at), autonomous: helpful ? 1 : 0 },
        helpful ? `${day(f.last_order_at)} 下单：售后发一条使用帮助（自主型，勿打销售电话）` : `${day(f.last_order_at)} 下单：售后关怀，问问安装使用有没有问题`,
        helpful ? `ordered ${day(f.last_order_at)}: send a short how-to (autonomous — no sales call)` : `ordered ${day(f.last_order_at)}: care call — any trouble getting started?`),
    });
  }

  // 挽留 when the customer turns 潜在流失 (seeds 001/004): soon; at most one per month at risk.
  if (p.loyalty === 'at_risk') {
    drafts.push({
      kind: 'retention',
      dedupe_key: `retention:${c}:${asOf.slice(0, 7)}`,
      due_at: plus(asOf, rules.retention_due_days),
      reason: reason('playbook.retention', { churn_risk: Math.round(p.churn_risk * 100) },
        `潜在流失（风险 ${Math.round(p.churn_risk * 100)}%）：尽快电话了解原因`,
        `at risk of churning (${Math.round(p.churn_risk * 100)}%): call soon and find out why`),
    });
  }

  // The next move for the funnel stage (seed 002), once per observation that put them there.
  const move = STAGE_MOVES[p.funnel_stage];
  if (move && f.latest_observation) {
    const stage = LABELS.funnel[p.funnel_stage as keyof typeof LABELS.funnel];
    drafts.push({
      kind: 'stage_next',
      dedupe_key: `stage:${c}:${p.funnel_stage}:${f.latest_observation.interaction_id}`,
      due_at: notBefore(plus(f.latest_observation.occurred_at, rules.stage_next_days), asOf),
      reason: reason('playbook.stage_next', { stage: p.funnel_stage, observed: day(f.latest_observation.occurred_at) },
        `${stage.zh}客户：${move.zh}`, `${stage.en}: ${move.en}`),
    });
  }

  // Periodic touch at the cadence of the relationship type (seed 000); churned customers are
  // left to the retention decision, prospects to the stage move.
  if (f.order_count > 0 && p.lifecycle !== 'churned') {
    const every = rules.touch_every_days[p.relationship_type];
    const since = f.last_contact_at ?? f.last_order_at!;
    const due = plus(since, every);
    drafts.push({
      kind: 'touch',
      dedupe_key: `touch:${c}:${day(since)}`,
      due_at: notBefore(due, asOf),
      reason: reason('playbook.touch', { type: p.relationship_type, every, since: day(since) },
        `${TOUCH[p.relationship_type]!.zh}（每 ${every} 天，上次 ${day(since)}）`,
        `${TOUCH[p.relationship_type]!.en} (every ${every} days, last ${day(since)})`),
    });
  }

  // Follow-up dates the rep set on the log sheet: always honoured.
  for (const fu of input.followUps) {
    drafts.push({
      kind: 'follow_up',
      dedupe_key: `follow_up:${fu.interaction_id}`,
      due_at: fu.follow_up_at,
      reason: reason('playbook.follow_up', { interaction_id: fu.interaction_id },
        fu.next_step ? `约定跟进：${fu.next_step}` : '约定的跟进日期', fu.next_step ? `follow-up: ${fu.next_step}` : 'follow-up date you set'),
    });
  }

  // Satisfaction survey (seed 004) for paying customers — never autonomous ones (seed 000: 不太响应您的调查请求).
  const surveyDue = !input.last_survey_sent_at || Date.parse(asOf) - Date.parse(input.last_survey_sent_at) >= rules.survey_every_days * DAY;
  if (f.last_order_at && p.relationship_type !== 'autonomous' && p.relationship_secondary !== 'autonomous' && surveyDue) {
    const period = Math.floor(Date.parse(asOf) / (rules.survey_every_days * DAY));
    drafts.push({
      kind: 'survey',
      dedupe_key: `survey:${c}:${period}`,
      due_at: notBefore(plus(f.last_order_at, rules.survey_after_order_days), asOf),
      reason: reason('playbook.survey', { last_sent: input.last_survey_sent_at ? day(input.last_survey_sent_at) : '' },
        '发一份满意度问卷，听听客户的声音', 'send a satisfaction survey — hear it from the customer'),
    });
  }

  // Every reminder carries the one-line advice for this kind of customer (issue 14).
  const advice = RELATIONSHIP_TREATMENT[p.relationship_type]?.do;
  if (advice) for (const d of drafts) d.reason.advice = advice;

  // Close what no longer holds: a reminder of a kind we manage whose key is not proposed now.
  const wanted = new Set(drafts.map((d) => d.dedupe_key));
  const CLOSE_NOTES: Partial<Record<string, { zh: string; en: string }>> = {
    retention: { zh: '已不再是潜在流失客户', en: 'no longer at risk' },
    stage_next: { zh: '销售阶段已变化', en: 'the funnel stage has changed' },
    touch: { zh: '之后已有联系', en: 'contacted since' },
    survey: { zh: '已不需要发送问卷', en: 'a survey is no longer due' },
  };
  const close = input.open
    .filter((r) => CLOSE_NOTES[r.kind] && !wanted.has(r.dedupe_key))
    .map((r) => ({ id: r.id, dedupe_key: r.dedupe_key, note: CLOSE_NOTES[r.kind]! }));
  return { upsert: drafts, close };
}
