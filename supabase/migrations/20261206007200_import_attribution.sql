-- Issue 13 (8), import impersonation: private.import_rows is security definer and wrote an
-- interaction in whatever rep_id the rows named, so a manager could attribute visits to another
-- team's rep or to the admin. Now the rep must be the caller or a member whose book the caller sees
-- (private.visible_owner_ids: a manager's team, an admin's org). The import (lib/import/load.ts)
-- reports such a row with a zh/en row error before it gets here; this is the check that counts.
-- The rest of the function is as in 20261125000500_data_hygiene.sql.

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
    -- The rep named must be the caller or a member whose book the caller sees (their team for a
    -- manager, the org for an admin): never another team's rep or the admin.
    if exists (select 1 from json_to_recordset(p_rows::json) as b(rep_id uuid)
                where b.rep_id is distinct from (select auth.uid()) and not coalesce(b.rep_id = any (v_visible), false)) then
      raise exception using errcode = '42501', message = 'import_rep_not_allowed';
    end if;
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
