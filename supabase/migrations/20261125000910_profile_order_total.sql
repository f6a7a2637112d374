-- 洞察 Insights distribution (lib/db/queries/insights.ts): each customer's order total, kept on
-- its profile, so the distribution reads the profiles alone instead of summing every order of
-- the org under a second RLS check (docs/benchmarks-insights.md). Exact and current — kept by
-- triggers in the same transaction as the orders it sums, not a snapshot of the last recompute:
--   - an order written, moved (merge) or deleted adjusts the totals of the customers it touches
--     (statement triggers with transition tables: one update per statement, not per row);
--   - a profile inserted (a customer's first classification) starts from its orders' sum, after
--     locking the customer row: an order being written for it meanwhile holds the foreign key's
--     KEY SHARE lock on that row, so the sum waits for it and sees it, and an order written
--     afterwards waits for the profile and adds to it.
-- The recompute neither reads nor writes the column. TRUNCATE orders fires no row or statement
-- trigger: after one, `update customer_profiles set order_total = 0`.

alter table public.customer_profiles add column if not exists order_total numeric(16, 2) not null default 0;

-- Transition tables need one trigger per event (and a function may name only the ones its trigger has).
create or replace function private.profile_order_total_ins() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.customer_profiles p set order_total = p.order_total + d.delta
  from (select n.customer_id, sum(n.amount) as delta from new_rows n group by n.customer_id having sum(n.amount) <> 0) d
  where p.customer_id = d.customer_id;
  return null;
end $$;
create or replace function private.profile_order_total_del() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.customer_profiles p set order_total = p.order_total - d.amount
  from (select o.customer_id, sum(o.amount) as amount from old_rows o group by o.customer_id having sum(o.amount) <> 0) d
  where p.customer_id = d.customer_id;
  return null;
end $$;
create or replace function private.profile_order_total_upd() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  update public.customer_profiles p set order_total = p.order_total + d.delta
  from (
    select x.customer_id, sum(x.amount) as delta
    from (select n.customer_id, n.amount from new_rows n union all select o.customer_id, -o.amount from old_rows o) x
    group by x.customer_id
    having sum(x.amount) <> 0
  ) d
  where p.customer_id = d.customer_id;
  return null;
end $$;

create or replace function private.profile_order_total_start() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- an upsert of an existing profile (the recompute's usual write) keeps the stored total
  if exists (select 1 from public.customer_profiles p where p.customer_id = new.customer_id) then
    return new;
  end if;
  perform 1 from public.customers c where c.id = new.customer_id for update;
  select coalesce(sum(o.amount), 0) into new.order_total
  from public.orders o where o.org_id = new.org_id and o.customer_id = new.customer_id;
  return new;
end $$;

revoke execute on function private.profile_order_total_ins(), private.profile_order_total_del(),
  private.profile_order_total_upd(), private.profile_order_total_start() from public, anon, authenticated;

create trigger orders_profile_total_ins after insert on public.orders referencing new table as new_rows
  for each statement execute function private.profile_order_total_ins();
create trigger orders_profile_total_upd after update on public.orders referencing new table as new_rows old table as old_rows
  for each statement execute function private.profile_order_total_upd();
create trigger orders_profile_total_del after delete on public.orders referencing old table as old_rows
  for each statement execute function private.profile_order_total_del();
create trigger customer_profiles_order_total before insert on public.customer_profiles
  for each row execute function private.profile_order_total_start();

-- Existing profiles: their customers' sums now.
update public.customer_profiles p set order_total = s.total
from (select o.customer_id, sum(o.amount) as total from public.orders o group by o.customer_id) s
where s.customer_id = p.customer_id and p.order_total is distinct from s.total;

-- The distribution's covering index, now with the total (replaces customer_profiles_org_dims_idx
-- of 20261125000400: same key, one more column).
create index if not exists customer_profiles_org_dims_total_idx on public.customer_profiles (org_id, customer_id)
  include (relationship_type, value_tier, lifecycle, funnel_stage, loyalty, churn_risk, order_total);
drop index if exists public.customer_profiles_org_dims_idx;
