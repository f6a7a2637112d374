// The customer page's action schemas (order, deal, stage change, manual tag) and the zh/en field
// messages a bad body gets back — what a rep reads when the sheet says "保存失败：…".
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { fieldProblems } from '../../../lib/http/problem.ts';
import { DealInput, isStepBack, StageChangeInput } from '../../../lib/validation/deal.ts';
import { OrderInput } from '../../../lib/validation/order.ts';
import { TagInput } from '../../../lib/validation/tag.ts';

const customer_id = '0f4c2b7a-3e9d-4b6a-8c1f-7d2e5a9b3c40';

function problems(schema: z.ZodType, body: unknown, scope?: string) {
  const parsed = schema.safeParse(body);
  expect(parsed.success).toBe(false);
  return fieldProblems(parsed.error!, body, scope);
}

describe('OrderInput', () => {
  it('takes yuan with cents, defaults the rest', () => {
    const o = OrderInput.parse({ customer_id, amount: 12800.499 });
    expect(o).toMatchObject({ amount: 12800.5, kind: 'product', discount_used: false, premium: false });
    expect(Math.abs(o.ordered_at.getTime() - Date.now())).toBeLessThan(5000);
  });

  it('says what is wrong with an amount, in Chinese and English', () => {
    expect(problems(OrderInput, { customer_id, amount: -5 }, 'order').amount).toEqual({ zh: '金额不能小于 0.01', en: 'Amount must be at least 0.01' });
    expect(problems(OrderInput, { customer_id, amount: 'abc' }, 'order').amount).toEqual({ zh: '金额必须是数字', en: 'Amount must be a number' });
    expect(problems(OrderInput, { customer_id }, 'order').amount?.zh).toBe('请填写金额');
    expect(problems(OrderInput, { customer_id, amount: 2e9 }, 'order').amount?.zh).toBe('金额不能大于 1000000000');
  });

  it("an order's kind is named as an order's, not an interaction's", () => {
    expect(problems(OrderInput, { customer_id, amount: 1, kind: 'gift' }, 'order').kind?.zh).toBe('订单类型只能是以下之一：product, service');
  });

  it('refuses a date in the future or before 2000', () => {
    const tooLate = new Date(Date.now() + 3 * 86_400_000).toISOString();
    expect(problems(OrderInput, { customer_id, amount: 1, ordered_at: tooLate }, 'order').ordered_at).toEqual({
      zh: '下单日期不能晚于明天，也不能早于 2000 年',
      en: 'Order date must be between the year 2000 and tomorrow',
    });
    expect(problems(OrderInput, { customer_id, amount: 1, ordered_at: '1999-12-31' }, 'order').ordered_at?.zh).toContain('2000');
    expect(problems(OrderInput, { customer_id, amount: 1, ordered_at: 'soon' }, 'order').ordered_at?.zh).toBe('下单日期不是有效的日期时间');
  });
});

describe('DealInput and StageChangeInput', () => {
  it('a blank title is no title; the first stage defaults to needs', () => {
    expect(DealInput.parse({ customer_id, title: '   ' })).toMatchObject({ title: null, stage: 'needs', amount: null });
  });

  it('an unknown stage lists the stages', () => {
    expect(problems(StageChangeInput, { to_stage: 'signed' }).to_stage?.zh).toBe('目标阶段只能是以下之一：needs, demo, quote, contract, won, lost');
  });

  it('going back is a step back only between steps of the sale (seed 000: quote → needs)', () => {
    expect(isStepBack('quote', 'needs')).toBe(true);
    expect(isStepBack('needs', 'quote')).toBe(false);
    expect(isStepBack('quote', 'lost')).toBe(false);
    expect(isStepBack('won', 'contract')).toBe(false);
    expect(isStepBack(null, 'needs')).toBe(false);
  });
});

describe('TagInput', () => {
  it('trims, folds spaces and drops a leading #', () => {
    expect(TagInput.parse({ tag: '  ＃ 爱喝  茶 ' })).toEqual({ tag: '爱喝 茶' });
  });

  it('a tag is 1–20 characters on one line', () => {
    expect(problems(TagInput, { tag: '长'.repeat(100) }).tag).toEqual({ zh: '标签太长了（最多 20 个字）', en: 'Tag is too long (at most 20 characters)' });
    expect(problems(TagInput, { tag: '#' }).tag?.zh).toBe('标签太短了（至少 1 个字）');
    expect(problems(TagInput, { tag: 'a\u0007b' }).tag?.zh).toBe('标签的格式不对');
    expect(problems(TagInput, {}).tag?.zh).toBe('请填写标签');
  });
});
