-- A push endpoint belongs to one member (issue 13 finding 5). Until now a second member posting
-- an endpoint already stored for someone else took it over — from another org too — so anyone
-- who learnt an endpoint could redirect a colleague's reminders to themselves. Now the owner's
-- own re-post refreshes the row (new keys, language, last seen); anyone else's is refused with
-- 23505, which POST /api/push/subscribe answers 409 (push.endpointTaken, zh/en). The owner frees
-- it by turning notifications off or signing out (both delete the row).
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
     set p256dh = excluded.p256dh, auth = excluded.auth,
         user_agent = excluded.user_agent, locale = excluded.locale, last_seen_at = now()
   where s.user_id = uid and s.org_id = org
  returning s.id into sid;
  if sid is null then
    raise exception 'push endpoint belongs to another member' using errcode = '23505', constraint = 'push_subscriptions_endpoint_owner';
  end if;
  return sid;
end $$;
revoke all on function private.save_push_subscription(text, text, text, text, text) from public, anon;
grant execute on function private.save_push_subscription(text, text, text, text, text) to authenticated;
