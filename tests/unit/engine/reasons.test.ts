// Reasons render in both languages for every rule; labels cover every value the engine emits.
import { describe, expect, it } from 'vitest';
import {
  DIMENSION_LABELS,
  DIMENSIONS,
  FUNNEL_STAGES,
  label,
  LABELS,
  LIFECYCLES,
  LOYALTIES,
  NEEDS,
  reason,
  RELATIONSHIP_TYPES,
  renderReason,
  TEXTS,
  VALUE_TIERS,
  type RuleId,
} from '../../../lib/engine/index.ts';

describe('reason texts', () => {
  it('every rule renders a non-empty zh and en sentence, even with no params', () => {
    for (const rule of Object.keys(TEXTS) as RuleId[]) {
      const r = reason(rule, {});
      expect(r.zh.length, rule).toBeGreaterThan(0);
      expect(r.en.length, rule).toBeGreaterThan(0);
      expect(r.zh, rule).not.toMatch(/\[object|NaN/);
    }
  });

  it('the examples the UI shows', () => {
    expect(reason('relationship.loyal_orders', { count: 4, min: 4 }).zh).toBe('已下单 4 次（≥4）');
    expect(reason('relationship.positive_surveys', { answered: 3, sent: 4, avg_nps: 9 }).en).toBe('3 of 4 surveys answered, average recommend score 9/10');
    expect(reason('fact.no_contact', { since: '2026-01-01T02:00:00.000Z', date: '2026-01-01', min: 60 }).en).toBe('no contact for 60+ days');
    expect(reason('fact.orders', { count: 1 }).en).toBe('1 order');
    expect(reason('value.normal', { revenue: 1234567.8, low: 1000, high: 10000 }).zh).toBe('累计成交 ¥1,234,568，介于 ¥1,000 与 ¥10,000 之间');
  });

  it('stored reasons re-render with current wording; unknown rules fall back to the stored text', () => {
    expect(renderReason({ rule: 'fact.orders', params: { count: 4 } }, 'zh')).toBe('下单4次');
    expect(renderReason({ rule: 'future.rule', params: {}, zh: '新规则', en: 'new rule' }, 'en')).toBe('new rule');
    expect(renderReason({ rule: 'future.rule' }, 'zh')).toBe('future.rule');
  });
});

describe('reasons hold facts, not elapsed time', () => {
  const since = '2026-03-01T02:00:00.000Z'; // 10:00 in Beijing
  it('stored text names the date; read time counts the days in the org’s time zone', () => {
    const r = reason('loyalty.no_contact', { since, date: '2026-03-01', min: 90 });
    expect(r.zh).toBe('自 2026-03-01 未联系（≥90 天）');
    // 2026-12-03 07:00 Beijing = 2026-12-02 23:00 UTC: 277 calendar days after 03-01 in Beijing
    const at = { now: '2026-12-02T23:00:00.000Z', timeZone: 'Asia/Shanghai' };
    expect(renderReason(r, 'zh', at)).toBe('277 天未联系');
    expect(renderReason(r, 'en', at)).toBe('no contact for 277 days');
    // the same instant read in UTC is still 12-02: one day fewer
    expect(renderReason(r, 'zh', { ...at, timeZone: 'UTC' })).toBe('276 天未联系');
  });
  it('rates that grow or shrink with time are figured when read', () => {
    const r = reason('relationship.rarely_contacts_after', { count: 1, since, date: '2026-03-01', max: 2 });
    expect(r.en).toBe('reached out 1× since first buying on 2026-03-01 (≤2/year)');
    expect(renderReason(r, 'en', { now: '2027-03-01T02:00:00.000Z', timeZone: 'Asia/Shanghai' })).toBe('reached out 1× in the 365 days since buying (~1/year, ≤2)');
  });
  it('reasons stored by the older engine (days in params) still render', () => {
    expect(renderReason({ rule: 'fact.no_contact', params: { days: 61, min: 60 } }, 'zh')).toBe('61天未联系');
    expect(renderReason({ rule: 'loyalty.silence', params: { days: 40, gap: 14 } }, 'en', { now: since, timeZone: 'UTC' }))
      .toBe('no order for 40 days, beyond the usual 14');
  });
});

describe('labels: one source for the UI', () => {
  it('every value of every dimension has a zh and an en label', () => {
    const values = { relationship: RELATIONSHIP_TYPES, funnel: FUNNEL_STAGES, value: VALUE_TIERS, lifecycle: LIFECYCLES, loyalty: LOYALTIES, needs: NEEDS };
    for (const [dimension, list] of Object.entries(values) as [keyof typeof LABELS, readonly string[]][]) {
      expect(Object.keys(LABELS[dimension]).sort()).toEqual([...list].sort());
      for (const v of list) {
        expect(label(dimension, v, 'zh')).not.toBe(v);
        expect(label(dimension, v, 'en').length).toBeGreaterThan(0);
      }
    }
    for (const d of DIMENSIONS) expect(DIMENSION_LABELS[d].zh.length).toBeGreaterThan(0);
  });

  it('uses the seeds’ words', () => {
    expect([label('relationship', 'autonomous', 'zh'), label('relationship', 'dependent', 'zh'), label('relationship', 'loyal', 'zh')]).toEqual([
      '自主型',
      '依赖型',
      '忠诚型',
    ]);
    expect(FUNNEL_STAGES.map((s) => label('funnel', s, 'zh'))).toEqual(['潜在', '观望', '意向', '商机', '签约']);
    expect(label('loyalty', 'at_risk', 'zh')).toBe('潜在流失');
    expect(label('value', 'high', 'zh')).toBe('高价值客户');
  });
});
