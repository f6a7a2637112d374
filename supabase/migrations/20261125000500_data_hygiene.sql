-- Data hygiene (issue 7): in-app import, duplicate detection, merge and undo.
--
-- 1. Normalisation for duplicate detection, the SQL twin of lib/dedupe/normalise.ts (a DB test
--    checks they agree): phone (full-width → ASCII, separators dropped, +86/0086/86 before an
--    11-digit mobile dropped), e-mail (trimmed, lower-case), name + company (NFKC, whitespace
--    collapsed, case-folded). Expression indexes make the candidate query a join of equal keys.
-- 2. private.import_rows — the in-app import's writes that RLS does not let a manager make
--    directly (an interaction in a rep's name, an answered survey and its response). Only the
--    app server reaches the private schema; the function checks the caller is a manager/admin
--    and that every row's customer is one they see, in their org.
-- 3. customer_merges + private.merge_customers / private.undo_merge: a merge moves the dropped
--    customer's history to the kept one and records every moved row id, so undo (within 24 h)
--    moves exactly those rows back. Managers and admins only, and only customers they can see.

-- ---------------------------------------------------------------------------
-- 1. Normalisation

create or replace function private.dedupe_text(t text) returns text
language sql immutable parallel safe set search_path = '' as $$
  select nullif(lower(regexp_replace(btrim(normalize(coalesce(t, ''), nfkc)), '\s+', ' ', 'g')), '')
$$;

create or replace function private.dedupe_email(t text) returns text
language sql immutable parallel safe set search_path = '' as $$
  select nullif(lower(btrim(coalesce(t, ''))), '')
$$;

-- Mobile → 11 digits; +86/0086 landline → 0 + area code; other international → +E.164;
-- anything else with ≥ 5 digits → its digits; else null (no key, never a match).
create or replace function private.dedupe_phone(p text) returns text
language sql immutable parallel safe set search_path = '' as $$
  select case
    when d ~ '^(\+86|0086|86)?1[3-9][0-9]{9}$' then right(d, 11)
    when d ~ '^(\+|00)86[1-9][0-9]{8,10}$' then '0' || regexp_replace(d, '^(\+|00)86', '')
    when d ~ '^(\+|00)[1-9][0-9]{6,14}$' then '+' || regexp_replace(d, '^(\+|00)', '')
    when length(regexp_replace(d, '[^0-9]', '', 'g')) >= 5 then regexp_replace(d, '[^0-9]', '', 'g')
  end
  from (select regexp_replace(normalize(coalesce(p, ''), nfkc), '[^0-9+]', '', 'g') as d) s
$$;

revoke all on function private.dedupe_text(text), private.dedupe_email(text), private.dedupe_phone(text) from public;
grant execute on function private.dedupe_text(text), private.dedupe_email(text), private.dedupe_phone(text) to authenticated, service_role;

create index customers_dedupe_phone_idx on public.customers (org_id, private.dedupe_phone(phone))
  where phone is not null and merged_into is null;
create index customers_dedupe_email_idx on public.customers (org_id, private.dedupe_email(email))
  where email is not null and merged_into is null;
create index customers_dedupe_name_idx on public.customers (org_id, private.dedupe_text(name), private.dedupe_text(company))
  where company is not null and merged_into is null;

-- ---------------------------------------------------------------------------
-- 2. Import writes

create or replace function private.import_rows(p_table text, p_rows text) returns int
language plpgsql security definer set search_path = '' as $$
declare
  v_org uuid := private.my_org();
  v_role public.member_role := private.my_role();
  v_visible uuid[] := private.visible_owner_ids();
  v_bad int;
  v_n int;
begin
  if v_org is null or v_role not in ('manager', 'admin') then
    raise exception using errcode = '42501', message = 'import_forbidden';
  end if;
  -- Every row in the caller's org, on a customer the caller sees.
  select count(*) into v_bad
    from json_to_recordset(p_rows::json) as b(org_id uuid, customer_id uuid)
   where b.org_id is distinct from v_org
      or not exists (select 1 from public.customers c
                      where c.org_id = v_org and c.id = b.customer_id and c.owner_id = any (v_visible));
  if v_bad > 0 then
    raise exception using errcode = '42501', message = 'import_customer_not_visible';
  end if;

  if p_table = 'interactions' then
    insert into public.interactions (id, org_id, customer_id, rep_id, kind, initiated_by, occurred_at, duration_min,
                                     attitude, cognition, sentiment, note)
    select r.id, r.org_id, r.customer_id, r.rep_id, r.kind, r.initiated_by, r.occurred_at, r.duration_min,
           r.attitude, r.cognition, r.sentiment, r.note
      from json_populate_recordset(null::public.interactions, p_rows::json) r
    on conflict (id) do nothing;
  elsif p_table = 'surveys' then
    insert into public.surveys (id, org_id, customer_id, created_at, expires_at, answered_at)
    select r.id, r.org_id, r.customer_id, r.created_at, r.expires_at, r.answered_at
      from json_populate_recordset(null::public.surveys, p_rows::json) r
    on conflict (id) do nothing;
  elsif p_table = 'survey_responses' then
    -- The response's survey must be the same customer's.
    if exists (select 1 from json_to_recordset(p_rows::json) as b(survey_id uuid, customer_id uuid)
                where not exists (select 1 from public.surveys s
                                   where s.org_id = v_org and s.id = b.survey_id and s.customer_id = b.customer_id)) then
      raise exception using errcode = '42501', message = 'import_survey_mismatch';
    end if;
    insert into public.survey_responses (id, org_id, survey_id, customer_id, nps, csat, comment, created_at)
    select r.id, r.org_id, r.survey_id, r.customer_id, r.nps, r.csat, r.comment, r.created_at
      from json_populate_recordset(null::public.survey_responses, p_rows::json) r
    on conflict (id) do nothing;
  else
    raise exception using errcode = '22023', message = 'import_unknown_table';
  end if;
  get diagnostics v_n = row_count;
  return v_n;
end $$;

-- External ids that exist in the caller's org on customers they cannot see (a manager importing a
-- row another team owns): the preview names these rows instead of failing on the upsert.
create or replace function private.import_hidden_external_ids(p_ids text[]) returns text[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(c.external_id), '{}')
    from public.customers c
   where c.org_id = (select private.my_org())
     and c.external_id = any (p_ids)
     and not (c.owner_id = any ((select private.visible_owner_ids())::uuid[]))
$$;

revoke all on function private.import_rows(text, text), private.import_hidden_external_ids(text[]) from public;
grant execute on function private.import_rows(text, text), private.import_hidden_external_ids(text[]) to authenticated;

-- ---------------------------------------------------------------------------
-- 3. Merges

create table public.customer_merges (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  kept_id uuid not null,
  merged_id uuid not null,
  reasons text[] not null default '{}',
  -- {"interactions": [uuid…], "orders": […], "deals": […], "deal_stage_changes": […], "surveys": […],
  --  "survey_responses": […], "reminders": […], "customer_tags": [tag…]}
  moved jsonb not null,
  -- contact fields the kept customer lacked and took from the merged one: {"phone": "138…"}
  filled jsonb not null default '{}'::jsonb,
  merged_by uuid not null,
  merged_at timestamptz not null default now(),
  undone_by uuid,
  undone_at timestamptz,
  foreign key (org_id, kept_id) references public.customers (org_id, id) on delete cascade,
  foreign key (org_id, merged_id) references public.customers (org_id, id) on delete cascade,
  check (kept_id <> merged_id)
);
create index customer_merges_org_time_idx on public.customer_merges (org_id, merged_at desc);
create index customer_merges_org_kept_idx on public.customer_merges (org_id, kept_id);
create index customer_merges_org_merged_idx on public.customer_merges (org_id, merged_id);
alter table public.customer_merges enable row level security;
revoke all on public.customer_merges from anon;

-- Read by the managers/admins who see both customers; written only by the functions below.
create policy customer_merges_select on public.customer_merges for select to authenticated
  using (org_id = (select private.my_org())
         and (select private.my_role()) in ('manager', 'admin')
         and exists (select 1 from public.customers c where c.id = kept_id)
         and exists (select 1 from public.customers c where c.id = merged_id));

create or replace function private.merge_customers(p_keep uuid, p_drop uuid, p_reasons text[] default '{}')
returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  v_org uuid := private.my_org();
  v_role public.member_role := private.my_role();
  v_visible uuid[] := private.visible_owner_ids();
  k public.customers;
  d public.customers;
  v_id uuid := gen_random_uuid();
  v_moved jsonb := '{}'::jsonb;
  v_filled jsonb;
  v_ids jsonb;
begin
  if v_org is null or v_role not in ('manager', 'admin') then
    raise exception using errcode = '42501', message = 'merge_forbidden';
  end if;
  if p_keep = p_drop then
    raise exception using errcode = '22023', message = 'merge_same';
  end if;
  -- Lock both in id order (two merges of the same pair must not deadlock).
  perform 1 from public.customers where org_id = v_org and id in (p_keep, p_drop) order by id for update;
  select * into k from public.customers where org_id = v_org and id = p_keep;
  select * into d from public.customers where org_id = v_org and id = p_drop;
  if k.id is null or d.id is null or not (k.owner_id = any (v_visible)) or not (d.owner_id = any (v_visible)) then
    raise exception using errcode = 'P0002', message = 'merge_not_found';
  end if;
  if k.merged_into is not null or d.merged_into is not null then
    raise exception using errcode = '55000', message = 'merge_already_merged';
  end if;

  with u as (update public.interactions set customer_id = k.id where org_id = v_org and customer_id = d.id returning id)
  select coalesce(jsonb_agg(id), '[]') into v_ids from u;
  v_moved := v_moved || jsonb_build_object('interactions', v_ids);
  with u as (update public.orders set customer_id = k.id where org_id = v_org and customer_id = d.id returning id)
  select coalesce(jsonb_agg(id), '[]') into v_ids from u;
  v_moved := v_moved || jsonb_build_object('orders', v_ids);
  with u as (update public.deals set customer_id = k.id where org_id = v_org and customer_id = d.id returning id)
  select coalesce(jsonb_agg(id), '[]') into v_ids from u;
  v_moved := v_moved || jsonb_build_object('deals', v_ids);
  with u as (update public.deal_stage_changes set customer_id = k.id where org_id = v_org and customer_id = d.id returning id)
  select coalesce(jsonb_agg(id), '[]') into v_ids from u;
  v_moved := v_moved || jsonb_build_object('deal_stage_changes', v_ids);
  with u as (update public.surveys set customer_id = k.id where org_id = v_org and customer_id = d.id returning id)
  select coalesce(jsonb_agg(id), '[]') into v_ids from u;
  v_moved := v_moved || jsonb_build_object('surveys', v_ids);
  with u as (update public.survey_responses set customer_id = k.id where org_id = v_org and customer_id = d.id returning id)
  select coalesce(jsonb_agg(id), '[]') into v_ids from u;
  v_moved := v_moved || jsonb_build_object('survey_responses', v_ids);
  with u as (update public.reminders set customer_id = k.id where org_id = v_org and customer_id = d.id returning id)
  select coalesce(jsonb_agg(id), '[]') into v_ids from u;
  v_moved := v_moved || jsonb_build_object('reminders', v_ids);
  -- Manual tags the kept customer does not have yet (model tags are the recompute's to make).
  with u as (
    update public.customer_tags t set customer_id = k.id
     where t.org_id = v_org and t.customer_id = d.id and t.kind = 'manual'
       and not exists (select 1 from public.customer_tags x where x.org_id = v_org and x.customer_id = k.id and x.tag = t.tag)
    returning t.tag)
  select coalesce(jsonb_agg(tag), '[]') into v_ids from u;
  v_moved := v_moved || jsonb_build_object('customer_tags', v_ids);

  -- Contact details the kept customer lacks. Not name/company: those feed the search key.
  v_filled := jsonb_strip_nulls(jsonb_build_object(
    'phone', case when k.phone is null then d.phone end,
    'email', case when k.email is null then d.email end,
    'wechat', case when k.wechat is null then d.wechat end,
    'industry', case when k.industry is null then d.industry end,
    'region', case when k.region is null then d.region end));
  if v_filled <> '{}'::jsonb then
    update public.customers set
      phone = coalesce(phone, v_filled ->> 'phone'),
      email = coalesce(email, v_filled ->> 'email'),
      wechat = coalesce(wechat, v_filled ->> 'wechat'),
      industry = coalesce(industry, v_filled ->> 'industry'),
      region = coalesce(region, v_filled ->> 'region')
    where org_id = v_org and id = k.id;
  end if;

  update public.customers set merged_into = k.id where org_id = v_org and id = d.id;
  insert into public.customer_merges (id, org_id, kept_id, merged_id, reasons, moved, filled, merged_by)
  values (v_id, v_org, k.id, d.id, coalesce(p_reasons, '{}'), v_moved, v_filled, (select auth.uid()));
  return v_id;
end $$;

-- Undo: the rows the merge moved go back (children follow their moved parent: a stage change or a
-- survey answer recorded on a moved deal/survey after the merge goes back with it), the filled
-- fields are cleared if still as the merge left them, and the merged customer reappears.
create or replace function private.undo_merge(p_merge uuid) returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  v_org uuid := private.my_org();
  v_role public.member_role := private.my_role();
  v_visible uuid[] := private.visible_owner_ids();
  m public.customer_merges;
  k public.customers;
  d public.customers;
  ids uuid[];
begin
  if v_org is null or v_role not in ('manager', 'admin') then
    raise exception using errcode = '42501', message = 'merge_forbidden';
  end if;
  select * into m from public.customer_merges where org_id = v_org and id = p_merge for update;
  if m.id is null then
    raise exception using errcode = 'P0002', message = 'merge_not_found';
  end if;
  perform 1 from public.customers where org_id = v_org and id in (m.kept_id, m.merged_id) order by id for update;
  select * into k from public.customers where org_id = v_org and id = m.kept_id;
  select * into d from public.customers where org_id = v_org and id = m.merged_id;
  if not (k.owner_id = any (v_visible)) or not (d.owner_id = any (v_visible)) then
    raise exception using errcode = 'P0002', message = 'merge_not_found';
  end if;
  if m.undone_at is not null then
    raise exception using errcode = '55000', message = 'merge_already_undone';
  end if;
  if m.merged_at < now() - interval '24 hours' then
    raise exception using errcode = '55000', message = 'merge_undo_expired';
  end if;
  if k.merged_into is not null then
    -- The kept customer was itself merged since: its rows (and these) live elsewhere now.
    raise exception using errcode = '55000', message = 'merge_undo_blocked';
  end if;

  select coalesce(array_agg(x::uuid), '{}') into ids from jsonb_array_elements_text(m.moved -> 'interactions') x;
  update public.interactions set customer_id = d.id where org_id = v_org and customer_id = k.id and id = any (ids);
  select coalesce(array_agg(x::uuid), '{}') into ids from jsonb_array_elements_text(m.moved -> 'orders') x;
  update public.orders set customer_id = d.id where org_id = v_org and customer_id = k.id and id = any (ids);
  select coalesce(array_agg(x::uuid), '{}') into ids from jsonb_array_elements_text(m.moved -> 'deals') x;
  update public.deals set customer_id = d.id where org_id = v_org and customer_id = k.id and id = any (ids);
  update public.deal_stage_changes set customer_id = d.id
   where org_id = v_org and customer_id = k.id
     and (deal_id = any (ids) or id in (select x::uuid from jsonb_array_elements_text(m.moved -> 'deal_stage_changes') x));
  select coalesce(array_agg(x::uuid), '{}') into ids from jsonb_array_elements_text(m.moved -> 'surveys') x;
  update public.surveys set customer_id = d.id where org_id = v_org and customer_id = k.id and id = any (ids);
  update public.survey_responses set customer_id = d.id
   where org_id = v_org and customer_id = k.id
     and (survey_id = any (ids) or id in (select x::uuid from jsonb_array_elements_text(m.moved -> 'survey_responses') x));
  select coalesce(array_agg(x::uuid), '{}') into ids from jsonb_array_elements_text(m.moved -> 'reminders') x;
  update public.reminders set customer_id = d.id where org_id = v_org and customer_id = k.id and id = any (ids);
  update public.customer_tags t set customer_id = d.id
   where t.org_id = v_org and t.customer_id = k.id and t.kind = 'manual'
     and t.tag in (select jsonb_array_elements_text(m.moved -> 'customer_tags'))
     and not exists (select 1 from public.customer_tags x where x.org_id = v_org and x.customer_id = d.id and x.tag = t.tag);

  if m.filled <> '{}'::jsonb then
    update public.customers set
      phone = case when m.filled ? 'phone' and phone is not distinct from m.filled ->> 'phone' then null else phone end,
      email = case when m.filled ? 'email' and email is not distinct from m.filled ->> 'email' then null else email end,
      wechat = case when m.filled ? 'wechat' and wechat is not distinct from m.filled ->> 'wechat' then null else wechat end,
      industry = case when m.filled ? 'industry' and industry is not distinct from m.filled ->> 'industry' then null else industry end,
      region = case when m.filled ? 'region' and region is not distinct from m.filled ->> 'region' then null else region end
    where org_id = v_org and id = k.id;
  end if;
  update public.customers set merged_into = null where org_id = v_org and id = d.id;
  update public.customer_merges set undone_at = now(), undone_by = (select auth.uid()) where id = m.id;
  return m.id;
end $$;

revoke all on function private.merge_customers(uuid, uuid, text[]), private.undo_merge(uuid) from public;
grant execute on function private.merge_customers(uuid, uuid, text[]), private.undo_merge(uuid) to authenticated;
