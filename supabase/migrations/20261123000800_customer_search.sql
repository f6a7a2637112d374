-- The customer list at 2,000+ customers (docs/architecture.md "Customer list"): search by pinyin,
-- sort by last contact, and the derived columns that make both cheap.
--
-- 1. customers.search_pinyin — "zhangsan zs hangzhouhengyuan… hzhy…": full pinyin (no tones) and
--    initials of the name and company, lower-case ASCII. Postgres has no pinyin, so the app computes
--    it (lib/search/pinyin.ts, pinyin-pro) and every writer sets it: the create/edit action, the CSV
--    import, the demo generator. Rows that miss it (written by something else, or renamed without
--    it — see the trigger below) are filled by scripts/lib/backfill.ts, which the launcher runs
--    after migrations. Matching is a plain `like '%…%'` over the org's rows: no trigram index
--    (measured in docs/architecture.md: a few ms at 2,000 customers).
--    It is also the sort key of "by name" — pinyin order, as the phone's contact list sorts.
-- 2. customers.last_contact_at — the latest interactions.occurred_at, kept by statement-level
--    triggers on interactions (one UPDATE per statement, so a COPY of a million interactions is
--    one join, not a million updates). Sorting 100k customers by last contact then reads an index
--    instead of computing a max per customer.
alter table public.customers
  add column search_pinyin text,
  add column last_contact_at timestamptz;

comment on column public.customers.search_pinyin is
  'pinyin search key of name and company (lib/search/pinyin.ts); null = to be filled by the backfill';
comment on column public.customers.last_contact_at is
  'max(interactions.occurred_at), maintained by triggers on interactions';

update public.customers c
   set last_contact_at = m.last_at
  from (select org_id, customer_id, max(occurred_at) as last_at from public.interactions group by 1, 2) m
 where c.org_id = m.org_id and c.id = m.customer_id;

-- Keyset paging per sort: each index matches its ORDER BY and cursor comparison exactly
-- (coalesce gives the row comparison a total order without nulls).
create index customers_org_contact_idx on public.customers (org_id, coalesce(last_contact_at, '-infinity'::timestamptz), id);
create index customers_org_pinyin_idx on public.customers (org_id, coalesce(search_pinyin, lower(name)), id);
-- "By priority" walks the profiles in priority order (the (org_id, priority desc) index has no id
-- for the keyset's tie-break).
create index customer_profiles_org_priority_idx on public.customer_profiles (org_id, priority, customer_id);
-- What the backfill still has to do (empty once it ran): finding nothing is one index probe.
create index customers_search_pending_idx on public.customers (id) where search_pinyin is null;

-- ---------------------------------------------------------------------------
-- last_contact_at maintenance. Security definer: the derived column is the database's to keep,
-- whoever logs (a rep under RLS, the import, an admin deleting history).

create or replace function private.interactions_contact_insert() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.customers c
     set last_contact_at = m.last_at
    from (select org_id, customer_id, max(occurred_at) as last_at from new_rows group by 1, 2) m
   where c.org_id = m.org_id and c.id = m.customer_id
     and (c.last_contact_at is null or c.last_contact_at < m.last_at);
  return null;
end $$;

-- After a delete or an update the latest one may be gone: recompute for the customers touched.
create or replace function private.interactions_contact_recompute() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  with touched as (
    select org_id, customer_id from old_rows
    union
    select org_id, customer_id from new_rows
  )
  update public.customers c
     set last_contact_at = (select max(i.occurred_at) from public.interactions i
                             where i.org_id = c.org_id and i.customer_id = c.id)
    from touched t
   where c.org_id = t.org_id and c.id = t.customer_id;
  return null;
end $$;

-- The delete trigger has no NEW table; this one reads only OLD.
create or replace function private.interactions_contact_delete() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.customers c
     set last_contact_at = (select max(i.occurred_at) from public.interactions i
                             where i.org_id = c.org_id and i.customer_id = c.id)
    from (select distinct org_id, customer_id from old_rows) t
   where c.org_id = t.org_id and c.id = t.customer_id;
  return null;
end $$;

revoke all on function private.interactions_contact_insert(), private.interactions_contact_recompute(),
  private.interactions_contact_delete() from public;

-- Transition tables allow one event per trigger, hence three.
create trigger interactions_contact_ins after insert on public.interactions
  referencing new table as new_rows for each statement execute function private.interactions_contact_insert();
create trigger interactions_contact_upd after update on public.interactions
  referencing old table as old_rows new table as new_rows for each statement execute function private.interactions_contact_recompute();
create trigger interactions_contact_del after delete on public.interactions
  referencing old table as old_rows for each statement execute function private.interactions_contact_delete();

-- ---------------------------------------------------------------------------
-- updated_at means "someone changed this customer": keeping the derived columns up to date
-- (a logged visit, the search-key backfill) must not bump it.
create or replace function private.touch_customer_updated_at() returns trigger
language plpgsql as $$
begin
  if (to_jsonb(new) - 'updated_at' - 'last_contact_at' - 'search_pinyin')
     is distinct from (to_jsonb(old) - 'updated_at' - 'last_contact_at' - 'search_pinyin') then
    new.updated_at := now();
  end if;
  return new;
end $$;
drop trigger customers_touch on public.customers;
create trigger customers_touch before update on public.customers
  for each row execute function private.touch_customer_updated_at();

-- A rename that does not bring a new search key (a writer that does not know about it) drops the
-- stale one; the backfill computes it again. Until then "by name" sorts the row by lower(name).
create or replace function private.customer_search_key_stale() returns trigger
language plpgsql as $$
begin
  new.search_pinyin := null;
  return new;
end $$;
create trigger customers_search_key_stale before update of name, company on public.customers
  for each row
  when ((new.name, new.company) is distinct from (old.name, old.company)
        and new.search_pinyin is not distinct from old.search_pinyin)
  execute function private.customer_search_key_stale();

-- ---------------------------------------------------------------------------
-- "Is this phone number already someone's customer in my org?" — asked before saving a customer.
-- A rep sees only their own book under RLS, so a colleague's customer with the same number is
-- invisible to them; this answers yes/no (never whose or which) for the caller's own org.
-- Compares digits only, with a leading 86 dropped, so '+86 138 0013 8000' (imported verbatim)
-- and '13800138000' (typed in the form) are the same number.
create or replace function private.phone_digits(p text) returns text
language sql immutable set search_path = '' as $$
  select regexp_replace(regexp_replace(coalesce(p, ''), '[^0-9]', '', 'g'), '^(00)?86(1[3-9][0-9]{9})$', '\2')
$$;

create or replace function private.customer_phone_taken(p_phone text, p_except uuid default null) returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (
    select 1 from public.customers c
     where c.org_id = (select private.my_org())
       and c.merged_into is null
       and c.phone is not null
       and (p_except is null or c.id <> p_except)
       and private.phone_digits(c.phone) = private.phone_digits(p_phone)
  ) and private.phone_digits(p_phone) <> ''
$$;
revoke all on function private.phone_digits(text), private.customer_phone_taken(text, uuid) from public;
grant execute on function private.phone_digits(text), private.customer_phone_taken(text, uuid) to authenticated, service_role;
