-- Schedules on Supabase (the local launcher runs the same jobs itself, scripts/lib/scheduler.ts):
--   nightly 02:00 Asia/Shanghai (18:00 UTC) — recompute-tags for every org (recency-based tags
--   change with no new data). Later migrations add send-reminders every minute.
-- Guarded: where pg_cron or pg_net are not available (the local embedded PostgreSQL), this
-- migration only defines the invoker function and schedules nothing.
--
-- The project URL and the service key are read from Supabase Vault at call time, so no secret
-- lives in a migration. Set them once per project (see README "Deploy to Supabase"):
--   select vault.create_secret('https://<ref>.supabase.co', 'crystal_project_url');
--   select vault.create_secret('<service role key>', 'crystal_service_key');

create or replace function private.invoke_function(fn text, body jsonb) returns bigint
language plpgsql security definer set search_path = '' as $$
declare
  base text;
  key text;
begin
  execute $q$select decrypted_secret from vault.decrypted_secrets where name = 'crystal_project_url'$q$ into base;
  execute $q$select decrypted_secret from vault.decrypted_secrets where name = 'crystal_service_key'$q$ into key;
  if base is null or key is null then
    raise warning 'crystal: vault secrets crystal_project_url / crystal_service_key are not set; % not called', fn;
    return null;
  end if;
  -- pg_net queues the request and returns at once; the function's answer lands in net._http_response.
  return (select net.http_post(
    url := base || '/functions/v1/' || fn,
    headers := jsonb_build_object('content-type', 'application/json', 'authorization', 'Bearer ' || key),
    body := body,
    timeout_milliseconds := 300000));
end $$;

create or replace function private.recompute_all_orgs() returns void
language plpgsql security definer set search_path = '' as $$
declare o record;
begin
  for o in select id from public.orgs loop
    perform private.invoke_function('recompute-tags', jsonb_build_object('org_id', o.id));
  end loop;
end $$;

revoke all on function private.invoke_function(text, jsonb), private.recompute_all_orgs() from public, anon, authenticated;

do $$
begin
  if exists (select 1 from pg_available_extensions where name = 'pg_cron')
     and exists (select 1 from pg_available_extensions where name = 'pg_net') then
    create extension if not exists pg_net;
    create extension if not exists pg_cron;
    perform cron.schedule('crystal-nightly-recompute', '0 18 * * *', 'select private.recompute_all_orgs()');
  else
    raise notice 'pg_cron/pg_net not available: schedules are run by the local launcher instead';
  end if;
end $$;
