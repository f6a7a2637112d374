// Seed traceability (issue 16 item 6): every rule and weight cites the sentence of the seed
// articles it comes from (tests/unit/engine/seed-trace.ts), the docs table is that list, and the
// rules that had no test of their own quoting a seed get one here.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../lib/engine/index.ts';
import { profileOf, rulesOf, everyNDays } from './history.ts';
import { TRACE, traceMarkdown } from './seed-trace.ts';

function leaves(o: unknown, prefix = ''): string[] {
  if (o === null || typeof o !== 'object') return [prefix];
  return Object.entries(o).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}
const get = (p: string): unknown => p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], DEFAULT_RULES);
const covers = (rule: string, leaf: string) => leaf === rule || leaf.startsWith(`${rule}.`);

describe('seed traceability', () => {
  it('every rule and weight of DEFAULT_RULES cites exactly one seed sentence', () => {
    const all = leaves(DEFAULT_RULES);
    const uncited = all.filter((leaf) => !TRACE.some((t) => t.rules.some((r) => covers(r, leaf))));
    expect(uncited, 'rules without a seed sentence in tests/unit/engine/seed-trace.ts').toEqual([]);
    const twice = all.filter((leaf) => TRACE.flatMap((t) => t.rules).filter((r) => covers(r, leaf)).length > 1);
    expect(twice, 'rules cited twice').toEqual([]);
  });

  it.each(TRACE.map((t) => [t.seed, t.quote, t] as const))('seed %s "%s" → a rule that exists', (_, __, t) => {
    for (const r of t.rules) expect(get(r), r).not.toBeUndefined();
    expect(t.quote).toMatch(/[\u4e00-\u9fff]{4,}/);
  });

  it('docs/engine.md carries the table exactly as generated from the list', () => {
    const docs = readFileSync(path.resolve(import.meta.dirname, '../../../docs/engine.md'), 'utf8');
    expect(docs).toContain(traceMarkdown(get));
  });
});

// a steady monthly buyer, in touch last week: no warning sign of their own
const steady = { orders: everyNDays(8, 30, 10, { amount: 1000 }), interactions: [{ daysAgo: 7 }, { daysAgo: 40 }] };

describe('seed 004 "客户反馈能直接反映客户的满意度和需求变化"', () => {
  it('contacts logged in a negative mood raise the churn risk on their own (0.2 at two in 90 days), without a complaint', () => {
    const p = profileOf({
      ...steady,
      interactions: [...steady.interactions, { daysAgo: 20, kind: 'call', sentiment: 'negative' }, { daysAgo: 12, kind: 'message', sentiment: 'negative' }],
    });
    expect(rulesOf(p, 'loyalty')).toContain('loyalty.negative_sentiment');
    expect(p.churn_risk).toBeCloseTo(0.2, 6);
    expect(p.loyalty).toBe('loyal'); // one weak sign alone stays below 潜在流失 (30 %)
    // older than 90 days: no longer a sign
    const old = profileOf({ ...steady, interactions: [...steady.interactions, { daysAgo: 120, kind: 'call', sentiment: 'negative' }] });
    expect(rulesOf(old, 'loyalty')).not.toContain('loyalty.negative_sentiment');
  });
});

describe('seed 004 "通过客户满意度调查,企业可以了解客户对产品和服务的评价"', () => {
  it('a low satisfaction score (CSAT ≤ 2) is a churn sign even when the NPS is fine', () => {
    const p = profileOf({ ...steady, surveys: [{ sentDaysAgo: 20, answeredDaysAgo: 19, nps: 8, csat: 2 }] });
    expect(rulesOf(p, 'loyalty')).toContain('loyalty.low_survey');
    const ok = profileOf({ ...steady, surveys: [{ sentDaysAgo: 20, answeredDaysAgo: 19, nps: 8, csat: 3 }] });
    expect(rulesOf(ok, 'loyalty')).not.toContain('loyalty.low_survey');
  });
});

describe('seed 003 "曾经进行过交易,但近期购买频率较低的客户"', () => {
  it('orders coming further apart raise the churn risk, by 0.35', () => {
    // gaps 20, 20, 20 then 60, 60, 60: later gaps are 3 × earlier ones
    const days = [300, 280, 260, 240, 180, 120, 60];
    const p = profileOf({ orders: days.map((d) => ({ daysAgo: d, amount: 1000 })), interactions: steady.interactions });
    const r = p.reasons.loyalty.find((x) => x.rule === 'loyalty.frequency_drop');
    expect(r?.params).toMatchObject({ contribution: 0.35 });
  });
});
