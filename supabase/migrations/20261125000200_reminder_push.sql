-- Web Push for due reminders (send-reminders edge function):
-- 1. push_subscriptions.locale — the UI language of the device when it subscribed, so the
--    notification speaks the member's language (there is no per-member language otherwise).
-- 2. private.save_push_subscription — a browser has one endpoint per origin; when a second
--    person signs in on the same phone and turns notifications on, the endpoint moves to them
--    (the previous owner's row is not theirs to update under RLS, so this is security definer;
--    user and org come from the verified claims, never from the caller).
-- 3. A partial index holding only reminders that still owe a push, so the every-minute claim
--    reads a handful of rows however many reminders an org has.
-- 4. Supabase: pg_cron + pg_net call send-reminders every minute (guarded like
--    20261123000700_supabase_schedules.sql; locally the launcher's scheduler does it).

alter table public.push_subscriptions
  add column if not exists locale text check (locale in ('zh-CN', 'en')),
  add column if not exists last_seen_at timestamptz not null default now();

create or replace function private.save_push_subscription(p_endpoint text, p_p256dh text, p_auth text, p_user_agent text, p_locale text)
returns uuid
language plpgsql security definer set search_path = '' as $$
declare
  uid uuid := (select auth.uid());
  org uuid := (select private.my_org());
  sid uuid;
begin
  if uid is null or org is null then
    raise exception 'not a member' using errcode = '42501';
  end if;
  insert into public.push_subscriptions as s (org_id, user_id, endpoint, p256dh, auth, user_agent, locale)
  values (org, uid, p_endpoint, p_p256dh, p_auth, p_user_agent, p_locale)
  on conflict (endpoint) do update
     set org_id = excluded.org_id, user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
         user_agent = excluded.user_agent, locale = excluded.locale, last_seen_at = now()
  returning s.id into sid;
  return sid;
end $$;
revoke all on function private.save_push_subscription(text, text, text, text, text) from public, anon;
grant execute on function private.save_push_subscription(text, text, text, text, text) to authenticated;

-- When a reminder is next owed a push: at its due time, or when its snooze ends. A reminder is
-- owed one while it has not been notified since that moment (a snooze or a moved due date
-- brings it back without anyone clearing notified_at).
create or replace function private.reminder_fire_at(status public.reminder_status, due_at timestamptz, snoozed_until timestamptz)
returns timestamptz language sql immutable set search_path = '' as $$
  select case when status = 'snoozed' then snoozed_until else due_at end
$$;
create index if not exists reminders_push_owed_idx on public.reminders (private.reminder_fire_at(status, due_at, snoozed_until))
  where status in ('open', 'snoozed')
    and (notified_at is null or notified_at < private.reminder_fire_at(status, due_at, snoozed_until));

create or replace function private.send_due_reminders() returns void
language plpgsql security definer set search_path = '' as $$
begin
  perform private.invoke_function('send-reminders', '{}'::jsonb);
end $$;
revoke all on function private.send_due_reminders() from public, anon, authenticated;

do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron')
     and exists (select 1 from pg_available_extensions where name = 'pg_net') then
    create extension if not exists pg_net;
    create extension if not exists pg_cron;
    perform cron.schedule('crystal-send-reminders', '* * * * *', 'select private.send_due_reminders()');
  else
    raise notice 'pg_cron/pg_net not available: send-reminders is run by the local launcher instead';
  end if;
end $$;
