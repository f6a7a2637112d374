// The pinyin search key: what a rep types on a phone keyboard must find the customer.
import { describe, expect, it } from 'vitest';
import { nameReadings, pinyinQuery, searchKey, textReadings } from '../../../lib/search/pinyin.ts';

describe('searchKey', () => {
  it('张三 → full pinyin and initials, so `zs` and `zhangsan` both match', () => {
    expect(searchKey('张三')).toBe('zhangsan zs');
    expect(searchKey('张三')).toContain('zs');
    expect(searchKey('张三')).toContain('zhangsan');
  });

  it('adds the company: name first (it is also the "by name" sort key), then the company', () => {
    expect(searchKey('张三', '杭州恒远科技有限公司')).toBe('zhangsan zs hangzhouhengyuankejiyouxiangongsi hzhykjyxgs');
    expect(searchKey('张三', null)).toBe('zhangsan zs');
  });

  it('heteronyms: pinyin-pro reads by word — 重庆 chongqing, 重要 zhongyao (its best guess, which is right here)', () => {
    expect(textReadings('重庆')).toEqual(['chongqing', 'cq']);
    expect(textReadings('重要')).toEqual(['zhongyao', 'zy']);
    expect(searchKey('李明', '重庆长江贸易')).toContain('chongqingchangjiangmaoyi cqcjmy');
  });

  it('a surname is read as a surname, and the everyday reading is kept too', () => {
    // 单 is shàn as a surname, dān otherwise; a rep may type either.
    expect(nameReadings('单田芳')).toEqual(['shantianfang', 'stf', 'dantianfang', 'dtf']);
    expect(searchKey('曾国藩')).toContain('zengguofan zgf');
    // no second reading when both agree
    expect(nameReadings('王伟')).toEqual(['wangwei', 'ww']);
  });

  it('ü is typed as v', () => {
    expect(searchKey('吕布')).toBe('lvbu lb');
  });

  it('Latin letters and digits stay whole, lower-cased; full-width folded; accents dropped', () => {
    expect(searchKey('ABC贸易3号店')).toBe('abcmaoyi3haodian abcmy3hd');
    expect(searchKey('李 Lucy')).toBe('lilucy llucy');
    expect(searchKey('Ｚｏë Chen')).toBe('zoechen');
    expect(searchKey('１２３')).toBe('123');
  });

  it('characters with no reading are left out; nothing readable gives an empty key, never null', () => {
    expect(searchKey('(株)テスト')).toBe('zhu z');
    expect(searchKey('☆')).toBe('');
  });
});

describe('pinyinQuery', () => {
  it('Latin queries match the key without spaces or apostrophes', () => {
    expect(pinyinQuery('zs')).toBe('zs');
    expect(pinyinQuery('Zhang San')).toBe('zhangsan');
    expect(pinyinQuery("xi'an")).toBe('xian');
    expect(pinyinQuery('ＺＳ')).toBe('zs');
  });

  it('anything with Chinese or punctuation matches the columns, not the key', () => {
    expect(pinyinQuery('张三')).toBeNull();
    expect(pinyinQuery('张s')).toBeNull();
    expect(pinyinQuery('a@b.cn')).toBeNull();
    expect(pinyinQuery('   ')).toBeNull();
  });
});
