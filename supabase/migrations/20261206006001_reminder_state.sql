-- One definition of "overdue", "due today" and "completion" for every screen that counts
-- reminders (issue 14): the rep's tab badge and list (lib/db/queries/reminders.ts), the manager's
-- 团队 tab and 洞察's completion chart (lib/db/queries/team.ts). Before this, the list called a
-- reminder overdue when its due *day* was before today while Team called it overdue once its due
-- *time* had passed, so in the same minute a rep saw 已逾期 6 and their manager 逾期 56.
--
-- The definition, in the org's days (orgs.settings.timezone, default Asia/Shanghai):
--   fire time  due_at, or snoozed_until for a snoozed reminder (when it is due again)
--   overdue    open or snoozed, fire day before today
--   today      open or snoozed, fire day = today (whatever the hour: "due today" all day)
--   upcoming   open or snoozed, fire day after today
--   done / dismissed / closed: the status itself
-- Completion over a window (from, to]:
--   done       status done, closed_at in the window
--   dismissed  status dismissed by a person (closed_by set), closed_at in the window
--   missed     still open or snoozed, fire time after `from`, and overdue at `to`
-- rate = done ÷ (done + dismissed + missed).
--
-- Plain SQL functions without a SET clause so the planner inlines them into each query (every
-- name inside is schema-qualified, so the caller's search_path cannot change what they mean).

create or replace function private.org_tz(p_org uuid) returns text
language sql stable parallel safe as $$
  select coalesce(nullif((select o.settings ->> 'timezone' from public.orgs o where o.id = p_org), ''), 'Asia/Shanghai')
$$;

create or replace function private.reminder_fire_time(p_status public.reminder_status, p_due_at timestamptz, p_snoozed_until timestamptz)
returns timestamptz language sql immutable parallel safe as $$
  select case when p_status = 'snoozed'::public.reminder_status then coalesce(p_snoozed_until, p_due_at) else p_due_at end
$$;

create or replace function private.reminder_state(
  p_status public.reminder_status, p_due_at timestamptz, p_snoozed_until timestamptz, p_now timestamptz, p_tz text)
returns text language sql stable parallel safe as $$
  select case
    when p_status not in ('open'::public.reminder_status, 'snoozed'::public.reminder_status) then p_status::text
    when (private.reminder_fire_time(p_status, p_due_at, p_snoozed_until) at time zone p_tz)::date < (p_now at time zone p_tz)::date then 'overdue'
    when (private.reminder_fire_time(p_status, p_due_at, p_snoozed_until) at time zone p_tz)::date = (p_now at time zone p_tz)::date then 'today'
    else 'upcoming'
  end
$$;

-- Whole org-days from the fire day to `p_now`'s day: 1 = due yesterday, 0 = today, −1 = tomorrow.
create or replace function private.reminder_days_late(
  p_status public.reminder_status, p_due_at timestamptz, p_snoozed_until timestamptz, p_now timestamptz, p_tz text)
returns int language sql immutable parallel safe as $$
  select (p_now at time zone p_tz)::date - (private.reminder_fire_time(p_status, p_due_at, p_snoozed_until) at time zone p_tz)::date
$$;

create or replace function private.reminder_outcome(
  p_status public.reminder_status, p_due_at timestamptz, p_snoozed_until timestamptz,
  p_closed_at timestamptz, p_closed_by uuid, p_from timestamptz, p_to timestamptz, p_tz text)
returns text language sql stable parallel safe as $$
  select case
    when p_status = 'done'::public.reminder_status and p_closed_at > p_from and p_closed_at <= p_to then 'done'
    when p_status = 'dismissed'::public.reminder_status and p_closed_by is not null
         and p_closed_at > p_from and p_closed_at <= p_to then 'dismissed'
    when p_status in ('open'::public.reminder_status, 'snoozed'::public.reminder_status)
         and private.reminder_fire_time(p_status, p_due_at, p_snoozed_until) > p_from
         and private.reminder_state(p_status, p_due_at, p_snoozed_until, p_to, p_tz) = 'overdue' then 'missed'
  end
$$;

grant execute on function private.org_tz(uuid) to authenticated, service_role;
grant execute on function private.reminder_fire_time(public.reminder_status, timestamptz, timestamptz) to authenticated, service_role;
grant execute on function private.reminder_state(public.reminder_status, timestamptz, timestamptz, timestamptz, text) to authenticated, service_role;
grant execute on function private.reminder_days_late(public.reminder_status, timestamptz, timestamptz, timestamptz, text) to authenticated, service_role;
grant execute on function private.reminder_outcome(public.reminder_status, timestamptz, timestamptz, timestamptz, uuid, timestamptz, timestamptz, text)
  to authenticated, service_role;
