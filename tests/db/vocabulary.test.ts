// The vocabulary (lib/domain/vocabulary.ts) against the database it mirrors: every list equals its
// Postgres enum in order, every public enum has a list, and the phone normaliser gives what its SQL
// twin gives on one table of cases — the drift that let the import store phones the form refused.
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DB_ENUMS, normalisePhone, phoneKey } from '../../lib/domain/vocabulary.ts';
import { PHONE_CASES } from '../unit/domain/phone-cases.ts';

let admin: Sql;
beforeAll(() => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
});
afterAll(async () => admin?.end());

describe('enum lists', () => {
  it('each list equals its pg_enum labels in declaration order', async () => {
    const rows = await admin<{ typname: string; labels: string[] }[]>`
      select t.typname, array_agg(e.enumlabel order by e.enumsortorder) as labels
        from pg_type t join pg_enum e on e.enumtypid = t.oid join pg_namespace n on n.oid = t.typnamespace
       where n.nspname = 'public' group by t.typname`;
    const db = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    const ts = Object.fromEntries(Object.entries(DB_ENUMS).map(([k, v]) => [k, [...v]]));
    // Both directions: a new enum in a migration without a list here fails too.
    expect(ts).toEqual(db);
  });
});

describe('phone normaliser: TypeScript and SQL agree', () => {
  it('normalise_phone and dedupe_phone on every case', async () => {
    const inputs = PHONE_CASES.map(([raw]) => raw);
    const rows = await admin<{ raw: string; norm: string | null; key: string | null; digits: string }[]>`
      select raw, private.normalise_phone(raw) as norm, private.dedupe_phone(raw) as key, private.phone_digits(raw) as digits
        from unnest(${inputs}::text[]) as raw`;
    for (const r of rows) {
      expect({ raw: r.raw, norm: r.norm, key: r.key, digits: r.digits }).toEqual({
        raw: r.raw,
        norm: normalisePhone(r.raw),
        key: phoneKey(r.raw),
        digits: phoneKey(r.raw) ?? '',
      });
    }
    // The table's expectations hold in SQL as well (not just "both equally wrong").
    for (const [raw, want] of PHONE_CASES) expect(rows.find((r) => r.raw === raw)!.norm, raw).toBe(want);
  });

  it('null in, null out', async () => {
    const [r] = await admin`select private.normalise_phone(null) as n, private.dedupe_phone(null) as k`;
    expect(r).toEqual({ n: null, k: null });
  });

  it('the functions are inlined (no SET clause), so the duplicate scan stays one expression', async () => {
    const rows = await admin<{ proname: string; proconfig: string[] | null; provolatile: string }[]>`
      select proname, proconfig, provolatile from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'private' and proname in ('normalise_phone', 'dedupe_phone', 'phone_digits', 'phone_compact', 'phone_from_compact')`;
    expect(rows).toHaveLength(5);
    for (const r of rows) expect({ name: r.proname, config: r.proconfig, volatile: r.provolatile }).toEqual({ name: r.proname, config: null, volatile: 'i' });
  });

  it('the duplicate-key index was rebuilt with the new keys (an index scan finds a +86 0571 landline)', async () => {
    const [org] = await admin`insert into orgs (slug, name) values ('vocab-idx', '词表') returning id`;
    const [u] = await admin`insert into auth.users (id, email) values (gen_random_uuid(), 'v@vocab.test') returning id`;
    await admin`insert into members (user_id, org_id, role, display_name) values (${u!.id}, ${org!.id}, 'admin', '管')`;
    await admin`insert into customers (org_id, owner_id, name, phone) values (${org!.id}, ${u!.id}, '甲', '+86 0571 8888 6666')`;
    const found = await admin.begin(async (tx) => {
      await tx`set local enable_seqscan = off`;
      return tx`select name from customers where org_id = ${org!.id} and private.dedupe_phone(phone) = '057188886666'
                  and phone is not null and merged_into is null`;
    });
    expect(found.map((r) => r.name)).toEqual(['甲']);
  });
});
