// The one vocabulary module: the phone normaliser on the shared table of spellings (the SQL twin
// is checked on the same table in tests/db/vocabulary.test.ts), the mobile-only variant members
// sign in with, the duplicate key for rows stored before normalising, and that the module stays
// importable by Deno and the browser (no zod, no node: imports).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DB_ENUMS, DEAL_STAGES, DEAL_STEPS, INTERACTION_KINDS, LOG_KINDS, normaliseMobile, normalisePhone, phoneKey } from '../../../lib/domain/vocabulary.ts';
import { PHONE_CASES } from './phone-cases.ts';

describe('normalisePhone', () => {
  it.each(PHONE_CASES)('%j → %j', (raw, want) => {
    expect(normalisePhone(raw)).toBe(want);
  });
  it('null and undefined are not phone numbers', () => {
    expect(normalisePhone(null)).toBeNull();
    expect(normalisePhone(undefined)).toBeNull();
  });
});

describe('normaliseMobile (members sign in with a mainland mobile)', () => {
  it('accepts every mobile spelling and refuses landlines, hotlines and foreign numbers', () => {
    expect(normaliseMobile('＋８６ １３８ ００１３ ８０００')).toBe('13800138000');
    for (const p of ['0571-8888 6666', '400-810-8888', '+852 9123 4567', '1381234']) expect(normaliseMobile(p)).toBeNull();
  });
});

describe('phoneKey (duplicate key)', () => {
  it('is the stored form whenever the number is one', () => {
    for (const [raw, want] of PHONE_CASES) if (want) expect(phoneKey(raw)).toBe(want);
  });
  it('falls back to ≥ 5 digits for odd numbers stored before phones were normalised', () => {
    expect(phoneKey('13800138000 转 8')).toBe('138001380008');
    expect(phoneKey('86123456')).toBe('86123456');
    for (const p of [null, '', '123', '-- --']) expect(phoneKey(p)).toBeNull();
  });
});

describe('lists', () => {
  it('the log sheet offers interaction kinds only, the sale steps are deal stages in order', () => {
    for (const k of LOG_KINDS) expect(INTERACTION_KINDS).toContain(k);
    expect(DEAL_STAGES.slice(0, DEAL_STEPS.length)).toEqual(DEAL_STEPS);
    expect(Object.keys(DB_ENUMS).length).toBeGreaterThanOrEqual(12);
  });

  it('imports nothing (Deno functions and the browser load the same file)', () => {
    const src = readFileSync('lib/domain/vocabulary.ts', 'utf8');
    expect(src).not.toMatch(/^\s*import\s/m);
  });
});
