// Building blocks of a customer's history: touches, deals, orders and surveys placed on a
// timeline counted in days before the demo's "today". Pure (no ids, no I/O): the generator
// turns a History into rows.
import type { Rng } from './prng.ts';
import { FUNNEL_NOTES, SURVEY_COMMENTS, type Attitude, type Cognition, type FunnelKey } from './phrases.ts';

export type InteractionKind = 'visit' | 'call' | 'feedback' | 'complaint' | 'suggestion' | 'message' | 'meeting';
export type Sentiment = 'positive' | 'neutral' | 'negative';
export type DealStage = 'needs' | 'demo' | 'quote' | 'contract' | 'won' | 'lost';
export type Needs = 'product' | 'service' | 'both';
export type SurveyAnswer = 'promoter' | 'passive' | 'detractor';

export type InteractionDraft = {
  at: number; // epoch ms
  kind: InteractionKind;
  by: 'rep' | 'customer';
  duration: number | null;
  attitude: Attitude | null;
  cognition: Cognition | null;
  sentiment: Sentiment | null;
  note: string;
  nextStep: string | null;
};
export type StageChange = { from: DealStage | null; to: DealStage; at: number };
export type DealDraft = { createdAt: number; stage: DealStage; amount: number; premium: boolean; changes: StageChange[] };
export type OrderDraft = { at: number; amount: number; discount: boolean; premium: boolean; kind: 'product' | 'service' };
export type SurveyDraft = { at: number; answeredAt: number | null; nps: number; csat: number; comment: string | null };
export type History = { interactions: InteractionDraft[]; deal: DealDraft | null; orders: OrderDraft[]; surveys: SurveyDraft[] };

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Funnel order of seed 002: 潜在 → 观望 → 意向 → 商机. */
export const FUNNEL: readonly FunnelKey[] = ['doubt_vague', 'accept_vague', 'doubt_specific', 'accept_specific'];

const DURATION: Readonly<Record<InteractionKind, readonly [number, number] | null>> = {
  visit: [30, 90],
  meeting: [45, 120],
  call: [3, 20],
  message: null,
  feedback: [5, 15],
  complaint: [5, 20],
  suggestion: [3, 10],
};

const OBS_SENTIMENT: Readonly<Record<FunnelKey, readonly Sentiment[]>> = {
  doubt_vague: ['negative', 'neutral'],
  accept_vague: ['neutral', 'neutral', 'positive'],
  doubt_specific: ['neutral', 'negative'],
  accept_specific: ['positive', 'positive', 'neutral'],
};

export type TouchOpts = {
  obs?: FunnelKey;
  sentiment?: Sentiment | null;
  deep?: boolean; // dependent customers: long visits and calls
  nextStep?: string | null;
};

export class Story {
  readonly h: History = { interactions: [], deal: null, orders: [], surveys: [] };

  constructor(
    readonly rng: Rng,
    private readonly day0: number, // Shanghai midnight of "today", epoch ms
    readonly unit: number, // this customer's typical product order, yuan
    private readonly needs: Needs,
  ) {}

  /** A moment on the day `k` days ago during office hours (09:00–18:00 Shanghai); k ≥ 1 keeps it before today. */
  at(k: number): number {
    return this.day0 - Math.max(1, Math.round(k)) * DAY + (9 * 60 + this.rng.int(0, 539)) * MINUTE;
  }

  /**
   * n whole days from `from` down to `to` (days ago), evenly spread with a little jitter and
   * strictly decreasing — two touches never share a day, so "the latest one" is unambiguous.
   */
  spaced(from: number, to: number, n: number): number[] {
    if (n <= 1) return [Math.round(from)];
    const step = (from - to) / (n - 1);
    const jitter = Math.max(0, (step - 1) / 2);
    return Array.from({ length: n }, (_, i) =>
      i === 0 || i === n - 1 ? Math.round(from - step * i) : Math.round(from - step * i + this.rng.float(-jitter, jitter)),
    );
  }

  touch(k: number, kind: InteractionKind, by: 'rep' | 'customer', note: string, o: TouchOpts = {}): void {
    const range = DURATION[kind];
    let duration = range ? this.rng.int(range[0], range[1]) : null;
    if (duration !== null && o.deep) duration = Math.round(duration * this.rng.float(1.6, 2.2));
    const obs = o.obs;
    this.h.interactions.push({
      at: this.at(k),
      kind,
      by,
      duration,
      attitude: obs ? (obs.startsWith('accept') ? 'accept' : 'doubt') : null,
      cognition: obs ? (obs.endsWith('specific') ? 'specific' : 'vague') : null,
      sentiment: o.sentiment !== undefined ? o.sentiment : obs ? this.rng.pick(OBS_SENTIMENT[obs]) : this.rng.pick(['positive', 'neutral'] as const),
      note: obs && this.rng.chance(0.8) ? this.rng.pick(FUNNEL_NOTES[obs]) : note,
      nextStep: o.nextStep ?? null,
    });
  }

  /** A sale conversation: a visit, call, meeting or message. */
  saleKind(): InteractionKind {
    return this.rng.weighted({ visit: 30, call: 35, meeting: 15, message: 20 });
  }

  /**
   * Touches during a sale, observations moving up the funnel from `fromStage` and ending on
   * `toStage` — by default 接纳+具体 (3), since a customer who signs has reached 商机.
   */
  saleTouches(
    days: number[],
    notes: readonly string[],
    o: { fromStage: number; toStage?: number; observe: number; deep?: boolean; customerShare?: number },
  ): void {
    const to = o.toStage ?? 3;
    days.forEach((k, i) => {
      const last = i === days.length - 1;
      const progress = days.length === 1 ? 1 : i / (days.length - 1);
      let stage = Math.round(o.fromStage + (to - o.fromStage) * progress);
      if (!last && this.rng.chance(0.2)) stage = Math.max(0, stage - 1); // people waver
      const obs = last || this.rng.chance(o.observe) ? FUNNEL[stage] : undefined;
      const by = this.rng.chance(o.customerShare ?? 0.15) ? 'customer' : 'rep';
      this.touch(k, this.saleKind(), by, this.rng.pick(notes), { obs, deep: o.deep });
    });
  }

  /**
   * Customers who only buy services spend less per order than product buyers. A customer who
   * buys both pays about the same per order either way — otherwise the product/service mix
   * alone would look like "falling order amounts", a churn sign (seed 004).
   */
  private kindFactor(): number {
    return this.needs === 'service' ? 0.4 : 1;
  }

  /** A deal's value: about one first order. */
  dealAmount(factor: number): number {
    return this.unit * factor * this.kindFactor() * this.rng.float(0.9, 1.1);
  }

  /** n gaps in days, each in [min, max]. */
  gaps(n: number, min: number, max: number): number[] {
    return Array.from({ length: n }, () => this.rng.int(min, max));
  }

  /**
   * A deal created `k0` days ago that walks `path`, one stage change after each gap (days).
   * Returns the day (days ago) and moment of its last stage change.
   */
  deal(k0: number, path: readonly DealStage[], gaps: readonly number[], amount: number, premium: boolean): { k: number; at: number } {
    let k = k0;
    let at = this.at(k);
    const changes: StageChange[] = [{ from: null, to: path[0]!, at }];
    for (let i = 1; i < path.length; i++) {
      k -= Math.max(1, gaps[i - 1] ?? 1);
      at = this.at(k);
      changes.push({ from: path[i - 1]!, to: path[i]!, at });
    }
    this.h.deal = { createdAt: changes[0]!.at, stage: path[path.length - 1]!, amount: roundAmount(amount), premium, changes };
    return { k, at };
  }

  /** An order `k` days ago; `factor` scales this customer's usual amount. The first order is the deal. */
  order(k: number, factor: number, o: { discount: boolean; premium: boolean; at?: number; amount?: number }): void {
    const n = this.h.orders.length;
    const kind =
      this.needs === 'both' ? (n === 0 ? 'product' : n === 1 ? 'service' : this.rng.pick(['product', 'service'] as const)) : this.needs;
    const amount =
      o.amount !== undefined
        ? roundAmount(o.amount)
        : n === 0 && this.h.deal?.stage === 'won'
          ? this.h.deal.amount
          : roundAmount(this.unit * factor * this.kindFactor() * this.rng.float(0.85, 1.15));
    this.h.orders.push({ at: o.at ?? this.at(k), amount, discount: o.discount, premium: o.premium, kind });
  }

  /** Orders every ~`rhythm` days from `fromK` down to yesterday, at most `max`. */
  ordersEvery(fromK: number, rhythm: number, max: number, factor: number, o: () => { discount: boolean; premium: boolean }, firstAt?: number): number[] {
    const days: number[] = [];
    for (let k = fromK; k >= 1 && days.length < max; k -= Math.max(3, Math.round(rhythm * this.rng.float(0.85, 1.15)))) days.push(k);
    days.forEach((k, i) => this.order(k, factor, { ...o(), at: i === 0 ? firstAt : undefined }));
    return days;
  }

  /**
   * n orders spread from `fromK` to `toK` days ago: a fixed number of orders whose last one is
   * recent, so the customer is active against their own rhythm (seed 003).
   */
  ordersSpread(fromK: number, toK: number, n: number, factor: number, o: () => { discount: boolean; premium: boolean }, firstAt?: number): number[] {
    const days = this.spaced(fromK, Math.min(toK, fromK - 1), Math.min(n, Math.max(1, fromK - toK)));
    days.forEach((k, i) => this.order(k, factor, { ...o(), at: i === 0 ? firstAt : undefined }));
    return days;
  }

  /** A survey sent `k` days ago; answered when `answer` is given (a few hours to two days later). */
  survey(k: number, answer: SurveyAnswer | null, npsRange?: readonly [number, number]): void {
    const at = this.at(k);
    if (!answer) {
      this.h.surveys.push({ at, answeredAt: null, nps: 0, csat: 0, comment: null });
      return;
    }
    const [lo, hi] = npsRange ?? (answer === 'promoter' ? [9, 10] : answer === 'passive' ? [7, 8] : [0, 5]);
    const csat = answer === 'promoter' ? this.rng.int(4, 5) : answer === 'passive' ? this.rng.int(3, 4) : this.rng.int(1, 2);
    const answeredAt = Math.min(at + Math.round(this.rng.float(0.1, 2) * DAY), this.day0 - HOUR);
    const comment = this.rng.chance(0.6) ? this.rng.pick(SURVEY_COMMENTS[answer]) : null;
    this.h.surveys.push({ at, answeredAt, nps: this.rng.int(lo, hi), csat, comment });
  }
}

/** Money rounded to 10 yuan, as real price lists are. */
export function roundAmount(x: number): number {
  return Math.max(10, Math.round(x / 10) * 10);
}
