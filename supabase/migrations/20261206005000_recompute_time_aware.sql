-- Time-aware incremental recompute (docs/engine.md, "Next review"; issue 12).
--
-- The nightly whole-org run comes one day after the last one with (almost) nothing written. Until
-- now a later as_of meant a full run: 100k customers classified, because reasons carried elapsed
-- time ("277 天未联系") and any profile could have moved. Reasons now hold instants, so a profile
-- changes with time alone only at instants the engine can name; a run at a later as_of classifies
-- only
--   1. the customers whose inputs were written (private.recompute_dirty, as before),
--   2. the customers whose profile says time alone may have changed them by now
--      (customer_profiles.next_review_at ≤ as_of, set by the engine: lib/engine/review.ts), and
--   3. the customers with a row that time alone brings into or out of their features between the
--      last run's as_of and this one (private.recompute_time_events below): rows dated in between
--      (the features ignore rows after as_of), complaints and negative interactions leaving the
--      90-day windows, survey links expiring, a survey coming due again (the playbook's period).

alter table public.customer_profiles add column next_review_at timestamptz;
create index customer_profiles_org_review_idx on public.customer_profiles (org_id, next_review_at)
  where next_review_at is not null;

-- Range scans by time per org for the events below (the existing indexes lead with customer_id).
create index if not exists interactions_org_time_idx on public.interactions (org_id, occurred_at)
  include (customer_id, kind, sentiment);
create index if not exists orders_org_time_idx on public.orders (org_id, ordered_at) include (customer_id);
create index if not exists surveys_org_expires_idx on public.surveys (org_id, expires_at) include (customer_id);
create index if not exists survey_responses_org_time_idx on public.survey_responses (org_id, created_at) include (customer_id);

-- Customers whose features or playbook input change between p_from (exclusive) and p_to
-- (inclusive) with nothing written: every time filter of private.customer_feature_rows(),
-- private.deal_rows() and the playbook's history read (supabase/functions/_shared/reminders.ts),
-- read as an interval. `ctx` = the change can move the org context (orders, deals).
-- A feature or playbook rule that reads a new time window must add its edge here.
create or replace function private.recompute_time_events(p_org_id uuid, p_from timestamptz, p_to timestamptz, p_survey_days int)
returns table (customer_id uuid, ctx boolean)
language sql stable set search_path = '' as $$
  select x.customer_id, bool_or(x.ctx)
  from (
    select o.customer_id, true as ctx from public.orders o
    where o.org_id = p_org_id and o.ordered_at > p_from and o.ordered_at <= p_to
    union all
    select i.customer_id, false from public.interactions i
    where i.org_id = p_org_id and i.occurred_at > p_from and i.occurred_at <= p_to
    union all
    -- complaints_last_90d / negative_sentiment_last_90d count occurred_at > as_of − 2160 h
    select i.customer_id, false from public.interactions i
    where i.org_id = p_org_id and (i.kind = 'complaint' or i.sentiment = 'negative')
      and i.occurred_at > p_from - interval '2160 hours' and i.occurred_at <= p_to - interval '2160 hours'
    union all
    select c.customer_id, true from public.deal_stage_changes c
    where c.org_id = p_org_id and c.changed_at > p_from and c.changed_at <= p_to
    union all
    -- a deal counts from least(created_at, first stage change) (private.deal_rows)
    select d.customer_id, true from public.deals d
    where d.org_id = p_org_id and d.created_at > p_from and d.created_at <= p_to
    union all
    -- a won deal without stage history counts as won from its last update (private.deal_rows)
    select d.customer_id, true from public.deals d
    where d.org_id = p_org_id and d.stage = 'won' and d.updated_at > p_from and d.updated_at <= p_to
    union all
    select s.customer_id, false from public.surveys s
    where s.org_id = p_org_id and s.created_at > p_from and s.created_at <= p_to
    union all
    select s.customer_id, false from public.surveys s
    where s.org_id = p_org_id and s.expires_at > p_from and s.expires_at <= p_to
    union all
    -- the playbook proposes a survey again survey_every_days after the last one was sent
    select s.customer_id, false from public.surveys s
    where s.org_id = p_org_id and s.created_at > p_from - make_interval(days => p_survey_days)
      and s.created_at <= p_to - make_interval(days => p_survey_days)
    union all
    select r.customer_id, false from public.survey_responses r
    where r.org_id = p_org_id and r.created_at > p_from and r.created_at <= p_to
  ) x
  group by x.customer_id
$$;
revoke execute on function private.recompute_time_events(uuid, timestamptz, timestamptz, int) from public, anon, authenticated;
grant execute on function private.recompute_time_events(uuid, timestamptz, timestamptz, int) to service_role;
