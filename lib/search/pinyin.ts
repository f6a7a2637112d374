// The pinyin search key of a customer: what lets a rep type `zs` (or `zhangsan`, or `hzhy` for
// 杭州恒远) and find 张三 of 杭州恒远科技. Postgres has no pinyin, so the key is computed here with
// pinyin-pro (a maintained dictionary with word-level heteronym handling: 重庆 → chongqing,
// 重要 → zhongyao) and stored in customers.search_pinyin; the list matches it with `like`.
//
//   searchKey('张三', '杭州恒远科技') → 'zhangsan zs hangzhouhengyuankeji hzhykj'
//
// Lower-case ASCII letters and digits in space-separated words: Latin letters and digits in a
// name are kept as they are (accents dropped, full-width folded), so 'ABC贸易3号店' gives
// 'abcmaoyi3haodian abcmy3hd'. Characters with no reading (kana, symbols) are left out.
// Server-only: pinyin-pro's dictionary is ~300 kB, never sent to the phone.
import { pinyin } from 'pinyin-pro';

type Reading = { full: string; initials: string };

/** NFKC folds full-width letters/digits; NFD + dropping marks turns 'ë' into 'e'. */
function latin(ch: string): string {
  return ch
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

function reading(text: string, surname: boolean): Reading {
  const chars = pinyin(text, {
    type: 'all',
    toneType: 'none',
    v: true, // ü → v, as on a phone keyboard (绿 → lv)
    ...(surname ? { mode: 'surname', surname: 'head' } : {}),
  });
  let full = '';
  let initials = '';
  for (const c of chars) {
    if (c.isZh && c.pinyin) {
      full += c.pinyin;
      initials += c.pinyin[0];
    } else {
      // Latin and digits count whole in both forms: 李Lucy → 'lilucy' / 'llucy'.
      const l = latin(c.origin);
      full += l;
      initials += l;
    }
  }
  return { full: full.replace(/[^a-z0-9]/g, ''), initials: initials.replace(/[^a-z0-9]/g, '') };
}

/**
 * Full pinyin and initials of a person's name. The surname is read as a surname (单 shan, 曾 zeng,
 * 解 xie); when that differs from the everyday reading, the everyday one is added too, so a rep
 * who types `dtf` for 单田芳 still finds them.
 */
export function nameReadings(name: string): string[] {
  const asSurname = reading(name, true);
  const plain = reading(name, false);
  const words = [asSurname.full, asSurname.initials];
  if (plain.full !== asSurname.full) words.push(plain.full, plain.initials);
  return words;
}

/** Full pinyin and initials of any other text (company, place): pinyin-pro's best reading. */
export function textReadings(text: string): string[] {
  const r = reading(text, false);
  return [r.full, r.initials];
}

/** The stored key (customers.search_pinyin). Never null: '' when nothing in the name has a reading. */
export function searchKey(name: string, company?: string | null): string {
  const words = [...nameReadings(name), ...(company ? textReadings(company) : [])];
  return [...new Set(words.filter(Boolean))].join(' ');
}

/**
 * What a typed query matches in the key: the letters and digits of a Latin query ('Zhang San' →
 * 'zhangsan', "xi'an" → 'xian'); null when the query has anything else in it (Chinese characters,
 * punctuation) — those match the name/company columns directly, not the key.
 */
export function pinyinQuery(q: string): string | null {
  const folded = q.normalize('NFKC').toLowerCase().replace(/[\s'’]/g, '');
  return /^[a-z0-9]+$/.test(folded) ? folded : null;
}
