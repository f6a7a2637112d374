-- The duplicate keys of 20261125000500, made inlinable: a SQL function with a SET clause is
-- called per row instead of being inlined into the query, which made the candidate scan ~5 s on
-- 50k customers. Same results (the bodies only name pg_catalog functions, schema-qualified, so
-- no search_path is needed); the expression indexes stay valid.
create or replace function private.dedupe_text(t text) returns text
language sql immutable parallel safe as $$
  select nullif(pg_catalog.lower(pg_catalog.regexp_replace(pg_catalog.btrim(pg_catalog.normalize(coalesce(t, ''), 'NFKC')), '\s+', ' ', 'g')), '')
$$;

create or replace function private.dedupe_email(t text) returns text
language sql immutable parallel safe as $$
  select nullif(pg_catalog.lower(pg_catalog.btrim(coalesce(t, ''))), '')
$$;

-- No FROM clause (that would stop inlining), so the digits expression is written out; a mobile
-- number (the common case) evaluates it twice.
create or replace function private.dedupe_phone(p text) returns text
language sql immutable parallel safe as $$
  select case
    when pg_catalog.regexp_replace(pg_catalog.normalize(coalesce(p, ''), 'NFKC'), '[^0-9+]', '', 'g') ~ '^(\+86|0086|86)?1[3-9][0-9]{9}$' then pg_catalog.right(pg_catalog.regexp_replace(pg_catalog.normalize(coalesce(p, ''), 'NFKC'), '[^0-9+]', '', 'g'), 11)
    when pg_catalog.regexp_replace(pg_catalog.normalize(coalesce(p, ''), 'NFKC'), '[^0-9+]', '', 'g') ~ '^(\+|00)86[1-9][0-9]{8,10}$' then '0' || pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.normalize(coalesce(p, ''), 'NFKC'), '[^0-9+]', '', 'g'), '^(\+|00)86', '')
    when pg_catalog.regexp_replace(pg_catalog.normalize(coalesce(p, ''), 'NFKC'), '[^0-9+]', '', 'g') ~ '^(\+|00)[1-9][0-9]{6,14}$' then '+' || pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.normalize(coalesce(p, ''), 'NFKC'), '[^0-9+]', '', 'g'), '^(\+|00)', '')
    when pg_catalog.length(pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.normalize(coalesce(p, ''), 'NFKC'), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g')) >= 5 then pg_catalog.regexp_replace(pg_catalog.regexp_replace(pg_catalog.normalize(coalesce(p, ''), 'NFKC'), '[^0-9+]', '', 'g'), '[^0-9]', '', 'g')
  end
$$;
