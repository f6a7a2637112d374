// Number formats of the insights page, one per kind of figure, in the page's language.
import { CURRENCY } from '@/lib/domain/vocabulary.ts';

export type Fmt = ReturnType<typeof formatters>;

export function formatters(locale: string, timeZone = 'Asia/Shanghai') {
  const int = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: CURRENCY, maximumFractionDigits: 0 });
  const dec = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone });
  return {
    int: (n: number) => int.format(n),
    /** a share 0..1 */
    pct: (x: number) => pct.format(x),
    money: (n: number) => money.format(n),
    dec: (n: number) => dec.format(n),
    day: (d: Date) => day.format(d),
  };
}

/** a / b, 0 when b is 0 */
export const share = (a: number, b: number) => (b ? a / b : 0);
/** a share as a chart value in percent, one decimal */
export const pct1 = (a: number, b: number) => Math.round(share(a, b) * 1000) / 10;
