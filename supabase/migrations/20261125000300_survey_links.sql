-- Satisfaction surveys by link (issue 6).
--
-- A rep creates an invitation (public.surveys, under RLS: token_hash = sha-256 of a random
-- token of ≥ 128 bits, made by the app; the token itself is never stored). The customer opens
-- /s/<token> without signing in and answers through ONE function, public.submit_survey — the
-- only thing anon may execute. It returns a status word and nothing else: which customer or org
-- the token belongs to never reaches an anonymous caller (on Supabase anyone holding the
-- publishable key can call it through PostgREST, so that is the boundary, not the web page).
--
-- The web app needs a little more than anon may have — the org's name for the page, the
-- customer to recompute after an answer, and a persistent per-IP / per-token rate limit — so
-- those are security-definer functions in the non-exposed `private` schema, executable by the
-- app's login role (`authenticator` locally; on Supabase the app connects with the project's
-- own role) and never by anon or authenticated. They play the part auth.local_* play for
-- sign-in in the local shim, but live here because Supabase has no shim.

-- ---------------------------------------------------------------------------
-- The answer: one function, anon only.

create or replace function public.submit_survey(token text, nps int, csat int, comment text default null)
returns text
language plpgsql volatile security definer set search_path = '' as $$
declare
  v_hash text;
  v_note text := nullif(btrim(submit_survey.comment), '');
  v_id uuid;
  v_org uuid;
  v_customer uuid;
  v_answered timestamptz;
begin
  -- Same limits as the table's checks and lib/validation/survey.ts; refused before anything is read.
  if submit_survey.nps is null or submit_survey.nps not between 0 and 10 then
    raise exception 'nps must be an integer from 0 to 10' using errcode = '22023';
  end if;
  if submit_survey.csat is null or submit_survey.csat not between 1 and 5 then
    raise exception 'csat must be an integer from 1 to 5' using errcode = '22023';
  end if;
  if char_length(v_note) > 2000 then
    raise exception 'comment must be at most 2000 characters' using errcode = '22023';
  end if;
  -- Tokens are base64url; anything else cannot be one of ours.
  if submit_survey.token is null or submit_survey.token !~ '^[A-Za-z0-9_-]{22,128}$' then
    return 'invalid';
  end if;
  v_hash := encode(pg_catalog.sha256(convert_to(submit_survey.token, 'UTF8')), 'hex');

  -- Single use even under concurrent submits: the row is claimed by this one update (a second
  -- transaction waits for it, re-checks answered_at and gets no row).
  update public.surveys s set answered_at = now()
   where s.token_hash = v_hash and s.answered_at is null and s.expires_at > now()
  returning s.id, s.org_id, s.customer_id into v_id, v_org, v_customer;
  if v_id is not null then
    insert into public.survey_responses (org_id, survey_id, customer_id, nps, csat, comment)
    values (v_org, v_id, v_customer, submit_survey.nps, submit_survey.csat, v_note);
    return 'ok';
  end if;

  select s.answered_at into v_answered from public.surveys s where s.token_hash = v_hash;
  if not found then return 'invalid'; end if;
  return case when v_answered is not null then 'answered' else 'expired' end;
end $$;

comment on function public.submit_survey(text, int, int, text) is
  'Answer a survey invitation by its link token (anon). Returns ok | answered | expired | invalid; raises 22023 on out-of-range input.';

-- Supabase (and the local shim) grant execute on new functions to the API roles by default.
revoke all on function public.submit_survey(text, int, int, text) from public, anon, authenticated;
grant execute on function public.submit_survey(text, int, int, text) to anon, service_role;

-- ---------------------------------------------------------------------------
-- For the app's login role: what the public page shows, and the recompute's target.

-- The link's state and the org's name — all the page may know. org_id/customer_id are for the
-- route's recompute after a successful answer; they are never rendered.
create or replace function private.survey_link(p_token_hash text)
returns table (state text, org_name text, org_id uuid, customer_id uuid)
language sql stable security definer set search_path = '' as $$
  select case when s.answered_at is not null then 'answered'
              when s.expires_at <= now() then 'expired'
              else 'open' end,
         o.name, s.org_id, s.customer_id
  from public.surveys s
  join public.orgs o on o.id = s.org_id
  where s.token_hash = p_token_hash
$$;

-- ---------------------------------------------------------------------------
-- Rate limits, persisted so they hold across restarts and app instances. One row per attempt;
-- rows older than a day are pruned as new ones arrive (the window is minutes).

create table private.survey_attempts (
  id bigint generated always as identity primary key,
  ip text not null,
  token_hash text,
  -- view_ok | view_invalid | … (page loads), ok | answered | expired | invalid | bad_input (posts)
  outcome text not null check (outcome ~ '^[a-z_]{1,20}$'),
  at timestamptz not null default now()
);
create index survey_attempts_ip_idx on private.survey_attempts (ip, at);
create index survey_attempts_token_idx on private.survey_attempts (token_hash, at);
create index survey_attempts_at_idx on private.survey_attempts (at);
-- Not exposed (private schema) and no policies: only the definer functions below touch it.
alter table private.survey_attempts enable row level security;

-- In the window: this IP's attempts with a token that does not exist (guessing), and every
-- post at this token (hammering one link).
create or replace function private.survey_recent_attempts(p_ip text, p_token_hash text, p_window_seconds int)
returns table (ip_failures int, token_posts int)
language sql stable security definer set search_path = '' as $$
  select
    (select count(*)::int from private.survey_attempts a
      where a.ip = p_ip and a.outcome in ('invalid', 'view_invalid')
        and a.at > now() - make_interval(secs => p_window_seconds)),
    (select count(*)::int from private.survey_attempts a
      where a.token_hash = p_token_hash and a.outcome not like 'view\_%'
        and a.at > now() - make_interval(secs => p_window_seconds))
$$;

create or replace function private.survey_record_attempt(p_ip text, p_token_hash text, p_outcome text)
returns void
language sql volatile security definer set search_path = '' as $$
  delete from private.survey_attempts a where a.at < now() - interval '1 day';
  insert into private.survey_attempts (ip, token_hash, outcome) values (left(p_ip, 100), p_token_hash, p_outcome);
$$;

revoke all on function private.survey_link(text), private.survey_recent_attempts(text, text, int),
  private.survey_record_attempt(text, text, text) from public, anon, authenticated;
grant usage on schema private to authenticator;
grant execute on function private.survey_link(text), private.survey_recent_attempts(text, text, int),
  private.survey_record_attempt(text, text, text) to authenticator, service_role;
