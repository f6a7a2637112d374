-- Incremental whole-org recompute (docs/benchmarks.md, "Skipping what did not change").
--
-- A whole-org recompute at an as_of it has already run at, with the same rules, timezone, engine
-- and feature SQL, needs to classify only the customers whose inputs were written since: every
-- other customer's stored profile already is what a full run would produce. Two pieces:
--
-- 1. private.recompute_dirty — one row per customer whose inputs were written (insert, update or
--    delete of the customer, its interactions, orders, deals, deal stage changes, surveys or
--    survey answers). Statement-level triggers add the rows; `seq` grows with every write, so a
--    recompute deletes exactly the (customer, seq) pairs it read before reading the features
--    (a write that lands meanwhile leaves its row for the next run). `ctx` = the write can move
--    the org context (revenue cut-offs: orders, customers; median sales cycle: deals).
-- 2. private.recompute_org_state — per org, what the last whole-org run established: its as_of,
--    a key (engine version, rules, timezone, feature SQL) and the org context it used. A run
--    whose as_of or key differ, or that was overlapped by another whole-org run (`run_seq`),
--    recomputes everything, as before. `{ full: true }` forces that.
--
-- Recomputes of a few customers (after a rep's log, at as_of = now) mark the customers they
-- rewrote as dirty, so the org state's promise ("non-dirty customers are stored as of as_of")
-- stays true.

create table private.recompute_dirty (
  customer_id uuid primary key,
  org_id uuid not null,
  ctx boolean not null default false,
  seq bigint generated always as identity (cycle)
);
create index recompute_dirty_org_idx on private.recompute_dirty (org_id);
-- Not exposed (private schema) and no policies: the triggers (definer) and the recompute
-- (service connection) touch it.
alter table private.recompute_dirty enable row level security;

create table private.recompute_org_state (
  org_id uuid primary key references public.orgs (id) on delete cascade,
  as_of timestamptz not null,
  key text not null,
  ctx jsonb not null,
  run_seq bigint not null default 0,
  finished_at timestamptz not null default now()
);
alter table private.recompute_org_state enable row level security;

revoke all on private.recompute_dirty, private.recompute_org_state from public, anon, authenticated;
grant select, insert, update, delete on private.recompute_dirty, private.recompute_org_state to service_role;

-- Mark the customers of the changed rows. `tg_argv[0]` = 'ctx' when the table feeds the org
-- context. Updates mark both the old and the new customer (a row moved by a merge).
create or replace function private.recompute_mark_dirty() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_ctx boolean := coalesce(tg_argv[0], '') = 'ctx';
begin
  if tg_op = 'INSERT' then
    insert into private.recompute_dirty as d (customer_id, org_id, ctx)
    select n.customer_id, min(n.org_id::text)::uuid, v_ctx from new_rows n group by n.customer_id
    on conflict (customer_id) do update set seq = default, ctx = d.ctx or excluded.ctx;
  elsif tg_op = 'DELETE' then
    insert into private.recompute_dirty as d (customer_id, org_id, ctx)
    select o.customer_id, min(o.org_id::text)::uuid, v_ctx from old_rows o group by o.customer_id
    on conflict (customer_id) do update set seq = default, ctx = d.ctx or excluded.ctx;
  else
    insert into private.recompute_dirty as d (customer_id, org_id, ctx)
    select x.customer_id, min(x.org_id::text)::uuid, v_ctx
    from (select n.customer_id, n.org_id from new_rows n union all select o.customer_id, o.org_id from old_rows o) x
    group by x.customer_id
    on conflict (customer_id) do update set seq = default, ctx = d.ctx or excluded.ctx;
  end if;
  return null;
end $$;

-- customers: only the columns the features and the context read (kind, needs, created_at,
-- merged_into, org_id) — other edits (name, owner, last contact …) change no profile.
create or replace function private.recompute_mark_dirty_customers() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'INSERT' then
    insert into private.recompute_dirty as d (customer_id, org_id, ctx)
    select n.id, n.org_id, true from new_rows n
    on conflict (customer_id) do update set seq = default, ctx = true;
  elsif tg_op = 'DELETE' then
    insert into private.recompute_dirty as d (customer_id, org_id, ctx)
    select o.id, o.org_id, true from old_rows o
    on conflict (customer_id) do update set seq = default, ctx = true;
  else
    insert into private.recompute_dirty as d (customer_id, org_id, ctx)
    select n.id, n.org_id, true
    from new_rows n join old_rows o on o.id = n.id
    where (n.org_id, n.kind, n.needs, n.created_at, n.merged_into)
          is distinct from (o.org_id, o.kind, o.needs, o.created_at, o.merged_into)
    on conflict (customer_id) do update set seq = default, ctx = true;
  end if;
  return null;
end $$;

revoke execute on function private.recompute_mark_dirty(), private.recompute_mark_dirty_customers()
  from public, anon, authenticated;

-- Transition tables need one trigger per event.
do $$
declare
  t record;
begin
  for t in select * from (values
      ('interactions', ''), ('survey_responses', ''), ('surveys', ''),
      ('orders', 'ctx'), ('deals', 'ctx'), ('deal_stage_changes', 'ctx')) v (tbl, arg)
  loop
    execute format('create trigger %I after insert on public.%I referencing new table as new_rows
                    for each statement execute function private.recompute_mark_dirty(%L)', t.tbl || '_recompute_ins', t.tbl, t.arg);
    execute format('create trigger %I after update on public.%I referencing new table as new_rows old table as old_rows
                    for each statement execute function private.recompute_mark_dirty(%L)', t.tbl || '_recompute_upd', t.tbl, t.arg);
    execute format('create trigger %I after delete on public.%I referencing old table as old_rows
                    for each statement execute function private.recompute_mark_dirty(%L)', t.tbl || '_recompute_del', t.tbl, t.arg);
  end loop;
end $$;

create trigger customers_recompute_ins after insert on public.customers referencing new table as new_rows
  for each statement execute function private.recompute_mark_dirty_customers();
create trigger customers_recompute_upd after update on public.customers referencing new table as new_rows old table as old_rows
  for each statement execute function private.recompute_mark_dirty_customers();
create trigger customers_recompute_del after delete on public.customers referencing old table as old_rows
  for each statement execute function private.recompute_mark_dirty_customers();

-- reminders: the playbook step (supabase/functions/_shared/reminders.ts) reads a customer's
-- open and snoozed reminders. The playbook's own writes (inserts, status 'closed') are what a
-- rerun at the same as_of would write again, so they mark nothing; what a rep does that moves a
-- reminder into or out of the open set (done, dismissed, reopened), or a change of its kind, key
-- or customer, marks the customer.
create or replace function private.recompute_mark_dirty_reminders() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'DELETE' then
    insert into private.recompute_dirty as d (customer_id, org_id)
    select o.customer_id, min(o.org_id::text)::uuid from old_rows o group by o.customer_id
    on conflict (customer_id) do update set seq = default;
  else
    insert into private.recompute_dirty as d (customer_id, org_id)
    select x.customer_id, min(x.org_id::text)::uuid
    from new_rows n join old_rows o on o.id = n.id
    cross join lateral (values (n.customer_id, n.org_id), (o.customer_id, o.org_id)) x (customer_id, org_id)
    where (n.status::text <> 'closed'
           and (n.status::text in ('open', 'snoozed')) is distinct from (o.status::text in ('open', 'snoozed')))
       or (n.customer_id, n.kind, n.dedupe_key) is distinct from (o.customer_id, o.kind, o.dedupe_key)
    group by x.customer_id
    on conflict (customer_id) do update set seq = default;
  end if;
  return null;
end $$;
revoke execute on function private.recompute_mark_dirty_reminders() from public, anon, authenticated;
create trigger reminders_recompute_upd after update on public.reminders referencing new table as new_rows old table as old_rows
  for each statement execute function private.recompute_mark_dirty_reminders();
create trigger reminders_recompute_del after delete on public.reminders referencing old table as old_rows
  for each statement execute function private.recompute_mark_dirty_reminders();

-- customer_profiles: a deleted profile, or `update customer_profiles set state_hash = null` (the
-- documented way to force a rewrite), is rewritten by a full run; mark it so an incremental run
-- does too. The recompute itself never writes a null hash, so its own writes mark nothing.
create or replace function private.recompute_mark_dirty_profile() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if tg_op = 'DELETE' then
    insert into private.recompute_dirty as d (customer_id, org_id) values (old.customer_id, old.org_id)
    on conflict (customer_id) do update set seq = default;
  else
    insert into private.recompute_dirty as d (customer_id, org_id) values (new.customer_id, new.org_id)
    on conflict (customer_id) do update set seq = default;
  end if;
  return null;
end $$;
revoke execute on function private.recompute_mark_dirty_profile() from public, anon, authenticated;
-- row triggers with a WHEN: the recompute's own bulk writes (never a null hash) cost one check a row
create trigger customer_profiles_recompute_upd after update on public.customer_profiles
  for each row when (new.state_hash is null) execute function private.recompute_mark_dirty_profile();
create trigger customer_profiles_recompute_del after delete on public.customer_profiles
  for each row execute function private.recompute_mark_dirty_profile();

-- TRUNCATE has no transition table: forget every org's state (the next runs are full ones).
create or replace function private.recompute_forget_orgs() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  delete from private.recompute_org_state;
  return null;
end $$;
revoke execute on function private.recompute_forget_orgs() from public, anon, authenticated;
do $$
declare
  t text;
begin
  foreach t in array array['customers', 'interactions', 'orders', 'deals', 'deal_stage_changes', 'surveys', 'survey_responses',
                           'reminders', 'customer_profiles', 'customer_tags']
  loop
    execute format('create trigger %I after truncate on public.%I for each statement execute function private.recompute_forget_orgs()',
                   t || '_recompute_truncate', t);
  end loop;
end $$;

-- The feature SQL's own version: a digest of the definitions the recompute reads, so a migration
-- that changes a feature makes the next whole-org run a full one.
create or replace function private.recompute_sql_version() returns text
language sql stable set search_path = '' as $$
  select md5(string_agg(pg_get_functiondef(p.oid), E'\n' order by p.oid::regprocedure::text))
  from pg_proc p
  join pg_namespace n on n.oid = p.pronamespace
  where (n.nspname, p.proname) in (('private', 'customer_feature_rows'), ('private', 'deal_rows'),
                                   ('private', 'customer_features_compact_rows'), ('private', 'customer_features_compact'),
                                   ('public', 'org_feature_context'))
$$;
revoke execute on function private.recompute_sql_version() from public, anon, authenticated;
grant execute on function private.recompute_sql_version() to service_role;
