// Loyalty and churn risk (seed 001 忠诚度标准: 忠诚客户 / 潜在流失客户 / 流失客户; seed 002
// 追踪变动趋势: amounts, counts and whether they ordered lately; seed 004: purchase history,
// complaints, satisfaction surveys).
//
// Each warning sign has a strength in [0, 1] and a weight; they combine as a noisy-OR,
// churn_risk = 1 − Π(1 − weight × strength): any one sign can raise the risk, several raise it
// further, and it never leaves [0, 1]. Every sign that contributes is a reason, with its share.
import { DEFAULT_TIMEZONE } from './context.ts';
import type { CustomerFeatures } from './features.ts';
import { clamp01, localDate, round } from './format.ts';
import type { Loyalty } from './labels.ts';
import type { LifecycleResult } from './lifecycle.ts';
import { reason, type Reason } from './reasons.ts';
import type { Rules } from './rules.ts';

export type LoyaltyResult = { loyalty: Loyalty; churnRisk: number; reasons: Reason[] };

type Sign = { key: keyof Rules['loyalty']['weights']; strength: number; params: Record<string, number | string> };

/**
 * The silence sign's strength: 0 at one usual gap, full when churn sets in (churn_factor gaps) —
 * in tenths of that ramp, not day by day. A risk that crept up every day rewrote every silent
 * customer's profile every night (churn risk, priority, their reasons) for a change no rep acts
 * on; in tenths it moves every few days to weeks (a tenth of (churn_factor − 1) gaps), and
 * lib/engine/review.ts knows the day of the next step.
 */
export const SILENCE_STEPS = 10;
export function silenceStrength(ratio: number, churnFactor: number): number {
  if (ratio <= 1) return 0;
  return Math.ceil(clamp01((ratio - 1) / (churnFactor - 1)) * SILENCE_STEPS) / SILENCE_STEPS;
}

function signs(f: CustomerFeatures, life: LifecycleResult, rules: Rules, timeZone: string): Sign[] {
  const l = rules.loyalty;
  const out: Sign[] = [];
  // silent longer than their usual gap: 0 at one gap, full strength when churn sets in
  if (life.silenceRatio !== null && life.expectedGap !== null && life.silenceRatio > 1) {
    const strength = silenceStrength(life.silenceRatio, rules.lifecycle.churn_factor);
    const since = f.last_order_at!;
    out.push({ key: 'silence', strength, params: { since, date: localDate(since, timeZone), gap: round(life.expectedGap) } });
  }
  if (f.order_count >= l.min_orders_for_trend) {
    // orders getting smaller
    if (f.early_avg_amount && f.late_avg_amount !== null && f.late_avg_amount / f.early_avg_amount <= l.amount_drop_ratio)
      out.push({
        key: 'amount_drop',
        strength: 1,
        params: { early: f.early_avg_amount, late: f.late_avg_amount, pct: round((f.late_avg_amount / f.early_avg_amount) * 100, 0) },
      });
    // orders getting rarer
    if (f.early_avg_gap_days && f.late_avg_gap_days !== null && f.late_avg_gap_days / f.early_avg_gap_days >= l.frequency_drop_ratio)
      out.push({ key: 'frequency_drop', strength: 1, params: { early: f.early_avg_gap_days, late: f.late_avg_gap_days } });
  }
  if (f.complaints_last_90d > 0)
    out.push({ key: 'complaints', strength: clamp01(f.complaints_last_90d / l.complaints_full), params: { count: f.complaints_last_90d } });
  if (f.surveys_answered > 0) {
    const lowNps = f.last_nps !== null && f.last_nps <= l.low_nps_max;
    const lowCsat = f.avg_csat !== null && f.avg_csat <= l.low_csat_max;
    if (lowNps || lowCsat)
      out.push({ key: 'low_survey', strength: 1, params: { last_nps: f.last_nps ?? '-', avg_csat: f.avg_csat ?? '-' } });
  }
  if (f.negative_sentiment_last_90d > 0)
    out.push({ key: 'negative_sentiment', strength: clamp01(f.negative_sentiment_last_90d / l.negative_full), params: { count: f.negative_sentiment_last_90d } });
  const silentDays = f.days_since_last_contact ?? f.customer_age_days;
  if (silentDays >= l.no_contact_days)
    out.push({
      key: 'no_contact',
      strength: 1,
      params: f.last_contact_at
        ? { since: f.last_contact_at, date: localDate(f.last_contact_at, timeZone), min: l.no_contact_days }
        : { never: 1, min: l.no_contact_days },
    });
  return out;
}

export function classifyLoyalty(f: CustomerFeatures, life: LifecycleResult, rules: Rules, timeZone: string = DEFAULT_TIMEZONE): LoyaltyResult {
  const l = rules.loyalty;
  const found = signs(f, life, rules, timeZone);
  let keep = 1;
  const signReasons: Reason[] = [];
  for (const s of found) {
    const contribution = l.weights[s.key] * s.strength;
    if (contribution <= 0) continue;
    keep *= 1 - contribution;
    signReasons.push(reason(`loyalty.${s.key}`, { ...s.params, contribution: round(contribution, 2) }));
  }
  const risk = round(1 - keep, 3);

  if (life.state === 'churned')
    // It already happened: the risk is a certainty, the reason is the lifecycle's.
    return { loyalty: 'churned', churnRisk: 1, reasons: [reason('loyalty.churned', {}), ...life.reasons, ...signReasons] };
  if (life.state === 'potential')
    return { loyalty: 'none', churnRisk: risk, reasons: [reason('loyalty.none', { risk }), ...signReasons] };
  if (risk >= l.at_risk_min)
    return { loyalty: 'at_risk', churnRisk: risk, reasons: [reason('loyalty.at_risk', { risk, min: l.at_risk_min }), ...signReasons] };
  return { loyalty: 'loyal', churnRisk: risk, reasons: [reason('loyalty.loyal', { risk, min: l.at_risk_min }), ...signReasons] };
}
