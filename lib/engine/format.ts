// Small numeric and text helpers shared by the rules and the reason texts. Pure and
// locale-stable: the same input renders the same string in Node and in Deno.

export const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** Round for display and for stored params, so reasons don't carry 0.30000000000000004. */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function pct(share: number): string {
  return `${round(share * 100, 0)}%`;
}

/** 12345.6 → "12,345.6"; grouping by hand so output does not depend on the runtime's ICU data. */
export function num(x: number | string | undefined, digits = 1): string {
  if (typeof x !== 'number') return String(x ?? '');
  const [int, frac] = String(round(Math.abs(x), digits)).split('.');
  const grouped = (int ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${x < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

// One formatter per timezone: constructing Intl.DateTimeFormat dominated a whole-org classify
// (~75 % of classifyMany before it was cached; docs/benchmarks.md).
const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let f = dayFormats.get(timeZone);
  if (!f) dayFormats.set(timeZone, (f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  return f;
}

/** The calendar day of an instant in the org's timezone (a 07:00 Beijing visit is that day, not the UTC one before). */
export function localDate(isoTime: string, timeZone: string): string {
  const d = new Date(isoTime);
  try {
    const parts = dayFormat(timeZone).formatToParts(d);
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  } catch {
    return d.toISOString().slice(0, 10); // unknown timezone name: fall back to UTC rather than fail a recompute
  }
}

export const DAY_MS = 86_400_000;

/**
 * Calendar days from `since` to `now` in the org's time zone: how many days ago, as a viewer
 * reads "N 天前" (yesterday 23:00 is 1 day ago this morning). Used at read time only — stored
 * reasons keep the instant (docs/engine.md, "Reasons hold facts").
 */
export function daysAgo(since: string, now: string, timeZone: string): number {
  const a = Date.parse(localDate(since, timeZone));
  const b = Date.parse(localDate(now, timeZone));
  return Math.max(0, Math.round((b - a) / DAY_MS));
}

/** PostgreSQL's percentile_disc over `sorted` (in the ORDER BY's direction) — same float arithmetic, same pick. */
export function percentileDisc(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const row = Math.ceil(p * n); // Postgres: rownum = (int64) ceil(percentile * rowcount)
  return sorted[Math.max(0, row - 1)] ?? null;
}

/** PostgreSQL's percentile_cont over ascending `sorted` (linear interpolation, same formula). */
export function percentileCont(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const pos = p * (n - 1);
  const first = Math.floor(pos);
  const second = Math.ceil(pos);
  const lo = sorted[first] as number;
  if (first === second) return lo;
  const hi = sorted[second] as number;
  return lo + (hi - lo) * (pos - first);
}
