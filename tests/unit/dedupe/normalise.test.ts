// Duplicate keys: the three spellings of one phone are one key; e-mail and name + company
// fold case, width and spacing; different people stay apart.
import { describe, expect, it } from 'vitest';
import { dedupeEmail, dedupeKeys, dedupeText, matchReasons } from '../../../lib/dedupe/normalise.ts';
import { normalisePhone, phoneKey as dedupePhone } from '../../../lib/domain/vocabulary.ts';

describe('phoneKey (the duplicate key)', () => {
  it('finds +86 138 0013 8000, 13800138000 and １３８００１３８０００ as one phone', () => {
    const keys = ['+86 138 0013 8000', '13800138000', '１３８００１３８０００'].map(dedupePhone);
    expect(new Set(keys)).toEqual(new Set(['13800138000']));
  });

  it('drops 0086/86/＋８６ prefixes and separators only in front of an 11-digit mobile', () => {
    for (const p of ['0086 138-0013-8000', '8613800138000', '＋８６ １３８ ００１３ ８０００', '(138) 0013 8000', '138－0013－8000'])
      expect(dedupePhone(p)).toBe('13800138000');
    expect(dedupePhone('0571-8888 6666')).toBe('057188886666');
    expect(dedupePhone('+86 571 8888 6666')).toBe('057188886666');
    expect(dedupePhone('+852 9123 4567')).toBe('+85291234567');
    expect(dedupePhone('00852 91234567')).toBe('+85291234567');
    // 86 in front of something that is not a mobile is part of the number.
    expect(dedupePhone('86123456')).toBe('86123456');
  });

  it('gives no key to empty or too-short input (never a match)', () => {
    for (const p of [null, undefined, '', '   ', '123', '-- --']) expect(dedupePhone(p)).toBeNull();
  });

  it('agrees with the form\'s stored phone form wherever that one accepts the number', () => {
    for (const p of ['+86 138 0013 8000', '13800138000', '１３８００１３８０００', '0571-8888 6666', '+86 571 8888 6666', '400-810-8888', '+852 9123 4567', '00852 91234567'])
      expect(dedupePhone(p)).toBe(normalisePhone(p));
  });

  it('keeps different numbers apart', () => {
    expect(dedupePhone('13800138000')).not.toBe(dedupePhone('13800138001'));
  });
});

describe('dedupeEmail / dedupeText', () => {
  it('trims and lower-cases e-mail', () => {
    expect(dedupeEmail('  ZhangSan@Example.COM ')).toBe('zhangsan@example.com');
    expect(dedupeEmail(' ')).toBeNull();
  });

  it('folds full-width to half-width, collapses whitespace, folds case', () => {
    expect(dedupeText('  杭州恒远　ＡＢＣ   科技 ')).toBe('杭州恒远 abc 科技');
    expect(dedupeText('Hangzhou  HengYuan')).toBe(dedupeText('ｈａｎｇｚｈｏｕ hengyuan'));
  });
});

describe('matchReasons', () => {
  const a = dedupeKeys({ name: '张三', company: '杭州恒远科技', phone: '+86 138 0013 8000', email: 'ZS@example.com' });
  it('lists every shared key', () => {
    const b = dedupeKeys({ name: '张三 ', company: '杭州恒远科技', phone: '13800138000', email: 'zs@example.com ' });
    expect(matchReasons(a, b)).toEqual(['phone', 'email', 'name_company']);
  });
  it('needs both name and company for a name match (many people are called 张伟)', () => {
    expect(matchReasons(dedupeKeys({ name: '张伟' }), dedupeKeys({ name: '张伟' }))).toEqual([]);
    expect(matchReasons(a, dedupeKeys({ name: '张三', company: '北京鑫达' }))).toEqual([]);
  });
});
