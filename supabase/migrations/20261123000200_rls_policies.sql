-- Row-level security: who sees and writes what (DESIGN.md §3 "Visibility").
--
--   rep      — their own customers and everything hanging off them
--   manager  — every customer owned by a member of their team (read and write, may reassign within the team)
--   admin    — the whole org
--   anyone   — nothing of another org; anon nothing at all (only submit_survey, later)
--
-- The caller's membership is read once per statement through security-definer helpers in
-- the non-exposed `private` schema (wrapped in `(select …)` so Postgres evaluates them as
-- an initPlan, not per row). Child tables are visible exactly when their customer is:
-- `exists (select 1 from customers c where c.id = customer_id)` runs under the customers
-- policy, so there is one definition of "visible customer".

create or replace function private.my_org() returns uuid
language sql stable security definer set search_path = '' as $$
  select m.org_id from public.members m where m.user_id = (select auth.uid()) and m.active
$$;

create or replace function private.my_role() returns public.member_role
language sql stable security definer set search_path = '' as $$
  select m.role from public.members m where m.user_id = (select auth.uid()) and m.active
$$;

-- The owners whose customers the caller may see: self (rep), the team (manager), everyone (admin).
create or replace function private.visible_owner_ids() returns uuid[]
language sql stable security definer set search_path = '' as $$
  select coalesce(array_agg(o.user_id), '{}')
  from public.members me
  join public.members o on o.org_id = me.org_id
  where me.user_id = (select auth.uid()) and me.active
    and (me.role = 'admin'
         or o.user_id = me.user_id
         or (me.role = 'manager' and o.team_id is not distinct from me.team_id and me.team_id is not null))
$$;

revoke all on function private.my_org(), private.my_role(), private.visible_owner_ids() from public;
grant execute on function private.my_org(), private.my_role(), private.visible_owner_ids() to authenticated, service_role;

-- API roles: Supabase grants every public table to anon by default. Nothing here is for anon.
revoke all on all tables in schema public from anon;
revoke all on all sequences in schema public from anon;
alter default privileges in schema public revoke all on tables from anon;
alter default privileges in schema public revoke all on sequences from anon;

-- ---------------------------------------------------------------------------
-- Tenancy

create policy orgs_select on public.orgs for select to authenticated
  using (id = (select private.my_org()));
create policy orgs_update on public.orgs for update to authenticated
  using (id = (select private.my_org()) and (select private.my_role()) = 'admin')
  with check (id = (select private.my_org()));

create policy teams_select on public.teams for select to authenticated
  using (org_id = (select private.my_org()));
create policy teams_insert on public.teams for insert to authenticated
  with check (org_id = (select private.my_org()) and (select private.my_role()) = 'admin');
create policy teams_update on public.teams for update to authenticated
  using (org_id = (select private.my_org()) and (select private.my_role()) = 'admin')
  with check (org_id = (select private.my_org()));
create policy teams_delete on public.teams for delete to authenticated
  using (org_id = (select private.my_org()) and (select private.my_role()) = 'admin');

-- Colleagues are visible by name (needed to show owners and reassign); only admins change membership.
create policy members_select on public.members for select to authenticated
  using (org_id = (select private.my_org()));
create policy members_insert on public.members for insert to authenticated
  with check (org_id = (select private.my_org()) and (select private.my_role()) = 'admin');
create policy members_update on public.members for update to authenticated
  using (org_id = (select private.my_org()) and (select private.my_role()) = 'admin')
  with check (org_id = (select private.my_org()));
create policy members_delete on public.members for delete to authenticated
  using (org_id = (select private.my_org()) and (select private.my_role()) = 'admin'
         and user_id <> (select auth.uid()));

-- ---------------------------------------------------------------------------
-- Customers: owner-scoped. The with-check on update is what limits reassignment: a rep cannot
-- hand a customer away (the new row would not be theirs), a manager only within the team.

create policy customers_select on public.customers for select to authenticated
  using (org_id = (select private.my_org()) and owner_id = any ((select private.visible_owner_ids())::uuid[]));
create policy customers_insert on public.customers for insert to authenticated
  with check (org_id = (select private.my_org()) and owner_id = any ((select private.visible_owner_ids())::uuid[]));
create policy customers_update on public.customers for update to authenticated
  using (org_id = (select private.my_org()) and owner_id = any ((select private.visible_owner_ids())::uuid[]))
  with check (org_id = (select private.my_org()) and owner_id = any ((select private.visible_owner_ids())::uuid[]));
create policy customers_delete on public.customers for delete to authenticated
  using (org_id = (select private.my_org()) and (select private.my_role()) = 'admin');

-- ---------------------------------------------------------------------------
-- What reps log: visible and writable with the customer; deleting is for admins (history is evidence).

create policy interactions_select on public.interactions for select to authenticated
  using (org_id = (select private.my_org())
         and exists (select 1 from public.customers c where c.id = customer_id));
create policy interactions_insert on public.interactions for insert to authenticated
  with check (org_id = (select private.my_org()) and rep_id = (select auth.uid())
              and exists (select 1 from public.customers c where c.id = customer_id));
create policy interactions_update on public.interactions for update to authenticated
  using (org_id = (select private.my_org()) and rep_id = (select auth.uid())
         and exists (select 1 from public.customers c where c.id = customer_id))
  with check (org_id = (select private.my_org()) and rep_id = (select auth.uid())
              and exists (select 1 from public.customers c where c.id = customer_id));
create policy interactions_delete on public.interactions for delete to authenticated
  using (org_id = (select private.my_org()) and (select private.my_role()) = 'admin');

-- deals, deal_stage_changes, orders: the same shape.
do $$
declare t text;
begin
  foreach t in array array['deals', 'deal_stage_changes', 'orders'] loop
    execute format($f$
      create policy %1$s_select on public.%1$s for select to authenticated
        using (org_id = (select private.my_org())
               and exists (select 1 from public.customers c where c.id = customer_id));
      create policy %1$s_insert on public.%1$s for insert to authenticated
        with check (org_id = (select private.my_org())
                    and exists (select 1 from public.customers c where c.id = customer_id));
      create policy %1$s_update on public.%1$s for update to authenticated
        using (org_id = (select private.my_org())
               and exists (select 1 from public.customers c where c.id = customer_id))
        with check (org_id = (select private.my_org())
                    and exists (select 1 from public.customers c where c.id = customer_id));
      create policy %1$s_delete on public.%1$s for delete to authenticated
        using (org_id = (select private.my_org()) and (select private.my_role()) = 'admin');
    $f$, t);
  end loop;
end $$;

-- Surveys: a rep creates invitations for visible customers; answers arrive only through
-- submit_survey (security definer), so nobody updates a survey or writes a response directly.
create policy surveys_select on public.surveys for select to authenticated
  using (org_id = (select private.my_org())
         and exists (select 1 from public.customers c where c.id = customer_id));
create policy surveys_insert on public.surveys for insert to authenticated
  with check (org_id = (select private.my_org()) and answered_at is null
              and exists (select 1 from public.customers c where c.id = customer_id));
create policy surveys_delete on public.surveys for delete to authenticated
  using (org_id = (select private.my_org()) and (select private.my_role()) = 'admin');

create policy survey_responses_select on public.survey_responses for select to authenticated
  using (org_id = (select private.my_org())
         and exists (select 1 from public.customers c where c.id = customer_id));

-- ---------------------------------------------------------------------------
-- Classification: read by whoever sees the customer; written by the recompute (service role).
-- Reps add and remove manual tags only.

create policy classification_rules_select on public.classification_rules for select to authenticated
  using (org_id = (select private.my_org()));
create policy classification_rules_insert on public.classification_rules for insert to authenticated
  with check (org_id = (select private.my_org()) and (select private.my_role()) = 'admin');
create policy classification_rules_update on public.classification_rules for update to authenticated
  using (org_id = (select private.my_org()) and (select private.my_role()) = 'admin')
  with check (org_id = (select private.my_org()));

create policy customer_profiles_select on public.customer_profiles for select to authenticated
  using (org_id = (select private.my_org())
         and exists (select 1 from public.customers c where c.id = customer_id));

create policy customer_tags_select on public.customer_tags for select to authenticated
  using (org_id = (select private.my_org())
         and exists (select 1 from public.customers c where c.id = customer_id));
create policy customer_tags_insert on public.customer_tags for insert to authenticated
  with check (org_id = (select private.my_org()) and kind = 'manual' and created_by = (select auth.uid())
              and exists (select 1 from public.customers c where c.id = customer_id));
create policy customer_tags_delete on public.customer_tags for delete to authenticated
  using (org_id = (select private.my_org()) and kind = 'manual'
         and exists (select 1 from public.customers c where c.id = customer_id));

create policy tag_changes_select on public.tag_changes for select to authenticated
  using (org_id = (select private.my_org())
         and exists (select 1 from public.customers c where c.id = customer_id));

create policy recompute_runs_select on public.recompute_runs for select to authenticated
  using (org_id = (select private.my_org()) and (select private.my_role()) = 'admin');

-- ---------------------------------------------------------------------------
-- Reminders: made by the playbook (service role). The assignee and whoever sees the customer
-- may act on them (done / snooze / dismiss / reassign within what they see).

create policy reminders_select on public.reminders for select to authenticated
  using (org_id = (select private.my_org())
         and (assignee_id = (select auth.uid())
              or exists (select 1 from public.customers c where c.id = customer_id)));
create policy reminders_update on public.reminders for update to authenticated
  using (org_id = (select private.my_org())
         and (assignee_id = (select auth.uid())
              or exists (select 1 from public.customers c where c.id = customer_id)))
  with check (org_id = (select private.my_org())
              and assignee_id = any ((select private.visible_owner_ids())::uuid[]));

-- Push subscriptions belong to a device of the signed-in user.
create policy push_subscriptions_select on public.push_subscriptions for select to authenticated
  using (org_id = (select private.my_org()) and user_id = (select auth.uid()));
create policy push_subscriptions_insert on public.push_subscriptions for insert to authenticated
  with check (org_id = (select private.my_org()) and user_id = (select auth.uid()));
create policy push_subscriptions_update on public.push_subscriptions for update to authenticated
  using (org_id = (select private.my_org()) and user_id = (select auth.uid()))
  with check (org_id = (select private.my_org()) and user_id = (select auth.uid()));
create policy push_subscriptions_delete on public.push_subscriptions for delete to authenticated
  using (org_id = (select private.my_org()) and user_id = (select auth.uid()));

create policy notifications_select on public.notifications for select to authenticated
  using (org_id = (select private.my_org())
         and exists (select 1 from public.reminders r where r.id = reminder_id));
