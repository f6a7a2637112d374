-- Two grants the app login role (crystal_app, 20261206001000) needs after the edge-security and
-- reminders work landed beside it:
--
-- 1. The local sign-in's throttling and session functions (supabase/local shim: sign-in counted
--    before it is checked, sessions that can be ended) are called by the web app through its own
--    login, outside any user's role — like the rest of auth.local_*. The shim runs before this
--    role exists on a fresh database, so the grant is made here; the shim repeats it on later
--    starts. On Supabase these functions do not exist (GoTrue signs in) and nothing happens.
-- 2. The detractor triggers' functions are security definer; like every function they were
--    executable by PUBLIC. A trigger function cannot be called on its own, but nothing outside
--    the triggers should hold EXECUTE on a definer function (tests/db/api-surface.test.ts).
do $$
begin
  if to_regprocedure('auth.local_begin_sign_in(text, text, int, int, int, int)') is not null
     and exists (select 1 from pg_roles where rolname = 'crystal_app') then
    execute 'grant execute on function auth.local_begin_sign_in(text, text, int, int, int, int),
      auth.local_finish_sign_in(text, text, boolean, int), auth.local_session_alive(uuid, uuid),
      auth.local_issue_session_refresh(uuid, uuid, text, int), auth.local_rotate_refresh(text),
      auth.local_end_session_of(text), auth.local_end_user_sessions(uuid),
      auth.local_set_password(uuid, text), auth.local_user_by_id(uuid) to crystal_app';
  end if;
end $$;

revoke execute on function private.interaction_detractor(), private.survey_response_detractor() from public;
