// One history per archetype, written from the seeds' descriptions (docs/design.md, "Classification"). Day numbers
// are "days before today"; the demo covers about six months (≤ ~190 days).
import type { Archetype } from './archetypes.ts';
import * as P from './phrases.ts';
import type { Rng } from './prng.ts';
import { FUNNEL, Story, type DealStage, type History, type Needs } from './story-kit.ts';

const SIGNED_PATH: readonly DealStage[] = ['needs', 'demo', 'quote', 'contract', 'won'];
const AFTER_SIGNING = 90 * 60_000; // the first order is booked an hour and a half after the deal is won

export type StoryInput = { rng: Rng; day0: number; archetype: Archetype; needs: Needs; unitAmount: number };

export function customerHistory(input: StoryInput): History {
  const s = new Story(input.rng, input.day0, input.unitAmount, input.needs);
  STORIES[input.archetype](s);
  return s.h;
}

/** A deal won `wonK` days ago after the standard path with the given gaps; returns where it started. */
function signed(s: Story, wonK: number, gaps: number[], amountFactor = 1, premium = false): { k0: number; k: number; at: number } {
  const k0 = wonK + gaps.reduce((a, b) => a + b, 0);
  return { k0, ...s.deal(k0, SIGNED_PATH, gaps, s.dealAmount(amountFactor), premium) };
}

const STORIES: Readonly<Record<Archetype, (s: Story) => void>> = {
  autonomous(s) {
    // Knows what it wants: through the stages in days, two touches, pays for premium.
    const end = signed(s, s.rng.int(50, 160), s.gaps(4, 1, 3), 1.3, true);
    s.touch(end.k0, 'call', 'customer', '客户主动来电，需求明确', { obs: 'accept_specific' });
    s.touch(end.k + 1, 'meeting', 'rep', '演示高级功能，客户当场确认', { obs: 'accept_specific' });
    const n = end.k > 100 ? 3 : 2;
    const orders = s.ordersSpread(end.k, s.rng.int(3, 30), n, 1.3, () => ({ discount: false, premium: s.rng.chance(0.85) }), end.at + AFTER_SIGNING);
    // Quiet after buying: at most a problem report, and the occasional helpful note from us.
    if (s.rng.chance(0.4)) s.touch(s.rng.int(1, Math.max(1, end.k - 2)), 'complaint', 'customer', s.rng.pick(P.AUTONOMOUS_PROBLEM_NOTES), { sentiment: 'negative' });
    if (s.rng.chance(0.3)) s.touch(s.rng.int(1, Math.max(1, end.k - 5)), 'message', 'rep', s.rng.pick(P.HELPFUL_CONTENT_NOTES), { sentiment: null });
    // Surveys go out after purchases and are never answered.
    for (const k of orders.slice(0, 2)) if (k > 4) s.survey(k - 3, null);
  },

  dependent(s) {
    // Slow, repeated stages: back from quote to needs analysis once or twice.
    const path: DealStage[] = ['needs', 'demo', 'quote', 'needs', 'demo', 'quote'];
    if (s.rng.chance(0.5)) path.push('needs', 'quote');
    path.push('contract', 'won');
    const k0 = s.rng.int(150, 182);
    const end = s.deal(k0, path, s.gaps(path.length - 1, 6, 11), s.dealAmount(1), false);
    const saleDays: number[] = [];
    for (let k = k0; k > end.k; k -= s.rng.int(3, 5)) saleDays.push(k);
    s.saleTouches(saleDays, P.DEPENDENT_SALE_NOTES, { fromStage: 1, observe: 0.5, deep: true, customerShare: 0.45 });
    const orders = s.ordersSpread(end.k, s.rng.int(3, 20), 3, 0.95, () => ({ discount: s.rng.chance(0.85), premium: s.rng.chance(0.05) }), end.at + AFTER_SIGNING);
    // Frequent, deep contact after the sale, online and offline, often started by the customer.
    for (let k = end.k - s.rng.int(2, 5); k >= 1; k -= s.rng.int(4, 8)) {
      const kind = s.rng.weighted({ message: 35, call: 25, visit: 15, meeting: 10, feedback: 10, suggestion: 5 });
      const note = kind === 'suggestion' ? s.rng.pick(P.SUGGESTION_NOTES) : s.rng.pick(P.DEPENDENT_AFTER_NOTES);
      s.touch(k, kind, s.rng.chance(0.6) ? 'customer' : 'rep', note, { deep: true });
    }
    if (orders[0]! > 4 && s.rng.chance(0.7)) s.survey(orders[0]! - 3, 'passive');
  },

  loyal(s) {
    const end = signed(s, s.rng.int(125, 145), s.gaps(4, 6, 11));
    s.saleTouches(s.spaced(end.k0, end.k + 1, s.rng.int(4, 6)), P.SALE_NOTES, { fromStage: 1, observe: 0.6 });
    const orders = s.ordersEvery(end.k, s.rng.int(18, 28), 12, 1, () => ({ discount: s.rng.chance(0.25), premium: s.rng.chance(0.1) }), end.at + AFTER_SIGNING);
    // They reply and reach out — messages, calls, a referral — not only when something is wrong.
    for (let k = end.k - s.rng.int(10, 20); k >= 1; k -= s.rng.int(20, 30)) {
      s.touch(k, s.rng.pick(['visit', 'call', 'message'] as const), s.rng.chance(0.3) ? 'customer' : 'rep', s.rng.pick(P.LOYAL_TOUCH_NOTES), { sentiment: 'positive' });
    }
    // A service problem, taken patiently, fixed by a visit — and the customer keeps buying.
    const pk = Math.max(3, Math.round(end.k * s.rng.float(0.4, 0.7)));
    s.touch(pk, 'complaint', 'customer', s.rng.pick(P.PATIENT_COMPLAINT_NOTES), { sentiment: 'neutral' });
    s.touch(pk - 2, 'visit', 'rep', s.rng.pick(P.PROBLEM_FIXED_NOTES), { sentiment: 'positive' });
    // Answers every survey, positively.
    const sent = orders.filter((k) => k > 4).filter((_, i) => i % 2 === 0).slice(0, 3);
    for (const k of sent) s.survey(k - 3, 'promoter');
  },

  regular(s) {
    // Long enough a customer that a handful of contacts is not "frequent" (seed 000 二、2).
    const end = signed(s, s.rng.int(60, 130), s.gaps(4, 4, 9));
    s.saleTouches(s.spaced(end.k0, end.k + 1, 4), P.SALE_NOTES, { fromStage: 0, observe: 0.6, customerShare: 0.1 });
    const orders = s.ordersEvery(end.k, s.rng.int(45, 70), 3, 1, () => ({ discount: s.rng.chance(0.1), premium: s.rng.chance(0.1) }), end.at + AFTER_SIGNING);
    for (let k = end.k - s.rng.int(15, 30); k >= 1; k -= s.rng.int(25, 40)) {
      const byCustomer = s.rng.chance(0.15);
      if (byCustomer) s.touch(k, 'feedback', 'customer', s.rng.pick(P.CUSTOMER_FEEDBACK_NOTES));
      else s.touch(k, s.rng.pick(['call', 'visit', 'message'] as const), 'rep', s.rng.pick(P.REGULAR_AFTER_NOTES));
    }
    if (orders[0]! > 4 && s.rng.chance(0.5)) s.survey(orders[0]! - 3, s.rng.chance(0.6) ? (s.rng.chance(0.3) ? 'promoter' : 'passive') : null);
  },

  new_signed(s) {
    const end = signed(s, s.rng.int(2, 10), s.gaps(4, 3, 8));
    s.saleTouches(s.spaced(end.k0, end.k + 1, s.rng.int(3, 5)), P.SALE_NOTES, { fromStage: s.rng.int(0, 1), observe: 0.7 });
    s.order(end.k, 1, { discount: s.rng.chance(0.3), premium: s.rng.chance(0.1), at: end.at + AFTER_SIGNING });
  },

  at_risk(s) {
    // Still buying on rhythm, but each order smaller; complaints and a low score lately.
    const r = s.rng.int(26, 34);
    const lastK = s.rng.int(18, 30);
    const wonK = lastK + 3 * r;
    const end = signed(s, wonK, s.gaps(4, 4, 9));
    s.saleTouches(s.spaced(end.k0, end.k + 1, s.rng.int(3, 4)), P.SALE_NOTES, { fromStage: 1, observe: 0.6 });
    // Each order clearly below the one before (±10 % jitter never reverses the trend), whatever was bought.
    [1, 0.72, 0.48, 0.28].forEach((f, i) => {
      const k = i === 0 ? end.k : lastK + (3 - i) * r + s.rng.int(-2, 2);
      const first = s.h.orders[0]?.amount;
      s.order(k, f, {
        discount: s.rng.chance(0.3),
        premium: false,
        at: i === 0 ? end.at + AFTER_SIGNING : undefined,
        amount: first === undefined ? undefined : first * f * s.rng.float(0.9, 1.1),
      });
    });
    for (let k = end.k - 20; k > lastK + 30; k -= s.rng.int(20, 30)) s.touch(k, s.rng.pick(['call', 'visit'] as const), 'rep', s.rng.pick(P.REGULAR_AFTER_NOTES));
    const c1 = s.rng.int(30, 55);
    s.touch(c1, 'complaint', 'customer', s.rng.pick(P.ANGRY_COMPLAINT_NOTES), { sentiment: 'negative' });
    s.touch(c1 - 2, 'call', 'rep', '回电安抚客户，承诺尽快解决', { sentiment: 'neutral' });
    s.touch(s.rng.int(5, 15), 'complaint', 'customer', s.rng.pick(P.ANGRY_COMPLAINT_NOTES), { sentiment: 'negative' });
    s.survey(lastK + r - 3, 'detractor', [1, 4]);
  },

  inactive(s) {
    // A ~3-weekly buyer whose last order is about three rhythms ago — gone quiet, not yet lost.
    // Three orders, not more: "more than three orders" is the loyal signature.
    const r = s.rng.int(18, 25);
    const lastK = Math.round(r * s.rng.float(2.1, 2.8)); // between 1.5 and 3 rhythms: quiet, not gone
    const wonK = lastK + 2 * r;
    const end = signed(s, wonK, s.gaps(4, 3, 7));
    s.saleTouches(s.spaced(end.k0, end.k + 1, s.rng.int(3, 5)), P.SALE_NOTES, { fromStage: 1, observe: 0.6 });
    for (let i = 0; i < 3; i++) {
      const k = i === 0 ? end.k : lastK + (2 - i) * r;
      s.order(k, 1, { discount: s.rng.chance(0.3), premium: false, at: i === 0 ? end.at + AFTER_SIGNING : undefined });
    }
    for (let k = end.k - 15; k >= lastK; k -= s.rng.int(18, 25)) s.touch(k, s.rng.pick(['call', 'visit', 'message'] as const), 'rep', s.rng.pick(P.REGULAR_AFTER_NOTES));
    if (s.rng.chance(0.4)) s.survey(wonK - 5, 'passive');
  },

  churned(s) {
    // A ~3-weekly buyer who stopped four months ago, often after a complaint.
    const r = s.rng.int(18, 22);
    const lastK = s.rng.int(112, 122);
    const wonK = lastK + 2 * r;
    const end = signed(s, wonK, s.gaps(4, 3, 6));
    s.saleTouches(s.spaced(end.k0, end.k + 1, s.rng.int(3, 5)), P.SALE_NOTES, { fromStage: 1, observe: 0.6, customerShare: 0.3 });
    for (let i = 0; i < 3; i++) {
      const k = i === 0 ? end.k : lastK + (2 - i) * r;
      s.order(k, 1, { discount: s.rng.chance(0.3), premium: false, at: i === 0 ? end.at + AFTER_SIGNING : undefined });
    }
    if (s.rng.chance(0.5)) s.touch(lastK + r, 'message', 'customer', s.rng.pick(P.CUSTOMER_FEEDBACK_NOTES));
    else s.touch(lastK + r, 'call', 'rep', s.rng.pick(P.REGULAR_AFTER_NOTES));
    if (s.rng.chance(0.5)) s.touch(lastK - s.rng.int(0, 5), 'complaint', 'customer', s.rng.pick(P.ANGRY_COMPLAINT_NOTES), { sentiment: 'negative' });
    if (s.rng.chance(0.5)) s.survey(lastK + r - 3, null);
  },

  prospect_potential: (s) => prospect(s, 0),
  prospect_wait: (s) => prospect(s, 1),
  prospect_intent: (s) => prospect(s, 2),
  prospect_opportunity: (s) => prospect(s, 3),

  lost(s) {
    const k0 = s.rng.int(60, 170);
    const lastK = s.rng.int(5, 50);
    const days = s.spaced(k0, lastK, s.rng.int(3, 6));
    s.saleTouches(days.slice(0, -1), P.SALE_NOTES, { fromStage: 0, toStage: 2, observe: 0.6 });
    const gap = Math.max(1, Math.floor((k0 - lastK) / 4));
    s.deal(k0 - 2, ['needs', 'demo', 'quote', 'lost'], s.gaps(3, Math.max(1, gap - 3), gap), s.dealAmount(1.1), false);
    s.touch(lastK, 'call', 'rep', s.rng.pick(P.LOST_NOTES), { obs: s.rng.pick(['doubt_specific', 'doubt_vague'] as const), sentiment: 'negative' });
  },
};

/** A prospect whose latest observation is funnel stage `target` (0 潜在 … 3 商机); no won deal. */
function prospect(s: Story, target: number): void {
  const lastK = s.rng.int(1, 18);
  const k0 = lastK + s.rng.int(15, 130);
  const days = s.spaced(k0, lastK, s.rng.int(3, 7));
  // Earlier observations climb towards the target, never past it.
  const stages = days.map(() => s.rng.int(0, target)).sort((a, b) => a - b);
  days.forEach((k, i) => {
    const last = i === days.length - 1;
    const obs = last || s.rng.chance(0.7) ? FUNNEL[last ? target : stages[i]!] : undefined;
    const kind = i === 0 ? s.rng.pick(['call', 'visit'] as const) : s.saleKind();
    s.touch(k, kind, 'rep', s.rng.pick(P.SALE_NOTES), { obs, nextStep: last || s.rng.chance(0.3) ? s.rng.pick(P.NEXT_STEPS) : null });
  });
  const path: DealStage[] | null =
    target === 3 && s.rng.chance(0.9)
      ? s.rng.chance(0.5) ? ['needs', 'demo', 'quote', 'contract'] : ['needs', 'demo', 'quote']
      : target === 2 && s.rng.chance(0.6)
        ? s.rng.chance(0.5) ? ['needs', 'demo', 'quote'] : ['needs', 'demo']
        : target === 1 && s.rng.chance(0.3)
          ? ['needs']
          : null;
  if (path) {
    const start = days[Math.floor(days.length / 2)]!;
    const gap = Math.max(1, Math.floor((start - lastK) / path.length));
    s.deal(start, path, s.gaps(path.length - 1, Math.max(1, gap - 2), gap), s.dealAmount(1.25), false);
  }
}
