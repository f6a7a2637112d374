-- One phone normaliser in SQL, the twin of normalisePhone/phoneKey in lib/domain/vocabulary.ts
-- (tests/db/vocabulary.test.ts runs both on one table of cases). Before this there were two SQL
-- rules (dedupe_phone and phone_digits) and three TypeScript ones, and they disagreed:
-- '+86 0571 8888 6666' was '+86057188886666' for duplicates but '057188886666' for the form.
--
--   private.normalise_phone(p)  the stored form, or null when it is not a phone number:
--                               mainland mobile '13800138000', landline with area code
--                               '057188886666', 400/800 hotline, elsewhere '+85291234567'
--   private.dedupe_phone(p)     the duplicate key: the stored form, else (rows stored before phones
--                               were normalised) the digits when there are ≥ 5
--   private.phone_digits(p)     kept for customer_phone_taken: the duplicate key, '' for none
--
-- Each is a single SQL expression without SET or FROM, so the planner inlines it (see
-- 20261125000510_dedupe_inline.sql: a per-row call made the candidate scan ~5 s on 50k rows).

-- NFKC turns full-width digits, ＋ and （） into ASCII; then the separators go (the class is the
-- one in vocabulary.ts, written out instead of \s so both engines read the same characters).
create or replace function private.phone_compact(p text) returns text
language sql immutable parallel safe as $$
  select pg_catalog.regexp_replace(pg_catalog.normalize(coalesce(p, ''), 'NFKC'),
    '[\t\n\u000b\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u2010-\u2015().\u00b7/-]', '', 'g')
$$;

-- A domestic number as dialled in China, or null.
create or replace function private.phone_domestic(d text) returns text
language sql immutable parallel safe as $$
  select case when d ~ '^1[3-9][0-9]{9}$' or d ~ '^0[1-9][0-9]{8,10}$' or d ~ '^[48]00[0-9]{7}$' then d end
$$;

-- What follows a +86: '21 1234 5678' is dialled at home as 021 1234 5678.
create or replace function private.phone_after_86(d text) returns text
language sql immutable parallel safe as $$
  select private.phone_domestic(case when d ~ '^[1-9][0-9]{8,10}$' and d !~ '^1[3-9][0-9]{9}$' then '0' || d else d end)
$$;

create or replace function private.phone_from_compact(s text) returns text
language sql immutable parallel safe as $$
  select case
    when s !~ '^(\+|00)?[0-9]+$' then null
    when s ~ '^(\+|00)86' then private.phone_after_86(pg_catalog.regexp_replace(s, '^(\+|00)86', ''))
    when s ~ '^(\+|00)[1-9][0-9]{6,14}$' then '+' || pg_catalog.regexp_replace(s, '^(\+|00)', '')
    when s ~ '^(\+|00)' then null
    when s ~ '^861[3-9][0-9]{9}$' then pg_catalog.substr(s, 3)
    else private.phone_domestic(s)
  end
$$;

create or replace function private.normalise_phone(p text) returns text
language sql immutable parallel safe as $$
  select private.phone_from_compact(private.phone_compact(p))
$$;

create or replace function private.dedupe_phone(p text) returns text
language sql immutable parallel safe as $$
  select coalesce(
    private.normalise_phone(p),
    case when pg_catalog.length(pg_catalog.regexp_replace(pg_catalog.normalize(coalesce(p, ''), 'NFKC'), '[^0-9]', '', 'g')) >= 5
         then pg_catalog.regexp_replace(pg_catalog.normalize(coalesce(p, ''), 'NFKC'), '[^0-9]', '', 'g') end)
$$;

-- Same name and signature, so customer_phone_taken picks it up; no SET clause any more (inlined).
create or replace function private.phone_digits(p text) returns text
language sql immutable parallel safe as $$
  select coalesce(private.dedupe_phone(p), '')
$$;

revoke all on function private.phone_compact(text), private.phone_domestic(text), private.phone_after_86(text),
  private.phone_from_compact(text), private.normalise_phone(text) from public;
grant execute on function private.phone_compact(text), private.phone_domestic(text), private.phone_after_86(text),
  private.phone_from_compact(text), private.normalise_phone(text) to authenticated, service_role;

-- Phones stored before this (the import kept them as typed) take the one stored form, so the list,
-- the export and a re-import show one spelling; what is not a phone number stays as it was.
update public.customers set phone = private.normalise_phone(phone)
 where phone is not null and private.normalise_phone(phone) is not null and private.normalise_phone(phone) <> phone;

-- The index stores keys computed by the old body.
reindex index public.customers_dedupe_phone_idx;
