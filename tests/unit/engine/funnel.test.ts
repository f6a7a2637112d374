// Seed 002 (客户漏斗: 潜在、观望、意向、商机, and 签约): attitude × cognition of the latest observation.
import { describe, expect, it } from 'vitest';
import { guid, profileOf, type InteractionIn } from './history.ts';

const seen = (attitude: 'accept' | 'doubt', cognition: 'vague' | 'specific', daysAgo = 3, extra: Partial<InteractionIn> = {}): InteractionIn => ({
  daysAgo,
  attitude,
  cognition,
  kind: 'visit',
  id: guid(),
  ...extra,
});

describe('seed 002 四类客户识别 (attitude × cognition)', () => {
  it.each([
    ['"质疑+笼统=潜在客户"', 'doubt', 'vague', 'potential', '潜在'],
    ['"接纳+笼统=观望客户"', 'accept', 'vague', 'wait_and_see', '观望'],
    ['"质疑+具体=意向客户"', 'doubt', 'specific', 'intent', '意向'],
    ['"接纳+具体=商机客户"', 'accept', 'specific', 'opportunity', '商机'],
  ] as const)('%s', (_seed, attitude, cognition, stage, zh) => {
    const p = profileOf({ interactions: [seen(attitude, cognition)] });
    expect(p.funnel_stage).toBe(stage);
    expect(p.tags.find((t) => t.tag === `funnel:${stage}`)?.zh).toBe(zh);
  });

  it('the reason names the interaction (id and time) that placed the customer, dated in the org timezone', () => {
    // 2026-06-29 17:00 UTC is 2026-06-30 01:00 in Beijing: the rep logged it on the 30th
    const visit = { ...seen('doubt', 'specific'), daysAgo: 7 / 24 };
    const p = profileOf({ interactions: [visit] });
    const [r] = p.reasons.funnel;
    expect(r?.rule).toBe('funnel.observation');
    expect(r?.params).toMatchObject({ interaction_id: visit.id, occurred_at: '2026-06-29T17:00:00.000Z', date: '2026-06-30' });
    expect(r?.zh).toBe('2026-06-30 拜访：质疑+具体 → 意向');
    expect(r?.en).toBe('visit on 2026-06-30: doubting + specific → Intent');
  });

  it('the latest observation decides: a customer who warmed up moves forward, one who cooled moves back', () => {
    const warmed = profileOf({ interactions: [seen('doubt', 'vague', 40), seen('accept', 'specific', 2)] });
    expect(warmed.funnel_stage).toBe('opportunity');
    const cooled = profileOf({ interactions: [seen('accept', 'specific', 40), seen('doubt', 'vague', 2)] });
    expect(cooled.funnel_stage).toBe('potential');
  });

  it('interactions without both axes recorded do not move the stage', () => {
    const p = profileOf({ interactions: [seen('accept', 'vague', 20), { daysAgo: 1, kind: 'call', attitude: 'doubt' }] });
    expect(p.funnel_stage).toBe('wait_and_see');
  });

  it('no observation at all: a prospect (潜在) by default, and it says so', () => {
    const p = profileOf({ interactions: [{ daysAgo: 1 }] });
    expect(p.funnel_stage).toBe('potential');
    expect(p.reasons.funnel[0]?.rule).toBe('funnel.no_observation');
  });
});

describe('seed 002 "最粗略的也会按照潜在客户、热点客户、签约客户和失效客户来分类的" → 签约 signed', () => {
  const won = { createdDaysAgo: 60, stage: 'won' as const, changes: [{ from: 'contract' as const, to: 'won' as const, daysAgo: 30 }] };

  it('a won deal signs the customer', () => {
    const p = profileOf({ deals: [won], interactions: [seen('accept', 'specific', 40)] });
    expect(p.funnel_stage).toBe('signed');
    expect(p.reasons.funnel[0]?.zh).toBe('已赢单 1 个（最近 2026-05-31）');
  });

  it('an order signs the customer too (B2C sells without deals) unless the org turns that off', () => {
    expect(profileOf({ orders: [{ daysAgo: 5 }] }).funnel_stage).toBe('signed');
    expect(profileOf({ orders: [{ daysAgo: 5 }] }, { rules: { funnel: { signed_from_orders: false } } }).funnel_stage).toBe('potential');
  });

  it('an after-sales visit does not demote a signed customer; a new open deal puts them back in the funnel', () => {
    const after = profileOf({ deals: [won], interactions: [seen('doubt', 'vague', 2)] });
    expect(after.funnel_stage).toBe('signed');
    const upsell = profileOf({ deals: [won, { createdDaysAgo: 10, stage: 'quote' }], interactions: [seen('doubt', 'specific', 2)] });
    expect(upsell.funnel_stage).toBe('intent');
    expect(upsell.reasons.funnel.map((r) => r.rule)).toEqual(['funnel.observation', 'funnel.new_deal']);
  });
});
