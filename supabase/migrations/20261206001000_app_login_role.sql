-- The app's own database login (issue 11). On Supabase the only login a project gets is
-- `postgres`, which owns every table and so bypasses RLS: an app connected as it would see every
-- org's rows the moment a query ran outside withRls. `crystal_app` is what the app logs in as on
-- both profiles instead (docs/architecture.md, "Database roles"):
--   * it owns nothing and has no privilege on any table;
--   * like PostgREST's `authenticator` it is NOINHERIT and a member of anon and authenticated,
--     so the only way it reads data is `set role` to one of them (withRls), under RLS;
--   * it may EXECUTE only the few security-definer functions the app calls before a user is
--     known: private.survey_* (the survey page) and, locally, auth.local_* (the local sign-in).
-- It is created without a password: README "Deploy to Supabase" sets one; the local launcher
-- sets a generated one.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'crystal_app') then
    create role crystal_app login noinherit nosuperuser nocreatedb nocreaterole nobypassrls;
  end if;
end $$;

grant anon, authenticated to crystal_app;

-- The survey page's functions move from `authenticator` (PostgREST's role on Supabase, which the
-- app cannot log in as there) to the app's role.
grant usage on schema private to crystal_app;
grant execute on function private.survey_link(text), private.survey_recent_attempts(text, text, int),
  private.survey_record_attempt(text, text, text) to crystal_app;
revoke execute on function private.survey_link(text), private.survey_recent_attempts(text, text, int),
  private.survey_record_attempt(text, text, text) from authenticator;
revoke usage on schema private from authenticator;

-- Local profile only: the local sign-in functions the shim defines (Supabase has GoTrue instead).
do $$
begin
  if to_regprocedure('auth.local_find_user(text)') is not null then
    grant usage on schema auth to crystal_app;
    execute 'grant execute on function auth.local_find_user(text), auth.local_recent_failures(text, text, int),
      auth.local_record_attempt(text, text, boolean), auth.local_issue_refresh(uuid, text, int),
      auth.local_use_refresh(text), auth.local_revoke_refresh(text) to crystal_app';
  end if;
end $$;
