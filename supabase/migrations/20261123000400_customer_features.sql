-- Features for the classification engine (lib/engine, DESIGN.md §5 step 1).
--
--   public.customer_features(org, customer_ids default null, as_of default now())
--     → setof (customer_id uuid, features json), one row per customer of the org (or of the ids)
--   public.org_feature_context(org, as_of default now(), high_share default 0.2, low_share default 0.3)
--     → jsonb: revenue cut-offs and the typical sales cycle, for a recompute of a few customers
--
-- Set-based: each table is read once, grouped by customer (or deal), and the groups are joined
-- on customer_id; there is no per-customer query and no loop. Every filter leads with org_id so
-- the (org_id, customer_id, time) indexes of the core schema drive the scans. Rows after as_of
-- are ignored, so the same call answers "what did we know on that day".
--
-- The json keys are exactly lib/engine/features.ts `CustomerFeaturesSchema` (strict): change
-- both together. Numbers are float8/int or rounded numeric, never strings, so any driver
-- (postgres.js, PostgREST) hands the engine numbers. Timestamps are ISO-8601 in UTC
-- ("…+00:00"; the functions pin timezone), which the schema normalises to "…Z".
-- json rather than jsonb: the object is built once and handed out, never queried, and
-- row_to_json is far cheaper than building a jsonb of 60 keys per customer.
--
-- Merged duplicates (customers.merged_into is not null) are left out: their history belongs to
-- the survivor (seed 004: 数据清洗 — 去除重复数据).

-- One row per deal as of p_as_of: its stage then, when it was won, how long it took from start
-- to contract, and how often it went back a stage (seed 000: 从报价阶段再次回到需求分析阶段).
-- Shared by customer_features and org_feature_context so both define a sales cycle the same way.
-- Plain SQL without SET options so the planner can inline it into the caller.
create or replace function private.deal_facts(p_org_id uuid, p_customer_ids uuid[], p_as_of timestamptz)
returns table (
  deal_id uuid, customer_id uuid, stage public.deal_stage, premium boolean,
  won_at timestamptz, cycle_days numeric, regressions int, last_regression jsonb, last_regression_at timestamptz
)
language sql stable as $$
  with chg as (
    -- all changes of the org's deals; the as_of cut is applied with filters so that a deal whose
    -- changes all happen later still knows which stage it started in
    select c.deal_id,
      min(c.changed_at) as first_change_at,
      (array_agg(c.from_stage order by c.changed_at, c.id))[1] as first_from_stage,
      (array_agg(c.to_stage order by c.changed_at desc, c.id desc) filter (where c.changed_at <= p_as_of))[1] as stage_as_of,
      min(c.changed_at) filter (where c.changed_at <= p_as_of and c.to_stage in ('contract', 'won')) as contract_at,
      min(c.changed_at) filter (where c.changed_at <= p_as_of and c.to_stage = 'won') as won_at,
      -- enum order is needs < demo < quote < contract; won/lost are outcomes, not steps back
      count(*) filter (where c.changed_at <= p_as_of and c.to_stage < c.from_stage
                       and c.from_stage not in ('won', 'lost'))::int as regressions,
      (array_agg(jsonb_build_object('deal_id', c.deal_id, 'from_stage', c.from_stage, 'to_stage', c.to_stage,
                                    'changed_at', c.changed_at)
                 order by c.changed_at desc, c.id desc)
         filter (where c.changed_at <= p_as_of and c.to_stage < c.from_stage
                 and c.from_stage not in ('won', 'lost')))[1] as last_regression,
      max(c.changed_at) filter (where c.changed_at <= p_as_of and c.to_stage < c.from_stage
                                and c.from_stage not in ('won', 'lost')) as last_regression_at
    from public.deal_stage_changes c
    where c.org_id = p_org_id
      and (p_customer_ids is null or c.customer_id = any (p_customer_ids))
    group by c.deal_id
  )
  select d.id, d.customer_id,
    case
      when chg.stage_as_of is not null then chg.stage_as_of
      when chg.deal_id is not null then coalesce(chg.first_from_stage, 'needs')
      -- no history at all (imported): trust the current stage once it was last touched
      when d.stage = 'won' and d.updated_at > p_as_of then 'contract'
      else d.stage
    end,
    d.premium,
    case when chg.deal_id is not null then chg.won_at
         when d.stage = 'won' and d.updated_at <= p_as_of then d.updated_at end,
    round((extract(epoch from chg.contract_at - least(d.created_at, chg.first_change_at)) / 86400)::numeric, 1),
    coalesce(chg.regressions, 0),
    chg.last_regression,
    chg.last_regression_at
  from public.deals d
  left join chg on chg.deal_id = d.id
  where d.org_id = p_org_id
    and (p_customer_ids is null or d.customer_id = any (p_customer_ids))
    and least(d.created_at, chg.first_change_at) <= p_as_of
$$;

create or replace function public.customer_features(
  p_org_id uuid,
  p_customer_ids uuid[] default null,
  p_as_of timestamptz default now()
)
returns table (customer_id uuid, features json)
-- timezone UTC: timestamps serialise as "…+00:00" whatever the caller's session says
language sql stable security invoker set search_path = '' set timezone = 'UTC' as $$
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
      count(*) filter (where i.occurred_at > p_as_of - interval '30 days')::int as last_30d,
      count(*) filter (where i.occurred_at > p_as_of - interval '90 days')::int as last_90d,
      count(*) filter (where i.initiated_by = 'customer')::int as customer_initiated,
      count(*) filter (where o.first_order_at is null or i.occurred_at < o.first_order_at)::int as before_first_order,
      count(*) filter (where i.occurred_at >= o.first_order_at)::int as after_first_order,
      count(*) filter (where i.occurred_at >= o.first_order_at and i.initiated_by = 'customer'
                       and i.kind <> 'complaint')::int as customer_initiated_after,
      avg(i.duration_min) as avg_duration_min,
      count(*) filter (where i.kind = 'complaint' and i.occurred_at > p_as_of - interval '90 days')::int as complaints_90d,
      count(*) filter (where i.kind = 'complaint' and i.sentiment = 'negative')::int as complaints_negative,
      count(*) filter (where i.sentiment = 'negative')::int as negative,
      count(*) filter (where i.sentiment = 'negative' and i.occurred_at > p_as_of - interval '90 days')::int as negative_90d,
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
      (array_agg(f.last_regression order by f.last_regression_at desc)
         filter (where f.last_regression is not null))[1] as last_regression
    from private.deal_facts(p_org_id, p_customer_ids, p_as_of) f
    group by f.customer_id
  ),
  sent as (
    select s.customer_id, count(*)::int as surveys_sent
    from public.surveys s
    where s.org_id = p_org_id and s.created_at <= p_as_of
      and (p_customer_ids is null or s.customer_id = any (p_customer_ids))
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
  -- row_to_json over named columns: an order of magnitude cheaper than json(b)_build_object
  -- with 60 keys, which dominated the run time on 100k customers
  select f.customer_id, row_to_json(f)
  from (
    select
      c.id as customer_id,
      p_as_of as as_of,
      c.kind,
      c.needs as declared_needs,
      greatest(0, floor(extract(epoch from p_as_of - c.created_at) / 86400))::int as customer_age_days,
      coalesce(o.order_count, 0) as order_count,
      coalesce(o.order_total, 0) as order_total,
      o.first_order_at,
      o.last_order_at,
      floor(extract(epoch from p_as_of - o.first_order_at) / 86400)::int as days_since_first_order,
      floor(extract(epoch from p_as_of - o.last_order_at) / 86400)::int as days_since_last_order,
      round(o.median_gap::numeric, 1)::float8 as median_order_gap_days,
      round(o.early_avg_amount, 2)::float8 as early_avg_amount,
      round(o.late_avg_amount, 2)::float8 as late_avg_amount,
      round(o.early_avg_gap, 1)::float8 as early_avg_gap_days,
      round(o.late_avg_gap, 1)::float8 as late_avg_gap_days,
      coalesce(o.discount_orders, 0) as discount_orders,
      coalesce(o.premium_orders, 0) as premium_orders,
      coalesce(o.product_orders, 0) as product_orders,
      coalesce(o.service_orders, 0) as service_orders,
      coalesce(i.interaction_count, 0) as interaction_count,
      json_build_object(
        'visit', coalesce(i.k_visit, 0), 'call', coalesce(i.k_call, 0),
        'feedback', coalesce(i.k_feedback, 0), 'complaint', coalesce(i.k_complaint, 0),
        'suggestion', coalesce(i.k_suggestion, 0), 'message', coalesce(i.k_message, 0),
        'meeting', coalesce(i.k_meeting, 0)) as interactions_by_kind,
      coalesce(i.last_30d, 0) as interactions_last_30d,
      coalesce(i.last_90d, 0) as interactions_last_90d,
      coalesce(i.customer_initiated, 0) as customer_initiated,
      coalesce(i.before_first_order, 0) as contacts_before_first_order,
      coalesce(i.after_first_order, 0) as contacts_after_first_order,
      coalesce(i.customer_initiated_after, 0) as customer_initiated_after_first_order,
      round(i.avg_duration_min, 1)::float8 as avg_duration_min,
      coalesce(i.complaints_90d, 0) as complaints_last_90d,
      coalesce(i.complaints_negative, 0) as complaints_negative,
      coalesce(i.negative, 0) as negative_sentiment,
      coalesce(i.negative_90d, 0) as negative_sentiment_last_90d,
      i.first_contact_at,
      i.last_contact_at,
      floor(extract(epoch from p_as_of - i.first_contact_at) / 86400)::int as days_since_first_contact,
      floor(extract(epoch from p_as_of - i.last_contact_at) / 86400)::int as days_since_last_contact,
      coalesce(i.observation_count, 0) as observation_count,
      case when i.obs_id is not null then json_build_object(
        'interaction_id', i.obs_id, 'occurred_at', i.obs_at, 'kind', i.obs_kind,
        'attitude', i.obs_attitude, 'cognition', i.obs_cognition) end as latest_observation,
      coalesce(d.deals_open, 0) as deals_open,
      coalesce(d.deals_won, 0) as deals_won,
      coalesce(d.deals_lost, 0) as deals_lost,
      coalesce(d.premium_deals_won, 0) as premium_deals_won,
      d.last_won_at,
      d.sales_cycle_days,
      coalesce(d.completed_cycles, 0) as completed_cycles,
      coalesce(d.stage_regressions, 0) as stage_regressions,
      d.last_regression,
      coalesce(s.surveys_sent, 0) as surveys_sent,
      coalesce(a.surveys_answered, 0) as surveys_answered,
      a.avg_nps,
      a.avg_csat,
      a.last_nps,
      a.last_answered_at
    from cust c
    left join ord o on o.customer_id = c.id
    left join ints i on i.customer_id = c.id
    left join dls d on d.customer_id = c.id
    left join sent s on s.customer_id = c.id
    left join answered a on a.customer_id = c.id
  ) f
  order by f.customer_id
$$;

-- Org-wide context for ranking one customer against the rest without computing everyone's
-- features: the revenue cut-offs of the value tier (seeds 001/003, Pareto) and the org's median
-- sales cycle (seed 000 "fast"/"slow" is relative to how the org usually sells).
-- Definitions match lib/engine/context.ts orgContextFromFeatures() exactly (percentile_disc over
-- paying customers' totals; percentile_cont over customers' mean cycle), so a one-customer
-- recompute ranks the same as a whole-org one.
create or replace function public.org_feature_context(
  p_org_id uuid,
  p_as_of timestamptz default now(),
  p_high_share float8 default 0.2,
  p_low_share float8 default 0.3
)
returns jsonb
language sql stable security invoker set search_path = '' set timezone = 'UTC' as $$
  with cust as (
    select c.id from public.customers c where c.org_id = p_org_id and c.merged_into is null
  ),
  revenue as (
    select o.customer_id, sum(o.amount)::float8 as total
    from public.orders o
    join cust c on c.id = o.customer_id
    where o.org_id = p_org_id and o.ordered_at <= p_as_of
    group by o.customer_id
    having sum(o.amount) > 0
  ),
  cycles as (
    select f.customer_id, round(avg(f.cycle_days), 1)::float8 as days
    from private.deal_facts(p_org_id, null, p_as_of) f
    join cust c on c.id = f.customer_id
    where f.cycle_days is not null
    group by f.customer_id
  )
  select jsonb_build_object(
    'as_of', p_as_of,
    'timezone', coalesce((select o.settings ->> 'timezone' from public.orgs o where o.id = p_org_id), 'Asia/Shanghai'),
    'customers', (select count(*) from cust),
    'paying_customers', (select count(*) from revenue),
    'high_share', p_high_share,
    'low_share', p_low_share,
    'revenue_high_min', (select percentile_disc(p_high_share) within group (order by r.total desc) from revenue r),
    'revenue_low_max', (select percentile_disc(p_low_share) within group (order by r.total) from revenue r),
    'median_sales_cycle_days', (select percentile_cont(0.5) within group (order by y.days) from cycles y),
    'cycle_sample', (select count(*) from cycles)
  )
$$;

revoke execute on function public.customer_features(uuid, uuid[], timestamptz) from public, anon, authenticated;
revoke execute on function public.org_feature_context(uuid, timestamptz, float8, float8) from public, anon, authenticated;
revoke execute on function private.deal_facts(uuid, uuid[], timestamptz) from public, anon, authenticated;
grant execute on function public.customer_features(uuid, uuid[], timestamptz) to service_role;
grant execute on function public.org_feature_context(uuid, timestamptz, float8, float8) to service_role;
grant execute on function private.deal_facts(uuid, uuid[], timestamptz) to service_role;
