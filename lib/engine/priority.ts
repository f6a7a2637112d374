// Priority on the rep's list (seed 002: 给客户打标签,同时也是在为潜在客户打分,确定潜在客户跟进的
// 优先级): points from value, live churn risk, how far back the customer is slipping, and how
// close a prospect is to buying. Higher = act sooner; at-risk high-value customers come first,
// already-churned ones below them (win-back can wait for the ones still there to keep).
import type { FunnelStage, Lifecycle, Loyalty, ValueTier } from './labels.ts';
import { round } from './format.ts';
import { reason, type Reason } from './reasons.ts';
import type { Rules } from './rules.ts';

export type PriorityInput = { value: ValueTier; loyalty: Loyalty; churnRisk: number; lifecycle: Lifecycle; funnel: FunnelStage };
export type PriorityResult = { priority: number; reasons: Reason[] };

export function scorePriority(p: PriorityInput, rules: Rules): PriorityResult {
  const w = rules.priority;
  const parts: Reason[] = [];
  let total = 0;
  const add = (points: number, r: Reason) => {
    total += points;
    if (points > 0) parts.push(r);
  };
  const valuePts = w.value[p.value];
  add(valuePts, reason('priority.value', { tier: p.value, points: valuePts }));
  if (p.loyalty === 'churned') add(w.churned, reason('priority.churned', { points: w.churned }));
  else {
    const riskPts = round(p.churnRisk * w.churn_risk, 1);
    add(riskPts, reason('priority.churn_risk', { risk: p.churnRisk, points: riskPts }));
  }
  if (p.lifecycle === 'inactive') add(w.inactive, reason('priority.inactive', { points: w.inactive }));
  const funnelPts = w.funnel[p.funnel];
  add(funnelPts, reason('priority.funnel', { stage: p.funnel, points: funnelPts }));
  const priority = round(total, 1);
  return { priority, reasons: [reason('priority.total', { points: priority }), ...parts] };
}
