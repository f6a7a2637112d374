-- Reassigning a customer (the manager's 团队 tab, DESIGN.md §3 "may reassign within the team").
--
-- 1. Reminders follow the owner. Whatever changes customers.owner_id — the team tab's reassign,
--    the customer form's owner picker, an import — the customer's open and snoozed reminders move
--    to the new owner in the same statement. The trigger is security INVOKER: the move runs under
--    the caller's reminders policy (using: they see the customer; with check: the new assignee is
--    one of theirs), so it can never move more than the caller could move by hand. Done,
--    dismissed and closed reminders stay with whoever had them: they are that rep's record (the
--    completion rate on the team tab counts them). notified_at is cleared so the new owner's
--    phone gets the push the old owner may already have had.
-- 2. A history: customer_owner_changes, one row per change, written by a security-definer
--    trigger (like manual tags → tag_changes) so nobody can write history that did not happen.
--    Readable by whoever sees the customer now. from/to are plain uuids, not foreign keys: a
--    member who has left can still be deleted without rewriting the customer's past.

create table public.customer_owner_changes (
  id bigint generated always as identity primary key,
  org_id uuid not null references public.orgs (id) on delete cascade,
  customer_id uuid not null,
  from_owner uuid,
  to_owner uuid not null,
  changed_by uuid,            -- the signed-in member; null = a privileged connection (import, CLI)
  changed_at timestamptz not null default now(),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade
);
create index customer_owner_changes_org_customer_idx on public.customer_owner_changes (org_id, customer_id, changed_at desc);
create index customer_owner_changes_org_time_idx on public.customer_owner_changes (org_id, changed_at desc);
alter table public.customer_owner_changes enable row level security;

revoke all on public.customer_owner_changes from anon, authenticated;
grant select on public.customer_owner_changes to authenticated;

create policy customer_owner_changes_select on public.customer_owner_changes for select to authenticated
  using (org_id = (select private.my_org())
         and exists (select 1 from public.customers c where c.id = customer_id));

-- (1) security invoker on purpose: see above.
create or replace function private.customer_owner_move_reminders() returns trigger
language plpgsql security invoker set search_path = '' as $$
begin
  update public.reminders r
     set assignee_id = new.owner_id, notified_at = null
   where r.org_id = new.org_id and r.customer_id = new.id
     and r.status in ('open', 'snoozed')
     and r.assignee_id is distinct from new.owner_id;
  return null;
end $$;

-- (2) security definer: copies what the caller's own (policy-checked) update just did.
create or replace function private.customer_owner_record_change() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  insert into public.customer_owner_changes (org_id, customer_id, from_owner, to_owner, changed_by)
  values (new.org_id, new.id, old.owner_id, new.owner_id, (select auth.uid()));
  return null;
end $$;

revoke all on function private.customer_owner_move_reminders(), private.customer_owner_record_change() from public;
grant execute on function private.customer_owner_move_reminders() to authenticated, service_role;

-- After-row triggers fire in name order: reminders first, then the history.
create trigger customers_owner_a_reminders after update of owner_id on public.customers
  for each row when (old.owner_id is distinct from new.owner_id)
  execute function private.customer_owner_move_reminders();
create trigger customers_owner_b_history after update of owner_id on public.customers
  for each row when (old.owner_id is distinct from new.owner_id)
  execute function private.customer_owner_record_change();
