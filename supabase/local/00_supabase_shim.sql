-- Local profile only: the objects Supabase provides, defined as Supabase defines them,
-- so migrations and RLS policies run unchanged on both profiles.
-- Idempotent: the launcher applies this file on every start (cheap, and it heals drift).

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  -- PostgREST's login role, as on Supabase. The app logs in as crystal_app instead (same
  -- shape, created by a migration so it exists on Supabase too).
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit;
  end if;
end $$;

grant anon, authenticated to authenticator;

create schema if not exists auth;
create schema if not exists extensions;
create extension if not exists pgcrypto with schema extensions;

grant usage on schema public to anon, authenticated, service_role;
grant usage on schema auth to anon, authenticated, service_role;
grant usage on schema extensions to anon, authenticated, service_role;

-- Supabase's default privileges, set once when the project is made (as Supabase does): every new
-- table in public is granted to the API roles. Only on a database with no migrations yet —
-- migration 20261206001100_close_data_api.sql narrows them, and re-granting `all` on every start
-- would undo that for every table created afterwards.
do $$
begin
  if to_regclass('supabase_migrations.schema_migrations') is null then
    alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
    alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
    alter default privileges in schema public grant execute on functions to anon, authenticated, service_role;
  end if;
end $$;

create table if not exists auth.users (
  instance_id uuid,
  id uuid primary key default gen_random_uuid(),
  aud varchar(255) default 'authenticated',
  role varchar(255) default 'authenticated',
  email varchar(255) unique,
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  recovery_token varchar(255),
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb default '{}'::jsonb,
  raw_user_meta_data jsonb default '{}'::jsonb,
  is_super_admin boolean,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  phone text unique,
  phone_confirmed_at timestamptz,
  banned_until timestamptz,
  deleted_at timestamptz,
  is_sso_user boolean not null default false,
  is_anonymous boolean not null default false
);
alter table auth.users enable row level security;

-- Local auth bookkeeping (Supabase Auth keeps its own equivalents).
create table if not exists auth.refresh_tokens (
  token_hash text primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked boolean not null default false
);
create index if not exists refresh_tokens_user_idx on auth.refresh_tokens (user_id);
alter table auth.refresh_tokens add column if not exists revoked_at timestamptz;
alter table auth.refresh_tokens enable row level security;

create table if not exists auth.login_attempts (
  id bigint generated always as identity primary key,
  account text not null,
  ip text not null,
  success boolean not null,
  at timestamptz not null default now()
);
create index if not exists login_attempts_account_idx on auth.login_attempts (account, at);
create index if not exists login_attempts_ip_idx on auth.login_attempts (ip, at);
alter table auth.login_attempts enable row level security;

-- auth.uid()/role()/email()/jwt() exactly as Supabase defines them: the newer
-- request.jwt.claims JSON setting first-class, the older request.jwt.claim.* kept.
create or replace function auth.uid() returns uuid language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email() returns text language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

create or replace function auth.jwt() returns jsonb language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt() to anon, authenticated, service_role;

-- ---------------------------------------------------------------------------
-- Local auth provider support. The app never holds a privileged connection, so
-- the few steps that must read auth.* before a user is known go through these
-- security-definer functions, executable only by the app's login role
-- (crystal_app) outside any user's role — not by anon or authenticated.

-- Lookup for sign-in: by e-mail (case-insensitive) or by phone (digits, +86 optional).
create or replace function auth.local_find_user(identifier text)
returns table (id uuid, email text, phone text, encrypted_password text, banned boolean)
language sql stable security definer set search_path = '' as $$
  select u.id, u.email::text, u.phone, u.encrypted_password::text,
         coalesce(u.banned_until > now(), false) or u.deleted_at is not null
  from auth.users u
  where lower(u.email) = lower(btrim(identifier))
     or u.phone = regexp_replace(regexp_replace(btrim(identifier), '[^0-9]', '', 'g'), '^86(1[0-9]{10})$', '\1')
  limit 1
$$;

-- Failed attempts in the window, per account and per IP (for throttling).
create or replace function auth.local_recent_failures(account text, ip text, window_seconds int)
returns table (account_failures int, ip_failures int)
language sql stable security definer set search_path = '' as $$
  select
    (select count(*)::int from auth.login_attempts a
      where a.account = lower(btrim(local_recent_failures.account)) and not a.success
        and a.at > now() - make_interval(secs => window_seconds)
        and a.at > coalesce((select max(s.at) from auth.login_attempts s
                             where s.account = lower(btrim(local_recent_failures.account)) and s.success), '-infinity')),
    (select count(*)::int from auth.login_attempts a
      where a.ip = local_recent_failures.ip and not a.success
        and a.at > now() - make_interval(secs => window_seconds))
$$;

create or replace function auth.local_record_attempt(account text, ip text, success boolean)
returns void language sql volatile security definer set search_path = '' as $$
  insert into auth.login_attempts (account, ip, success) values (lower(btrim(account)), ip, success);
  update auth.users set last_sign_in_at = now()
   where success and (lower(email) = lower(btrim(local_record_attempt.account)) or phone = btrim(local_record_attempt.account));
  delete from auth.login_attempts where at < now() - interval '1 day';
$$;

create or replace function auth.local_issue_refresh(user_id uuid, token_hash text, ttl_seconds int)
returns void language sql volatile security definer set search_path = '' as $$
  insert into auth.refresh_tokens (token_hash, user_id, expires_at)
  values (token_hash, user_id, now() + make_interval(secs => ttl_seconds));
  delete from auth.refresh_tokens r where r.user_id = local_issue_refresh.user_id and r.expires_at < now();
$$;

-- Rotates a refresh token: returns the user (with the fields claims need) and revokes the old token.
-- Like Supabase Auth's reuse interval, a token rotated less than 10 s ago still works once more:
-- a page load's parallel requests (possibly on different servers) all present the same token.
-- Signing out revokes for good (revoked_at far in the past).
create or replace function auth.local_use_refresh(token_hash text)
returns table (id uuid, email text, phone text)
language sql volatile security definer set search_path = '' as $$
  with used as (
    update auth.refresh_tokens r set revoked = true, revoked_at = coalesce(r.revoked_at, now())
     where r.token_hash = local_use_refresh.token_hash and r.expires_at > now()
       and (not r.revoked or r.revoked_at > now() - interval '10 seconds')
    returning r.user_id
  )
  select u.id, u.email::text, u.phone from used join auth.users u on u.id = used.user_id
   where u.deleted_at is null and coalesce(u.banned_until <= now(), true)
$$;

create or replace function auth.local_revoke_refresh(token_hash text)
returns void language sql volatile security definer set search_path = '' as $$
  update auth.refresh_tokens set revoked = true, revoked_at = '-infinity'
   where refresh_tokens.token_hash = local_revoke_refresh.token_hash;
$$;

revoke all on function auth.local_find_user(text), auth.local_recent_failures(text, text, int),
  auth.local_record_attempt(text, text, boolean), auth.local_issue_refresh(uuid, text, int),
  auth.local_use_refresh(text), auth.local_revoke_refresh(text) from public;
-- Executable by the app's login role, crystal_app (created by migration
-- 20261206001000_app_login_role.sql, which grants these on a fresh database; this re-grants on
-- every start once it exists). `authenticator` was the app's login before; it keeps none.
revoke execute on function auth.local_find_user(text), auth.local_recent_failures(text, text, int),
  auth.local_record_attempt(text, text, boolean), auth.local_issue_refresh(uuid, text, int),
  auth.local_use_refresh(text), auth.local_revoke_refresh(text) from authenticator;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'crystal_app') then
    grant execute on function auth.local_find_user(text), auth.local_recent_failures(text, text, int),
      auth.local_record_attempt(text, text, boolean), auth.local_issue_refresh(uuid, text, int),
      auth.local_use_refresh(text), auth.local_revoke_refresh(text) to crystal_app;
    grant usage on schema auth to crystal_app;
  end if;
end $$;

-- Admins create members (local provider). On Supabase the Auth Admin API creates the user;
-- here this function does, and only for a caller who is an active admin of some org. The
-- membership row is written by the caller under RLS (members_insert: admins of that org), in
-- the same transaction, so an auth user never exists without the admin's membership write.
create or replace function auth.local_create_user(email text, phone text, password_hash text, display_name text)
returns uuid language plpgsql volatile security definer set search_path = '' as $$
declare new_id uuid;
begin
  if not exists (select 1 from public.members m where m.user_id = auth.uid() and m.role = 'admin' and m.active) then
    raise exception 'only an admin can create members' using errcode = '42501';
  end if;
  insert into auth.users (email, phone, encrypted_password, raw_user_meta_data, email_confirmed_at, phone_confirmed_at)
  values (nullif(lower(btrim(email)), ''), nullif(btrim(phone), ''), password_hash,
          jsonb_build_object('display_name', display_name),
          case when nullif(btrim(email), '') is not null then now() end,
          case when nullif(btrim(phone), '') is not null then now() end)
  returning id into new_id;
  return new_id;
end $$;
revoke all on function auth.local_create_user(text, text, text, text) from public;
grant execute on function auth.local_create_user(text, text, text, text) to authenticated;

-- ---------------------------------------------------------------------------
-- Sign-in throttling (local provider; docs/architecture.md "Sign-in throttling").
-- One row per key: 'account:<normalised phone or e-mail>' and 'ip:<client address>'. An attempt
-- is counted as it begins, in the same statement that checks it, under a row lock — so parallel
-- guesses queue on the row and each sees the others' counts. Past a free allowance every attempt
-- pushes the key's next allowed time out (1 s, 2 s, 4 s … up to a cap): guessing slows to a
-- crawl, while a real user after someone else's wrong guesses waits seconds, not a lockout.
-- A refused attempt costs nothing (no bcrypt) and does not push the time further.
create table if not exists auth.login_throttle (
  key text primary key,
  attempts int not null default 0,      -- in the current streak; the streak ends after a quiet window
  last_at timestamptz not null default now(),
  next_at timestamptz not null default now()
);
create index if not exists login_throttle_last_at_idx on auth.login_throttle (last_at);
alter table auth.login_throttle enable row level security;

-- Seconds to wait after the n-th attempt of a streak: none within the free allowance, then doubling.
create or replace function auth.local_throttle_delay(attempts int, free int, cap_seconds int)
returns interval language sql immutable set search_path = '' as $$
  select case when attempts < free then interval '0'
              else make_interval(secs => least(cap_seconds::float8, power(2, least(attempts - free, 30))::float8)) end
$$;

create or replace function auth.local_begin_sign_in(
  account text, ip text, account_free int, ip_free int, cap_seconds int, window_seconds int)
returns table (allowed boolean, retry_after_seconds int)
language plpgsql volatile security definer set search_path = '' as $$
declare
  keys text[] := array['account:' || account, 'ip:' || ip];
  wait_until timestamptz;
begin
  insert into auth.login_throttle (key) select unnest(keys) on conflict (key) do nothing;
  -- Both rows locked in key order: two sign-ins sharing a key queue instead of racing or deadlocking.
  select max(t.next_at) into wait_until
    from (select l.next_at from auth.login_throttle l where l.key = any(keys) order by l.key for update) t;
  if wait_until > now() then
    return query select false, greatest(1, ceil(extract(epoch from wait_until - now()))::int);
    return;
  end if;
  with counted as (
    select l.key, case when l.last_at < now() - make_interval(secs => window_seconds) then 1 else l.attempts + 1 end as n
      from auth.login_throttle l where l.key = any(keys)
  )
  update auth.login_throttle l
     set attempts = c.n, last_at = now(),
         next_at = now() + auth.local_throttle_delay(c.n, case when l.key like 'ip:%' then ip_free else account_free end, cap_seconds)
    from counted c where c.key = l.key;
  delete from auth.login_throttle where last_at < now() - interval '1 day';
  return query select true, 0;
end $$;

-- A success ends the account's streak and gives the address its attempt back (an office behind
-- one address signing in all morning is not an attack).
create or replace function auth.local_finish_sign_in(account text, ip text, success boolean, ip_free int)
returns void language sql volatile security definer set search_path = '' as $$
  delete from auth.login_throttle where success and key = 'account:' || account;
  update auth.login_throttle
     set attempts = greatest(attempts - 1, 0),
         next_at = case when attempts - 1 < ip_free then least(next_at, now()) else next_at end
   where success and key = 'ip:' || ip;
$$;

revoke all on function auth.local_begin_sign_in(text, text, int, int, int, int),
  auth.local_finish_sign_in(text, text, boolean, int) from public;
-- For the app's login, crystal_app, once it exists (migration 20261206009000 grants them on a fresh
-- database, where this file runs before the role is created).
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'crystal_app') then
    grant execute on function auth.local_begin_sign_in(text, text, int, int, int, int),
      auth.local_finish_sign_in(text, text, boolean, int) to crystal_app;
  end if;
end $$;

-- ---------------------------------------------------------------------------
-- Sessions that can be ended (local provider; docs/architecture.md "Sessions").
-- A session is one sign-in on one device: its id is the access token's session_id claim and every
-- refresh token rotated from that sign-in carries it. Every access token is checked against its
-- session on use (one primary-key lookup, auth.local_session_alive), so signing out, "sign out on
-- all devices", a password change, a ban and a deactivation end access at the next request — not
-- when a 1 h token runs out.
create table if not exists auth.local_sessions (
  id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  ended_at timestamptz
);
create index if not exists local_sessions_user_idx on auth.local_sessions (user_id) where ended_at is null;
alter table auth.local_sessions enable row level security;
alter table auth.refresh_tokens add column if not exists session_id uuid references auth.local_sessions (id) on delete cascade;

-- plpgsql: public.members does not exist yet when this file first runs (before the migrations).
create or replace function auth.local_session_alive(p_session_id uuid, p_user_id uuid)
returns boolean language plpgsql stable security definer set search_path = '' as $$
begin
  return exists (
    select 1 from auth.local_sessions s join auth.users u on u.id = s.user_id
     where s.id = p_session_id and s.user_id = p_user_id and s.ended_at is null
       and u.deleted_at is null and coalesce(u.banned_until <= now(), true)
       and not exists (select 1 from public.members m where m.user_id = u.id and not m.active));
end $$;

create or replace function auth.local_issue_session_refresh(user_id uuid, session_id uuid, token_hash text, ttl_seconds int)
returns void language sql volatile security definer set search_path = '' as $$
  insert into auth.local_sessions (id, user_id) values (session_id, user_id) on conflict (id) do nothing;
  insert into auth.refresh_tokens (token_hash, user_id, expires_at, session_id)
  values (token_hash, user_id, now() + make_interval(secs => ttl_seconds), session_id);
  delete from auth.refresh_tokens r where r.user_id = local_issue_session_refresh.user_id and r.expires_at < now();
$$;

-- auth.local_use_refresh plus the session: a token of an ended session (or of a banned,
-- deleted or deactivated user) rotates into nothing.
create or replace function auth.local_rotate_refresh(token_hash text)
returns table (id uuid, email text, phone text, session_id uuid)
language sql volatile security definer set search_path = '' as $$
  with used as (
    update auth.refresh_tokens r set revoked = true, revoked_at = coalesce(r.revoked_at, now())
     where r.token_hash = local_rotate_refresh.token_hash and r.expires_at > now() and r.session_id is not null
       and (not r.revoked or r.revoked_at > now() - interval '10 seconds')
    returning r.user_id, r.session_id
  )
  select u.id, u.email::text, u.phone, used.session_id from used join auth.users u on u.id = used.user_id
   where auth.local_session_alive(used.session_id, used.user_id)
$$;

-- Sign out this device: the session of the presented refresh token ends, with every token rotated from it.
create or replace function auth.local_end_session_of(token_hash text)
returns void language sql volatile security definer set search_path = '' as $$
  update auth.local_sessions s set ended_at = coalesce(s.ended_at, now())
   where s.id = (select r.session_id from auth.refresh_tokens r where r.token_hash = local_end_session_of.token_hash);
  update auth.refresh_tokens r set revoked = true, revoked_at = '-infinity'
   where r.session_id = (select r2.session_id from auth.refresh_tokens r2 where r2.token_hash = local_end_session_of.token_hash)
      or r.token_hash = local_end_session_of.token_hash;
$$;

-- Every session of a user ends (sign out on all devices, password change, deactivation by an admin).
-- The app's login role calls it for the signed-in user; under a user's role (withRls) it is
-- allowed for oneself and for an active admin of the user's org — the deactivation screen calls it.
create or replace function auth.local_end_user_sessions(target uuid)
returns int language plpgsql volatile security definer set search_path = '' as $$
declare n int;
begin
  if auth.uid() is not null and auth.uid() <> target and not exists (
       select 1 from public.members a join public.members t on t.org_id = a.org_id
        where a.user_id = auth.uid() and a.role = 'admin' and a.active and t.user_id = target) then
    raise exception 'only the user or an admin of their org can end their sessions' using errcode = '42501';
  end if;
  update auth.local_sessions set ended_at = now() where user_id = target and ended_at is null;
  get diagnostics n = row_count;
  update auth.refresh_tokens set revoked = true, revoked_at = '-infinity' where user_id = target;
  return n;
end $$;

-- Password change (the caller proved the current one in the app): new hash, every session ends.
create or replace function auth.local_set_password(target uuid, password_hash text)
returns void language sql volatile security definer set search_path = '' as $$
  update auth.users set encrypted_password = password_hash, updated_at = now() where id = target;
  select auth.local_end_user_sessions(target);
$$;

create or replace function auth.local_user_by_id(target uuid)
returns table (id uuid, email text, phone text, encrypted_password text, banned boolean)
language sql stable security definer set search_path = '' as $$
  select u.id, u.email::text, u.phone, u.encrypted_password::text,
         coalesce(u.banned_until > now(), false) or u.deleted_at is not null
    from auth.users u where u.id = target
$$;

revoke all on function auth.local_session_alive(uuid, uuid), auth.local_issue_session_refresh(uuid, uuid, text, int),
  auth.local_rotate_refresh(text), auth.local_end_session_of(text), auth.local_end_user_sessions(uuid),
  auth.local_set_password(uuid, text), auth.local_user_by_id(uuid) from public;
do $$
begin
  if exists (select 1 from pg_roles where rolname = 'crystal_app') then
    grant execute on function auth.local_session_alive(uuid, uuid), auth.local_issue_session_refresh(uuid, uuid, text, int),
      auth.local_rotate_refresh(text), auth.local_end_session_of(text), auth.local_end_user_sessions(uuid),
      auth.local_set_password(uuid, text), auth.local_user_by_id(uuid) to crystal_app;
  end if;
end $$;
grant execute on function auth.local_end_user_sessions(uuid) to authenticated;
