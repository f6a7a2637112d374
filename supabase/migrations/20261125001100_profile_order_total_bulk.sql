-- A new profile's order_total, set per statement instead of per row.
--
-- 20261125000910 started each new profile from its orders' sum in a BEFORE INSERT row trigger
-- (an `exists` on customer_profiles, a row lock on the customer, a sum of its orders). Inside
-- PL/pgSQL those three statements keep the plans made the first times they ran in a session.
-- A first classification (or the benchmark's cold run, which truncates the profiles) starts
-- with an empty customer_profiles, so the cached plan of the `exists` was a sequential scan —
-- kept while the recompute inserted 100,000 profiles on that pooled connection: quadratic, one
-- 2,000-customer chunk took 16 s instead of ~0.5 s (pg_stat_user_tables: 51k sequential scans,
-- 1.3 billion tuples read on customer_profiles).
--
-- Now: one AFTER INSERT statement trigger over the inserted rows (an upsert's transition table
-- holds only the rows it inserted; an existing profile keeps its total). It locks those
-- customers (in id order, against deadlocks between two such statements) and then sums their
-- orders in one statement, so the same reasoning as before holds under READ COMMITTED: an order
-- written meanwhile for one of them holds the foreign key's KEY SHARE lock on its customer, our
-- FOR UPDATE waits for it and the sum — a new statement, a new snapshot — sees it; an order
-- written afterwards waits for our lock and then adds to the committed profile.

drop trigger if exists customer_profiles_order_total on public.customer_profiles;
drop function if exists private.profile_order_total_start();

create or replace function private.profile_order_total_fill() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  perform 1 from public.customers c
  where c.id in (select n.customer_id from new_profiles n)
  order by c.id
  for update;
  update public.customer_profiles p set order_total = s.total
  from (
    select n.customer_id, sum(o.amount) as total
    from new_profiles n
    join public.orders o on o.org_id = n.org_id and o.customer_id = n.customer_id
    group by n.customer_id
  ) s
  where p.customer_id = s.customer_id and p.order_total is distinct from s.total;
  return null;
end $$;
revoke execute on function private.profile_order_total_fill() from public, anon, authenticated;

create trigger customer_profiles_order_total_fill after insert on public.customer_profiles
  referencing new table as new_profiles
  for each statement execute function private.profile_order_total_fill();
