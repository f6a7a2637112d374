-- Survey links count once they had their chance (seed 000 一、5 不太响应您的调查请求).
--
-- Until now `surveys_sent` counted every link created by as_of, so two links sent minutes ago
-- already made a customer "ignores surveys" (a point towards 自主型) before they could answer.
-- Now, as of as_of, every link is exactly one of:
--   answered  — its survey_responses row was written by as_of (counted as before, from the
--               responses: `surveys_answered`, avg/last NPS …);
--   expired   — expires_at <= as_of and no answer by then (submit_survey refuses it from then on);
--   pending   — still open: counts toward neither.
-- `surveys_sent` = answered + expired, the denominator of every response rate the engine uses.
-- The engine needs no pending count (docs/engine.md), so the columns stay as they were and only
-- private.customer_feature_rows() changes; public.customer_features() and
-- private.customer_features_compact(_rows)() read it and stay in agreement. The incremental
-- recompute's key includes a digest of this function (private.recompute_sql_version()), so the
-- next whole-org run after this migration reclassifies everyone.
--
-- Copied from 20261123000600_recompute_speed.sql; only the survey CTE and its column changed.

create or replace function private.customer_feature_rows(p_org_id uuid, p_customer_ids uuid[], p_as_of timestamptz)
returns table (
  customer_id uuid, kind text, declared_needs text, customer_age_days int,
  order_count int, order_total float8, first_order_at timestamptz, last_order_at timestamptz,
  days_since_first_order int, days_since_last_order int, median_order_gap_days float8,
  early_avg_amount float8, late_avg_amount float8, early_avg_gap_days float8, late_avg_gap_days float8,
  discount_orders int, premium_orders int, product_orders int, service_orders int,
  interaction_count int, k_visit int, k_call int, k_feedback int, k_complaint int, k_suggestion int, k_message int, k_meeting int,
  interactions_last_30d int, interactions_last_90d int, customer_initiated int,
  contacts_before_first_order int, contacts_after_first_order int, customer_initiated_after_first_order int,
  avg_duration_min float8, complaints_last_90d int, complaints_negative int, negative_sentiment int, negative_sentiment_last_90d int,
  first_contact_at timestamptz, last_contact_at timestamptz, days_since_first_contact int, days_since_last_contact int,
  observation_count int, obs_id uuid, obs_at timestamptz, obs_kind text, obs_attitude text, obs_cognition text,
  deals_open int, deals_won int, deals_lost int, premium_deals_won int, last_won_at timestamptz,
  sales_cycle_days float8, completed_cycles int, stage_regressions int,
  reg_deal_id uuid, reg_from text, reg_to text, reg_at timestamptz,
  surveys_sent int, surveys_answered int, avg_nps float8, avg_csat float8, last_nps int, last_answered_at timestamptz
)
language sql stable as $$
  with cust as (
    select c.id, c.kind, c.needs, c.created_at
    from public.customers c
    where c.org_id = p_org_id and c.merged_into is null
      and (p_customer_ids is null or c.id = any (p_customer_ids))
  ),
  ord_rows as (
    -- the index (org_id, customer_id, ordered_at) hands these over already in window order
    select o.customer_id, o.amount, o.discount_used, o.premium, o.kind, o.ordered_at,
      row_number() over w as rn,
      count(*) over (partition by o.customer_id) as n,
      extract(epoch from o.ordered_at - lag(o.ordered_at) over w) / 86400 as gap_days
    from public.orders o
    where o.org_id = p_org_id and o.ordered_at <= p_as_of
      and (p_customer_ids is null or o.customer_id = any (p_customer_ids))
    window w as (partition by o.customer_id order by o.ordered_at, o.id)
  ),
  ord as (
    -- halves for the trend (seed 002: 掌握每一个客户这不同时间下单的总金额、次数): the first
    -- floor(n/2) orders against the last floor(n/2); gaps likewise over the n-1 gaps
    select r.customer_id,
      count(*)::int as order_count,
      sum(r.amount)::float8 as order_total,
      min(r.ordered_at) as first_order_at,
      max(r.ordered_at) as last_order_at,
      percentile_cont(0.5) within group (order by r.gap_days) as median_gap,
      avg(r.amount) filter (where r.rn <= r.n / 2) as early_avg_amount,
      avg(r.amount) filter (where r.rn > r.n - r.n / 2) as late_avg_amount,
      avg(r.gap_days) filter (where r.rn >= 2 and r.n >= 3 and r.rn - 1 <= (r.n - 1) / 2) as early_avg_gap,
      avg(r.gap_days) filter (where r.rn >= 2 and r.n >= 3 and r.rn - 1 > (r.n - 1) - (r.n - 1) / 2) as late_avg_gap,
      count(*) filter (where r.discount_used)::int as discount_orders,
      count(*) filter (where r.premium)::int as premium_orders,
      count(*) filter (where r.kind = 'product')::int as product_orders,
      count(*) filter (where r.kind = 'service')::int as service_orders
    from ord_rows r
    group by r.customer_id
  ),
  ints as (
    select i.customer_id,
      count(*)::int as interaction_count,
      count(*) filter (where i.kind = 'visit')::int as k_visit,
      count(*) filter (where i.kind = 'call')::int as k_call,
      count(*) filter (where i.kind = 'feedback')::int as k_feedback,
      count(*) filter (where i.kind = 'complaint')::int as k_complaint,
      count(*) filter (where i.kind = 'suggestion')::int as k_suggestion,
      count(*) filter (where i.kind = 'message')::int as k_message,
      count(*) filter (where i.kind = 'meeting')::int as k_meeting,
      count(*) filter (where i.occurred_at > p_as_of - interval '720 hours')::int as last_30d,
      count(*) filter (where i.occurred_at > p_as_of - interval '2160 hours')::int as last_90d,
      count(*) filter (where i.initiated_by = 'customer')::int as customer_initiated,
      count(*) filter (where o.first_order_at is null or i.occurred_at < o.first_order_at)::int as before_first_order,
      count(*) filter (where i.occurred_at >= o.first_order_at)::int as after_first_order,
      count(*) filter (where i.occurred_at >= o.first_order_at and i.initiated_by = 'customer'
                       and i.kind <> 'complaint')::int as customer_initiated_after,
      avg(i.duration_min) as avg_duration_min,
      count(*) filter (where i.kind = 'complaint' and i.occurred_at > p_as_of - interval '2160 hours')::int as complaints_90d,
      count(*) filter (where i.kind = 'complaint' and i.sentiment = 'negative')::int as complaints_negative,
      count(*) filter (where i.sentiment = 'negative')::int as negative,
      count(*) filter (where i.sentiment = 'negative' and i.occurred_at > p_as_of - interval '2160 hours')::int as negative_90d,
      min(i.occurred_at) as first_contact_at,
      max(i.occurred_at) as last_contact_at,
      -- seed 002: the latest observation of attitude × cognition places the customer in the
      -- funnel. Same ORDER BY in each aggregate, so the input is sorted once.
      count(*) filter (where i.attitude is not null and i.cognition is not null)::int as observation_count,
      (array_agg(i.id order by i.occurred_at desc, i.id desc)
         filter (where i.attitude is not null and i.cognition is not null))[1] as obs_id,
      (array_agg(i.occurred_at order by i.occurred_at desc, i.id desc)
         filter (where i.attitude is not null and i.cognition is not null))[1] as obs_at,
      (array_agg(i.kind order by i.occurred_at desc, i.id desc)
         filter (where i.attitude is not null and i.cognition is not null))[1] as obs_kind,
      (array_agg(i.attitude order by i.occurred_at desc, i.id desc)
         filter (where i.attitude is not null and i.cognition is not null))[1] as obs_attitude,
      (array_agg(i.cognition order by i.occurred_at desc, i.id desc)
         filter (where i.attitude is not null and i.cognition is not null))[1] as obs_cognition
    from public.interactions i
    left join ord o on o.customer_id = i.customer_id
    where i.org_id = p_org_id and i.occurred_at <= p_as_of
      and (p_customer_ids is null or i.customer_id = any (p_customer_ids))
    group by i.customer_id
  ),
  dls as (
    select f.customer_id,
      count(*) filter (where f.stage not in ('won', 'lost'))::int as deals_open,
      count(*) filter (where f.stage = 'won')::int as deals_won,
      count(*) filter (where f.stage = 'lost')::int as deals_lost,
      count(*) filter (where f.stage = 'won' and f.premium)::int as premium_deals_won,
      max(f.won_at) filter (where f.stage = 'won') as last_won_at,
      round(avg(f.cycle_days), 1)::float8 as sales_cycle_days,
      count(f.cycle_days)::int as completed_cycles,
      sum(f.regressions)::int as stage_regressions,
      -- the latest step back over the customer's deals
      (array_agg(f.deal_id order by f.reg_at desc, f.deal_id desc) filter (where f.reg_at is not null))[1] as reg_deal_id,
      (array_agg(f.reg_from order by f.reg_at desc, f.deal_id desc) filter (where f.reg_at is not null))[1] as reg_from,
      (array_agg(f.reg_to order by f.reg_at desc, f.deal_id desc) filter (where f.reg_at is not null))[1] as reg_to,
      max(f.reg_at) as reg_at
    from private.deal_rows(p_org_id, p_customer_ids, p_as_of) f
    group by f.customer_id
  ),
  expired as (
    -- links whose time was up by as_of without an answer by then (an answer is its
    -- survey_responses row, what `answered` below counts); links still open are pending
    select s.customer_id, count(*)::int as surveys_expired
    from public.surveys s
    left join public.survey_responses r
      on r.org_id = s.org_id and r.survey_id = s.id and r.created_at <= p_as_of
    where s.org_id = p_org_id and s.created_at <= p_as_of and s.expires_at <= p_as_of
      and (p_customer_ids is null or s.customer_id = any (p_customer_ids))
      and r.id is null
    group by s.customer_id
  ),
  answered as (
    select r.customer_id,
      count(*)::int as surveys_answered,
      round(avg(r.nps), 2)::float8 as avg_nps,
      round(avg(r.csat), 2)::float8 as avg_csat,
      (array_agg(r.nps order by r.created_at desc, r.id desc))[1] as last_nps,
      max(r.created_at) as last_answered_at
    from public.survey_responses r
    where r.org_id = p_org_id and r.created_at <= p_as_of
      and (p_customer_ids is null or r.customer_id = any (p_customer_ids))
    group by r.customer_id
  )
  select
    c.id,
    c.kind::text,
    c.needs::text,
    greatest(0, floor(extract(epoch from p_as_of - c.created_at) / 86400))::int,
    coalesce(o.order_count, 0),
    coalesce(o.order_total, 0),
    o.first_order_at,
    o.last_order_at,
    floor(extract(epoch from p_as_of - o.first_order_at) / 86400)::int,
    floor(extract(epoch from p_as_of - o.last_order_at) / 86400)::int,
    round(o.median_gap::numeric, 1)::float8,
    round(o.early_avg_amount, 2)::float8,
    round(o.late_avg_amount, 2)::float8,
    round(o.early_avg_gap, 1)::float8,
    round(o.late_avg_gap, 1)::float8,
    coalesce(o.discount_orders, 0),
    coalesce(o.premium_orders, 0),
    coalesce(o.product_orders, 0),
    coalesce(o.service_orders, 0),
    coalesce(i.interaction_count, 0),
    coalesce(i.k_visit, 0), coalesce(i.k_call, 0), coalesce(i.k_feedback, 0), coalesce(i.k_complaint, 0),
    coalesce(i.k_suggestion, 0), coalesce(i.k_message, 0), coalesce(i.k_meeting, 0),
    coalesce(i.last_30d, 0),
    coalesce(i.last_90d, 0),
    coalesce(i.customer_initiated, 0),
    coalesce(i.before_first_order, 0),
    coalesce(i.after_first_order, 0),
    coalesce(i.customer_initiated_after, 0),
    round(i.avg_duration_min, 1)::float8,
    coalesce(i.complaints_90d, 0),
    coalesce(i.complaints_negative, 0),
    coalesce(i.negative, 0),
    coalesce(i.negative_90d, 0),
    i.first_contact_at,
    i.last_contact_at,
    floor(extract(epoch from p_as_of - i.first_contact_at) / 86400)::int,
    floor(extract(epoch from p_as_of - i.last_contact_at) / 86400)::int,
    coalesce(i.observation_count, 0),
    i.obs_id, i.obs_at, i.obs_kind::text, i.obs_attitude::text, i.obs_cognition::text,
    coalesce(d.deals_open, 0),
    coalesce(d.deals_won, 0),
    coalesce(d.deals_lost, 0),
    coalesce(d.premium_deals_won, 0),
    d.last_won_at,
    d.sales_cycle_days,
    coalesce(d.completed_cycles, 0),
    coalesce(d.stage_regressions, 0),
    d.reg_deal_id, d.reg_from::text, d.reg_to::text, d.reg_at,
    coalesce(a.surveys_answered, 0) + coalesce(s.surveys_expired, 0),
    coalesce(a.surveys_answered, 0),
    a.avg_nps,
    a.avg_csat,
    a.last_nps,
    a.last_answered_at
  from cust c
  left join ord o on o.customer_id = c.id
  left join ints i on i.customer_id = c.id
  left join dls d on d.customer_id = c.id
  left join expired s on s.customer_id = c.id
  left join answered a on a.customer_id = c.id
$$;

revoke execute on function private.customer_feature_rows(uuid, uuid[], timestamptz) from public, anon, authenticated;
grant execute on function private.customer_feature_rows(uuid, uuid[], timestamptz) to service_role;
