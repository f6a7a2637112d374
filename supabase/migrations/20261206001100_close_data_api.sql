-- Closing the Data API (issue 11; decision in docs/architecture.md, "The Data API is off").
-- The app never uses PostgREST: it reaches Postgres through its own login (crystal_app +
-- withRls) and the Edge Functions through SUPABASE_DB_URL. So supabase/config.toml turns the
-- Data API off and README "Deploy to Supabase" turns it off in the dashboard. This migration is
-- the second wall, for a project where it was left on and for any bug in our own server code:
-- what `authenticated` and `anon` may do in SQL is what the app lets them do, no more.

-- 1. Privileges RLS does not filter. TRUNCATE ignores RLS (a rep could empty customer_tags);
--    TRIGGER and REFERENCES have no use for an API role. anon runs exactly one thing,
--    public.submit_survey (security definer), so it keeps no table privilege at all.
revoke truncate, trigger, references on all tables in schema public from authenticated;
revoke all on all tables in schema public from anon;
revoke all on all sequences in schema public from anon;
-- …and for every table later migrations create (Supabase granted `all` by default; these are
-- the default privileges of the role that runs migrations: postgres on both profiles).
alter default privileges in schema public revoke truncate, trigger, references on tables from authenticated;
alter default privileges in schema public revoke all on tables from anon;
alter default privileges in schema public revoke all on sequences from anon;

-- 2. Columns only server code writes. RLS says which rows a member may write, not which values;
--    the app decides those. A BEFORE trigger holds the same rules for anyone writing as an API
--    role (the app's own queries included); security-definer functions (merge, import_rows,
--    recompute) and the service connection run as the table owner and are not checked.
create or replace function private.is_manager_or_admin() returns boolean
language sql stable security definer set search_path = '' as $$
  select exists (select 1 from public.members m
                  where m.user_id = (select auth.uid()) and m.active and m.role in ('manager', 'admin'))
$$;
revoke all on function private.is_manager_or_admin() from public, anon;
grant execute on function private.is_manager_or_admin() to authenticated;

create or replace function private.guard_server_columns() returns trigger
language plpgsql as $$
declare
  -- A client's clock and a slow request: "now" within a minute is still now.
  v_recent constant timestamptz := now() - interval '1 minute';
begin
  if current_user not in ('authenticated', 'anon') then
    return new;
  end if;
  if tg_op = 'UPDATE' and new.org_id is distinct from old.org_id then
    raise exception 'org_id cannot change' using errcode = '42501';
  end if;
  if tg_table_name = 'customers' then
    -- Merging is a manager action with its own checks and an undo: private.merge_customers only.
    if (tg_op = 'INSERT' and new.merged_into is not null)
       or (tg_op = 'UPDATE' and new.merged_into is distinct from old.merged_into) then
      raise exception 'customers.merged_into is set only by a merge' using errcode = '42501';
    end if;
  end if;
  if tg_table_name in ('customers', 'deals') then
    -- created_at is when the customer/deal began: back-dating it is importing history, which the
    -- app lets managers and admins do (CSV import) and nobody else.
    if ((tg_op = 'INSERT' and new.created_at < v_recent)
        or (tg_op = 'UPDATE' and new.created_at is distinct from old.created_at))
       and not private.is_manager_or_admin() then
      raise exception '%.created_at is history: only an import by a manager or admin sets it', tg_table_name using errcode = '42501';
    end if;
  elsif tg_table_name = 'deal_stage_changes' then
    -- A stage change happens now; older ones only arrive by import (managers/admins).
    if new.changed_at < v_recent and not private.is_manager_or_admin() then
      raise exception 'deal_stage_changes.changed_at cannot be back-dated' using errcode = '42501';
    end if;
  elsif tg_table_name = 'orders' then
    -- The order date is the rep's to pick, within what the order sheet accepts
    -- (lib/validation/order.ts pastDate: 2000-01-01 … now + 1 day); the row's created_at is not.
    if new.ordered_at < timestamptz '2000-01-01 00:00:00+00' or new.ordered_at > now() + interval '1 day' then
      raise exception 'orders.ordered_at out of range' using errcode = '22023';
    end if;
    if ((tg_op = 'INSERT' and new.created_at < v_recent)
        or (tg_op = 'UPDATE' and new.created_at is distinct from old.created_at))
       and not private.is_manager_or_admin() then
      raise exception 'orders.created_at is set by the server' using errcode = '42501';
    end if;
  end if;
  return new;
end $$;

create trigger customers_guard before insert or update on public.customers
  for each row execute function private.guard_server_columns();
create trigger deals_guard before insert or update on public.deals
  for each row execute function private.guard_server_columns();
create trigger deal_stage_changes_guard before insert or update on public.deal_stage_changes
  for each row execute function private.guard_server_columns();
create trigger orders_guard before insert or update on public.orders
  for each row execute function private.guard_server_columns();
