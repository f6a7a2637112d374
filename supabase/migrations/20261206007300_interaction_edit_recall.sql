-- Edit and recall a log, WeChat-style (issue 15 item 4). The time windows live here, not only in
-- the UI, so no client can step past them:
--   * recall (撤回): the author may delete their own log within 2 minutes of saving it. A trace
--     stays (interaction_recalls) for the timeline's "你撤回了一条记录", and the id can never be
--     stored again — an outbox replaying the original POST after a recall stores nothing.
--   * edit: the author may change their own log within 24 hours of saving it. Every change of
--     what the log says is kept in interaction_edits (before/after), which whoever sees the
--     customer — the rep's manager too — can read.
-- The recompute follows from the existing statement triggers on interactions (update/delete mark
-- the customer dirty, 20261125000700_recompute_incremental.sql); the routes also ask for one.
-- Windows are counted from created_at (when the server stored it), not occurred_at (which an
-- offline phone sets).

-- ---------------------------------------------------------------------------
-- Edit window: the update policy now carries it (was: the author, any time).

drop policy interactions_update on public.interactions;
create policy interactions_update on public.interactions for update to authenticated
  using (org_id = (select private.my_org()) and rep_id = (select auth.uid())
         and created_at > now() - interval '24 hours'
         and exists (select 1 from public.customers c where c.id = customer_id))
  with check (org_id = (select private.my_org()) and rep_id = (select auth.uid())
              and exists (select 1 from public.customers c where c.id = customer_id));

-- Who, when and what the author may not change by editing: the customer, the author, the org and
-- when it was stored (a merge moves customer_id as the table owner, so this is for members only).
create or replace function private.interactions_edit_guard() returns trigger
language plpgsql set search_path = '' as $$
begin
  if current_user = 'authenticated' and (new.id, new.org_id, new.customer_id, new.rep_id, new.created_at)
       is distinct from (old.id, old.org_id, old.customer_id, old.rep_id, old.created_at) then
    raise exception using errcode = '42501', message = 'interaction_fixed_fields';
  end if;
  return new;
end $$;
create trigger interactions_edit_guard before update on public.interactions
  for each row execute function private.interactions_edit_guard();

-- ---------------------------------------------------------------------------
-- Edit history

create table public.interaction_edits (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references public.orgs (id) on delete cascade,
  interaction_id uuid not null references public.interactions (id) on delete cascade,
  customer_id uuid not null,
  editor_id uuid not null,
  edited_at timestamptz not null default now(),
  -- only the fields that changed, as they were and as they became
  before jsonb not null,
  after jsonb not null,
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade
);
create index interaction_edits_interaction_idx on public.interaction_edits (interaction_id, edited_at);
alter table public.interaction_edits enable row level security;
-- Read with the customer (a rep their own book, a manager their team's, an admin the org's);
-- written only by the trigger below, never by a member directly.
create policy interaction_edits_select on public.interaction_edits for select to authenticated
  using (org_id = (select private.my_org()) and exists (select 1 from public.customers c where c.id = customer_id));
grant select on public.interaction_edits to authenticated;
revoke insert, update, delete, truncate on public.interaction_edits from authenticated, anon;

create or replace function private.interactions_record_edit() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  v_before jsonb := '{}';
  v_after jsonb := '{}';
  k text;
begin
  foreach k in array array['kind', 'initiated_by', 'occurred_at', 'duration_min', 'attitude', 'cognition', 'sentiment',
                           'note', 'next_step', 'follow_up_at'] loop
    if (to_jsonb(old) -> k) is distinct from (to_jsonb(new) -> k) then
      v_before := v_before || jsonb_build_object(k, to_jsonb(old) -> k);
      v_after := v_after || jsonb_build_object(k, to_jsonb(new) -> k);
    end if;
  end loop;
  -- A merge moving the row, or an update that changes nothing said, is not an edit.
  if v_after <> '{}' then
    insert into public.interaction_edits (org_id, interaction_id, customer_id, editor_id, before, after)
    values (new.org_id, new.id, new.customer_id, coalesce((select auth.uid()), new.rep_id), v_before, v_after);
  end if;
  return null;
end $$;
create trigger interactions_record_edit after update on public.interactions
  for each row execute function private.interactions_record_edit();

-- ---------------------------------------------------------------------------
-- Recall

create table public.interaction_recalls (
  interaction_id uuid primary key,
  org_id uuid not null references public.orgs (id) on delete cascade,
  customer_id uuid not null,
  rep_id uuid not null,
  occurred_at timestamptz not null,
  recalled_at timestamptz not null default now(),
  foreign key (org_id, customer_id) references public.customers (org_id, id) on delete cascade
);
create index interaction_recalls_customer_idx on public.interaction_recalls (org_id, customer_id, occurred_at desc);
alter table public.interaction_recalls enable row level security;
create policy interaction_recalls_select on public.interaction_recalls for select to authenticated
  using (org_id = (select private.my_org()) and exists (select 1 from public.customers c where c.id = customer_id));
grant select on public.interaction_recalls to authenticated;
revoke insert, update, delete, truncate on public.interaction_recalls from authenticated, anon;

-- The author, within 2 minutes (admins keep their own delete policy for cleaning up history).
create policy interactions_delete_recall on public.interactions for delete to authenticated
  using (org_id = (select private.my_org()) and rep_id = (select auth.uid())
         and created_at > now() - interval '2 minutes'
         and exists (select 1 from public.customers c where c.id = customer_id));

create or replace function private.interactions_record_recall() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  -- Only the author's own delete is a recall (a customer deleted with its history is not: by then
  -- the customer row is gone).
  if old.rep_id = (select auth.uid()) and exists (select 1 from public.customers c where c.id = old.customer_id) then
    insert into public.interaction_recalls (interaction_id, org_id, customer_id, rep_id, occurred_at)
    values (old.id, old.org_id, old.customer_id, old.rep_id, old.occurred_at)
    on conflict (interaction_id) do nothing;
  end if;
  return old;
end $$;
create trigger interactions_record_recall after delete on public.interactions
  for each row execute function private.interactions_record_recall();

-- A recalled id stays recalled: an outbox replay of the original log stores nothing.
create or replace function private.interactions_not_recalled() returns trigger
language plpgsql security definer set search_path = '' as $$
begin
  if exists (select 1 from public.interaction_recalls r where r.interaction_id = new.id) then
    return null;
  end if;
  return new;
end $$;
create trigger interactions_not_recalled before insert on public.interactions
  for each row execute function private.interactions_not_recalled();

revoke all on function private.interactions_edit_guard(), private.interactions_record_edit(),
  private.interactions_record_recall(), private.interactions_not_recalled() from public;
