// supabase/schema.sql must be what the migrations make (it is the readable copy; a stale one
// misleads whoever reads a function's body there). Rebuilt here from the migrations on a
// throw-away PostgreSQL 15 and compared after normalising pg_dump's version lines.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dumpSchema, normaliseDump, SCHEMA_FILE } from '../../scripts/lib/schema-dump.ts';

describe('supabase/schema.sql', () => {
  it('matches the migrations (if not: run `npm run schema:dump` and commit the file)', async () => {
    const fresh = normaliseDump(await dumpSchema()).split('\n');
    const committed = normaliseDump(readFileSync(SCHEMA_FILE, 'utf8')).split('\n');
    const first = fresh.findIndex((l, i) => l !== committed[i]);
    const where = first === -1 && fresh.length === committed.length ? 'same' : `differs from line ${first === -1 ? fresh.length : first + 1}`;
    expect(where, 'supabase/schema.sql is stale — run `npm run schema:dump`').toBe('same');
  }, 180_000);

  it('tried: a stale copy (one policy edited) is caught', () => {
    const text = readFileSync(SCHEMA_FILE, 'utf8');
    expect(text).toMatch(/CREATE POLICY customers_select/);
    const stale = text.replace(/CREATE POLICY customers_select[^;]*;/, 'CREATE POLICY customers_select ON public.customers USING (true);');
    expect(normaliseDump(stale)).not.toBe(normaliseDump(text));
  });
});
