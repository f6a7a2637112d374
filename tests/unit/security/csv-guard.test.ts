// CSV formula injection (issue 13 finding 3): what guardCell does to each dangerous start, and
// that unguardCell undoes it exactly — for every string, including ones that already start with
// quotes (otherwise an export → import round trip would eat a user's own apostrophe).
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { guardCell, unguardCell } from '../../../lib/export/csv-guard.ts';
import { profilesCsv } from '../../../lib/export/profiles-csv.ts';

describe('guardCell', () => {
  // Tried: each of OWASP's formula starts.
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', "'=1", "''+x"])('%j gets a leading quote', (v) => {
    expect(guardCell(v)).toBe(`'${v}`);
    expect(unguardCell(guardCell(v))).toBe(v);
  });
  it('leaves ordinary text, and the export\'s tab-before-digits phone form, alone', () => {
    for (const v of ['张三', "O'Brien", "'quoted", '1-2', '\t13800138000', '\t+86 138 0013 8000', '']) expect(guardCell(v)).toBe(v);
  });
  it('round trip is exact for any string', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', '1', ' ') }), (v) => unguardCell(guardCell(v)) === v));
    fc.assert(fc.property(fc.string(), (v) => unguardCell(guardCell(v)) === v));
  });
});

describe('profiles export', () => {
  it('guards every cell (a name that is a formula, a tag that starts with @)', () => {
    const csv = profilesCsv([
      { external_id: '=1', name: '=HYPERLINK("http://evil.example","x")', relationship_type: null, relationship_secondary: null, funnel_stage: null,
        value_tier: null, lifecycle: null, loyalty: null, churn_risk: null, needs: null, tags: ['@x', '正常'], reasons: null },
    ] as unknown as Parameters<typeof profilesCsv>[0]);
    const [row] = parse(csv, { bom: true, from_line: 2 }) as string[][];
    expect(row!.slice(0, 2)).toEqual(["'=1", `'=HYPERLINK("http://evil.example","x")`]);
    expect(row![10]).toBe("'@x；正常");
    expect(stringify([row!.map(unguardCell)])).toContain('=HYPERLINK');
  });
});
