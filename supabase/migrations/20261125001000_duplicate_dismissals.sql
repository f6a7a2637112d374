-- "Not duplicates" (the data screen's duplicate review): a manager or admin who sees both
-- customers says a candidate pair is two different customers, and the pair is not listed again
-- — for anyone in the org, for good (lib/dedupe/candidates.ts leaves dismissed pairs out).
--
-- One row per pair, stored in a fixed order (customer_a < customer_b, the order the candidate
-- query pairs them in) so a pair is dismissed once whichever side was tapped. Rows go when
-- either customer is deleted. No update or delete: a dismissal is a decision on record (who,
-- when), and the pair stays hidden.

create table public.duplicate_dismissals (
  org_id uuid not null references public.orgs (id) on delete cascade,
  customer_a uuid not null,
  customer_b uuid not null,
  dismissed_by uuid not null,
  dismissed_at timestamptz not null default now(),
  primary key (org_id, customer_a, customer_b),
  foreign key (org_id, customer_a) references public.customers (org_id, id) on delete cascade,
  foreign key (org_id, customer_b) references public.customers (org_id, id) on delete cascade,
  check (customer_a < customer_b)
);
-- the cascade from customer_b (customer_a leads the primary key)
create index duplicate_dismissals_org_b_idx on public.duplicate_dismissals (org_id, customer_b);
alter table public.duplicate_dismissals enable row level security;
revoke all on public.duplicate_dismissals from anon, authenticated;
grant select, insert on public.duplicate_dismissals to authenticated;

-- Managers and admins of the org who see both customers (the same rule as merging) read and
-- write them; the one who dismisses is the caller, never a name from the request.
create policy duplicate_dismissals_select on public.duplicate_dismissals for select to authenticated
  using (org_id = (select private.my_org())
         and (select private.my_role()) in ('manager', 'admin')
         and exists (select 1 from public.customers c where c.org_id = duplicate_dismissals.org_id and c.id = customer_a)
         and exists (select 1 from public.customers c where c.org_id = duplicate_dismissals.org_id and c.id = customer_b));

create policy duplicate_dismissals_insert on public.duplicate_dismissals for insert to authenticated
  with check (org_id = (select private.my_org())
              and (select private.my_role()) in ('manager', 'admin')
              and dismissed_by = (select auth.uid())
              and exists (select 1 from public.customers c where c.org_id = duplicate_dismissals.org_id and c.id = customer_a)
              and exists (select 1 from public.customers c where c.org_id = duplicate_dismissals.org_id and c.id = customer_b));
