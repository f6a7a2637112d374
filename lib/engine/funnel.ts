// Funnel stage (seed 002): the rep's latest observation of the customer's attitude (质疑 doubt /
// 接纳 accept) and cognition (笼统 vague / 具体 specific) places them:
//   质疑+笼统=潜在  接纳+笼统=观望  质疑+具体=意向  接纳+具体=商机
// and a won deal (or, by default, an order) is 签约 signed. A signed customer goes back into the
// funnel only when a newer observation belongs to a new sale (an open deal) — otherwise an
// after-sales visit noted as "doubting, vague" would wrongly demote them to a prospect.
import type { CustomerFeatures, Observation, OrgContext } from './features.ts';
import { localDate } from './format.ts';
import type { FunnelStage } from './labels.ts';
import { reason, type Reason } from './reasons.ts';
import type { Rules } from './rules.ts';
import { stageOf } from './stages.ts';

// (stageOf lives in stages.ts, small enough for the log sheet to import on the phone)
export { stageOf } from './stages.ts';

export type FunnelResult = { stage: FunnelStage; reasons: Reason[] };


const time = (iso: string | null) => (iso === null ? Number.NEGATIVE_INFINITY : Date.parse(iso));


function fromObservation(o: Observation, ctx: OrgContext): FunnelResult {
  const stage = stageOf(o.attitude, o.cognition);
  // The interaction's id and time travel with the reason so the UI can link "the visit on 11-20".
  return {
    stage,
    reasons: [
      reason('funnel.observation', {
        stage,
        attitude: o.attitude,
        cognition: o.cognition,
        kind: o.kind,
        interaction_id: o.interaction_id,
        occurred_at: o.occurred_at,
        date: localDate(o.occurred_at, ctx.timezone),
      }),
    ],
  };
}

export function classifyFunnel(f: CustomerFeatures, ctx: OrgContext, rules: Rules): FunnelResult {
  const obs = f.latest_observation;
  const byOrders = rules.funnel.signed_from_orders && f.order_count > 0;
  if (f.deals_won > 0 || byOrders) {
    const signedAt = Math.max(f.deals_won > 0 ? time(f.last_won_at) : -Infinity, byOrders ? time(f.last_order_at) : -Infinity);
    if (obs && f.deals_open > 0 && time(obs.occurred_at) > signedAt) {
      const r = fromObservation(obs, ctx);
      r.reasons.push(reason('funnel.new_deal', { open: f.deals_open }));
      return r;
    }
    const reasons: Reason[] = [];
    if (f.deals_won > 0)
      reasons.push(reason('funnel.signed_won', { won: f.deals_won, ...(f.last_won_at ? { date: localDate(f.last_won_at, ctx.timezone) } : {}) }));
    if (byOrders)
      reasons.push(reason('funnel.signed_order', { orders: f.order_count, ...(f.last_order_at ? { date: localDate(f.last_order_at, ctx.timezone) } : {}) }));
    return { stage: 'signed', reasons };
  }
  if (obs) return fromObservation(obs, ctx);
  // No observation yet: a new lead is a prospect until a rep has seen how they react.
  return { stage: 'potential', reasons: [reason('funnel.no_observation', {})] };
}
