// The playbook, rule by rule, each test named after the seed sentence it implements.
import { describe, expect, it } from 'vitest';
import { classify, parseRules, playbook, type OpenReminder, type PlaybookInput } from '../../../lib/engine/index.ts';
import { AS_OF, at, context, everyNDays, features, guid, type History } from './history.ts';

const rules = parseRules();
const P = rules.playbook;

function run(h: History, extra: Partial<Omit<PlaybookInput, 'profile' | 'features'>> = {}) {
  const f = features(h);
  const profile = classify(f, rules, context());
  return { profile, ...playbook({ profile, features: f, followUps: [], last_survey_sent_at: null, open: [], ...extra }, P) };
}
const kinds = (r: { upsert: { kind: string }[] }) => r.upsert.map((d) => d.kind).sort();
const find = (r: { upsert: { kind: string; due_at: string; dedupe_key: string; reason: { zh: string } }[] }, kind: string) =>
  r.upsert.find((d) => d.kind === kind);

describe('playbook (seed 002: 关怀 after a purchase)', () => {
  it('“关怀——企业在客户购买产品后的‘初期’，可能遇上的问题” → a care reminder a few days after the order', () => {
    const r = run({ orders: [{ daysAgo: 1, amount: 5000 }] });
    const care = find(r, 'care')!;
    expect(care.due_at).toBe(at(1 - P.care_after_order_days));
    expect(care.reason.zh).toMatch(/售后关怀/);
  });

  it('an order older than the care window gets no care reminder', () => {
    expect(find(run({ orders: [{ daysAgo: P.care_window_days + 5, amount: 5000 }] }), 'care')).toBeUndefined();
  });

  it('“在售后偶尔给他们发送一些帮助性的信息是可以的” → autonomous customers get helpful info, not a sales call', () => {
    const h: History = {
      orders: everyNDays(3, 60, 2, { premium: true, amount: 20_000 }),
      deals: [{ createdDaysAgo: 200, stage: 'won', changes: [{ from: null, to: 'needs', daysAgo: 200 }, { from: 'needs', to: 'contract', daysAgo: 195 }, { from: 'contract', to: 'won', daysAgo: 194 }] }],
      surveys: [{ sentDaysAgo: 100 }, { sentDaysAgo: 50 }],
    };
    const r = run(h);
    expect(r.profile.relationship_type).toBe('autonomous');
    expect(find(r, 'care')!.reason.zh).toMatch(/勿打销售电话/);
  });
});

describe('playbook (seeds 001/004: 潜在流失 → retention)', () => {
  const atRisk: History = {
    // still buying monthly, but less each time, complaining, and unhappy in the survey
    orders: [{ daysAgo: 100, amount: 20_000 }, { daysAgo: 70, amount: 18_000 }, { daysAgo: 40, amount: 6_000 }, { daysAgo: 10, amount: 4_000 }],
    interactions: [{ daysAgo: 20, kind: 'complaint', by: 'customer', sentiment: 'negative' }, { daysAgo: 10, kind: 'complaint', by: 'customer', sentiment: 'negative' }],
    surveys: [{ sentDaysAgo: 30, answeredDaysAgo: 29, nps: 2, csat: 1 }],
  };

  it('“识别出高价值客户和潜在流失客户” → an at-risk customer gets a retention call due within a day', () => {
    const r = run(atRisk);
    expect(r.profile.loyalty).toBe('at_risk');
    const ret = find(r, 'retention')!;
    expect(ret.due_at).toBe(new Date(Date.parse(AS_OF) + P.retention_due_days * 86_400_000).toISOString());
    expect(ret.dedupe_key).toMatch(/^retention:.+:2026-06$/);
  });

  it('a customer no longer at risk gets the open retention reminder closed with a note', () => {
    const id = guid();
    const open: OpenReminder[] = [{ id: guid(), kind: 'retention', dedupe_key: `retention:${id}:2026-06` }];
    expect(run({ ...atRisk, id }, { open }).close).toEqual([]); // still at risk: stays open
    const again = run({ id, orders: everyNDays(5, 30, 5, { amount: 10_000 }) }, { open });
    expect(again.profile.loyalty).not.toBe('at_risk');
    expect(again.close).toEqual([{ id: open[0]!.id, dedupe_key: open[0]!.dedupe_key, note: { zh: '已不再是潜在流失客户', en: 'no longer at risk' } }]);
  });
});

describe('playbook (seed 002: each funnel stage has its own next move)', () => {
  const cases = [
    ['potential', 'doubt', 'vague', /感受到刺的痛|数据/, '潜在客户 “发现了客户的‘病’，如何让客户意识到？” → show data'],
    ['wait_and_see', 'accept', 'vague', /同行案例/, '观望客户 “有问题，但不一定解决” → peer case studies'],
    ['intent', 'doubt', 'specific', /动机/, '意向客户 “我们的方法是找到客户的动机” → find the motive'],
    ['opportunity', 'accept', 'specific', /承诺.*期望/, '商机客户 “对客户所担忧的购买风险做出承诺…对客户的期望进行管理” → commit, manage expectations'],
  ] as const;
  for (const [stage, attitude, cognition, text, title] of cases) {
    it(title, () => {
      const id = guid();
      const r = run({ interactions: [{ daysAgo: 1, kind: 'visit', attitude, cognition, id }] });
      expect(r.profile.funnel_stage).toBe(stage);
      const next = find(r, 'stage_next')!;
      expect(next.reason.zh).toMatch(text);
      expect(next.dedupe_key).toBe(`stage:${r.profile.customer_id}:${stage}:${id}`);
    });
  }

  it('when the stage moves on, the old stage reminder is closed', () => {
    const id = guid();
    const first = { daysAgo: 5, kind: 'visit', attitude: 'doubt', cognition: 'vague', id: guid() } as const;
    const r1 = run({ id, interactions: [first] });
    const open = [{ id: guid(), kind: 'stage_next', dedupe_key: find(r1, 'stage_next')!.dedupe_key }];
    expect(run({ id, interactions: [first] }, { open }).close).toEqual([]); // same data: stays open
    const r2 = run({ id, interactions: [first, { daysAgo: 1, kind: 'visit', attitude: 'accept', cognition: 'specific', id: guid() }] }, { open });
    expect(r2.close.map((c) => c.note.zh)).toEqual(['销售阶段已变化']);
  });
});

describe('playbook (seed 000: serve each relationship type differently)', () => {
  it('“如果不断地给他们打销售电话，很可能会使他们感到厌烦” → autonomous customers are touched rarely (90 days)', () => {
    const r = run({
      orders: everyNDays(3, 60, 40, { premium: true, amount: 20_000 }),
      deals: [{ createdDaysAgo: 300, stage: 'won', changes: [{ from: null, to: 'needs', daysAgo: 300 }, { from: 'needs', to: 'contract', daysAgo: 296 }, { from: 'contract', to: 'won', daysAgo: 295 }] }],
      surveys: [{ sentDaysAgo: 100 }, { sentDaysAgo: 50 }],
    });
    expect(r.profile.relationship_type).toBe('autonomous');
    expect(find(r, 'touch')!.due_at).toBe(at(40 - 90));
  });

  it('“该类型的客户需要企业大量的关注” → dependent customers are touched every 14 days', () => {
    const r = run({
      orders: everyNDays(2, 40, 30, { discount: true }),
      deals: [{ createdDaysAgo: 120, stage: 'won', changes: [{ from: null, to: 'needs', daysAgo: 120 }, { from: 'needs', to: 'quote', daysAgo: 100 }, { from: 'quote', to: 'needs', daysAgo: 90 }, { from: 'needs', to: 'contract', daysAgo: 40 }, { from: 'contract', to: 'won', daysAgo: 35 }] }],
      interactions: [{ daysAgo: 3, kind: 'call', by: 'customer' }],
    });
    expect(r.profile.relationship_type).toBe('dependent');
    const touch = find(r, 'touch')!;
    expect(touch.due_at).toBe(at(3 - 14));
    expect(touch.reason.zh).toMatch(/依赖型/);
  });

  it('“对于该类型客户，请不要伤害这种信任关系” → loyal customers get appreciation and a referral ask', () => {
    const r = run({
      orders: everyNDays(6, 30, 10, { amount: 8_000 }),
      surveys: [{ sentDaysAgo: 60, answeredDaysAgo: 59, nps: 10, csat: 5 }, { sentDaysAgo: 20, answeredDaysAgo: 19, nps: 9, csat: 5 }],
      interactions: [{ daysAgo: 10, kind: 'visit' }],
    });
    expect(r.profile.relationship_type).toBe('loyal');
    expect(find(r, 'touch')!.reason.zh).toMatch(/转介绍/);
  });

  it('“不太响应您的调查请求” → the playbook never proposes a survey to an autonomous customer', () => {
    const r = run({
      orders: everyNDays(3, 60, 10, { premium: true, amount: 20_000 }),
      deals: [{ createdDaysAgo: 300, stage: 'won', changes: [{ from: null, to: 'needs', daysAgo: 300 }, { from: 'needs', to: 'contract', daysAgo: 296 }, { from: 'contract', to: 'won', daysAgo: 295 }] }],
      surveys: [{ sentDaysAgo: 200 }, { sentDaysAgo: 150 }],
    });
    expect(r.profile.relationship_type).toBe('autonomous');
    expect(kinds(r)).not.toContain('survey');
  });

  it('seed 004 满意度调查 → other paying customers are asked once per period, not again right after a survey', () => {
    const h: History = { orders: everyNDays(2, 30, 10, { amount: 3000 }) };
    expect(kinds(run(h))).toContain('survey');
    expect(kinds(run(h, { last_survey_sent_at: at(20) }))).not.toContain('survey');
  });
});

describe('playbook (rep-set follow-ups, dedupe)', () => {
  it('a follow-up date from the log sheet becomes a reminder at that time, keyed by the interaction', () => {
    const id = guid();
    const r = run({}, { followUps: [{ interaction_id: id, follow_up_at: at(-3), next_step: '带样品再去一次' }] });
    expect(find(r, 'follow_up')).toMatchObject({ dedupe_key: `follow_up:${id}`, due_at: at(-3) });
    expect(find(r, 'follow_up')!.reason.zh).toBe('约定跟进：带样品再去一次');
  });

  it('the same data twice gives the same keys (a recompute never creates a reminder twice)', () => {
    const h: History = { id: guid(), orders: everyNDays(4, 30, 2), interactions: [{ daysAgo: 1, kind: 'visit', attitude: 'accept', cognition: 'vague', id: guid() }] };
    expect(run(h).upsert.map((d) => d.dedupe_key)).toEqual(run(h).upsert.map((d) => d.dedupe_key));
  });

  it('a newer contact closes the old periodic touch (contacted since)', () => {
    const id = guid();
    const before = run({ id, orders: everyNDays(3, 30, 20), interactions: [{ daysAgo: 20, kind: 'call' }] });
    const open = [{ id: guid(), kind: 'touch', dedupe_key: find(before, 'touch')!.dedupe_key }];
    expect(run({ id, orders: everyNDays(3, 30, 20), interactions: [{ daysAgo: 20, kind: 'call' }] }, { open }).close).toEqual([]);
    const after = run({ id, orders: everyNDays(3, 30, 20), interactions: [{ daysAgo: 20, kind: 'call' }, { daysAgo: 1, kind: 'visit' }] }, { open });
    expect(after.close.map((c) => c.note.en)).toEqual(['contacted since']);
  });

  it('rep-set follow-ups and care reminders are never auto-closed', () => {
    const r = run({}, { open: [{ id: guid(), kind: 'follow_up', dedupe_key: 'follow_up:x' }, { id: guid(), kind: 'care', dedupe_key: 'care:x' }] });
    expect(r.close).toEqual([]);
  });
});

describe('playbook carries the treatment advice (issue 14)', () => {
  it('every reminder for a customer carries the one-line advice of its relationship type — the relationship sheet\'s first line', async () => {
    const { RELATIONSHIP_TREATMENT } = await import('../../../lib/engine/treatment.ts');
    const r = run({ orders: everyNDays(5, 30, 1, { amount: 5000 }) });
    expect(r.upsert.length).toBeGreaterThan(0);
    for (const d of r.upsert) expect(d.reason.advice, d.kind).toEqual(RELATIONSHIP_TREATMENT[r.profile.relationship_type].do);
  });
});
