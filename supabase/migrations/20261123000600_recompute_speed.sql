-- Faster recompute (docs/benchmarks.md). Same features, same numbers as
-- 20261123000400_customer_features.sql; what changes is how they are computed and handed over.
--
-- 1. Plans. customer_features() and org_feature_context() are SQL functions whose bodies
--    PostgreSQL 18 caches per session like a prepared statement. After a few whole-org calls the
--    cached generic plan (written for `p_customer_ids is null or … = any (p_customer_ids)`, i.e.
--    for every customer) was reused for one customer: 200–260 ms instead of 2 ms.
--    `plan_cache_mode = force_custom_plan` plans each call for its arguments (≈1–3 ms of
--    planning, nothing next to the whole-org run; a one-customer call takes ~2 ms in all).
-- 2. One definition, two shapes. private.customer_feature_rows() computes every feature as a
--    typed column. public.customer_features() turns a row into the json the engine's zod schema
--    describes (unchanged); private.customer_features_compact(_rows)() emit the same values as
--    one record text per customer for the recompute function — row_to_json of ~60 named
--    columns cost ~15 µs a customer, and the JS side then had to zod-parse 100k keyed objects.
--    supabase/functions/_shared/features-compact.ts decodes it; tests/functions/recompute-core.test.ts
--    checks decode(compact) = CustomerFeaturesSchema.parse(customer_features) field for field.
-- 3. Streaming. customer_features_compact_rows() has no SET options, so a whole-org recompute
--    that selects from it gets it inlined and receives rows while the interactions are still
--    being aggregated (a set-returning function with SET options is materialised first).
--    For that the features no longer depend on the session's timezone: "the last 30 days" is
--    720 hours back from as_of — exactly what '30 days' meant under the timezone = 'UTC' that
--    customer_features() pins (UTC has no DST).
-- 4. Deals: the per-deal facts used three different sort orders (first change ascending, stage
--    and last step back descending), so each deal was sorted again inside every ordered
--    aggregate. private.deal_rows() reads them all from one ascending order (the descending
--    first element is the ascending last one, ties included).
-- 5. work_mem for the call only (function SET, or `set local` by the caller), so whole-org sorts
--    and hashes stay in memory.
-- 6. "Did this customer change?" is one hash: recompute-tags stores a digest of everything it
--    writes for a customer (profile columns, reasons, its tags) and compares that instead of
--    loading every stored profile with its tags and reasons (~15 s for 100k customers).
--    Null (rows from before this column) reads as "changed": rewritten once.

alter table public.customer_profiles add column if not exists state_hash text;
comment on column public.customer_profiles.state_hash is
  'digest of what recompute-tags wrote for this customer (profile, reasons, tags); internal to the recompute';

-- One row per deal as of p_as_of. Same definitions as private.deal_facts (which stays, for
-- compatibility), with the last step back as plain columns instead of a jsonb.
create or replace function private.deal_rows(p_org_id uuid, p_customer_ids uuid[], p_as_of timestamptz)
returns table (
  deal_id uuid, customer_id uuid, stage public.deal_stage, premium boolean, won_at timestamptz, cycle_days numeric,
  regressions int, reg_from public.deal_stage, reg_to public.deal_stage, reg_at timestamptz
)
language sql stable as $$
  with chg as (
    -- one ascending order (changed_at, id) for every ordered aggregate: "first" is [1], "last"
    -- (the original's descending [1]) is the final element
    select c.deal_id,
      min(c.changed_at) as first_change_at,
      (array_agg(c.from_stage order by c.changed_at, c.id))[1] as first_from_stage,
      array_agg(c.to_stage order by c.changed_at, c.id) filter (where c.changed_at <= p_as_of) as to_stages,
      min(c.changed_at) filter (where c.changed_at <= p_as_of and c.to_stage in ('contract', 'won')) as contract_at,
      min(c.changed_at) filter (where c.changed_at <= p_as_of and c.to_stage = 'won') as won_at,
      -- enum order is needs < demo < quote < contract; won/lost are outcomes, not steps back
      count(*) filter (where c.changed_at <= p_as_of and c.to_stage < c.from_stage
                       and c.from_stage not in ('won', 'lost'))::int as regressions,
      array_agg(c.from_stage order by c.changed_at, c.id)
        filter (where c.changed_at <= p_as_of and c.to_stage < c.from_stage and c.from_stage not in ('won', 'lost')) as reg_froms,
      array_agg(c.to_stage order by c.changed_at, c.id)
        filter (where c.changed_at <= p_as_of and c.to_stage < c.from_stage and c.from_stage not in ('won', 'lost')) as reg_tos,
      max(c.changed_at) filter (where c.changed_at <= p_as_of and c.to_stage < c.from_stage
                                and c.from_stage not in ('won', 'lost')) as reg_at
    from public.deal_stage_changes c
    where c.org_id = p_org_id
      and (p_customer_ids is null or c.customer_id = any (p_customer_ids))
    group by c.deal_id
  )
  select d.id, d.customer_id,
    case
      when chg.to_stages is not null then chg.to_stages[cardinality(chg.to_stages)]
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
    chg.reg_froms[cardinality(chg.reg_froms)],
    chg.reg_tos[cardinality(chg.reg_tos)],
    chg.reg_at
  from public.deals d
  left join chg on chg.deal_id = d.id
  where d.org_id = p_org_id
    and (p_customer_ids is null or d.customer_id = any (p_customer_ids))
    and least(d.created_at, chg.first_change_at) <= p_as_of
$$;

-- Every feature of customer_features() as a typed column (plus the parts of the nested objects).
-- Plain SQL without SET options so that it is inlined into its callers. Independent of the
-- session's timezone: "the last 30 days" is 720 hours back from as_of — what '30 days' meant
-- under the timezone = 'UTC' that customer_features() has always pinned (no DST in UTC).
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
    coalesce(s.surveys_sent, 0),
    coalesce(a.surveys_answered, 0),
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
$$;

-- The engine's input, one json per customer (keys = lib/engine/features.ts CustomerFeaturesSchema).
create or replace function public.customer_features(
  p_org_id uuid,
  p_customer_ids uuid[] default null,
  p_as_of timestamptz default now()
)
returns table (customer_id uuid, features json)
-- timezone UTC: timestamps serialise as "…+00:00" whatever the caller's session says
language sql stable security invoker
set search_path = '' set timezone = 'UTC' set plan_cache_mode = 'force_custom_plan' set work_mem = '64MB' as $$
  select f.customer_id, row_to_json(f)
  from (
    select
      r.customer_id,
      p_as_of as as_of,
      r.kind,
      r.declared_needs,
      r.customer_age_days,
      r.order_count,
      r.order_total,
      r.first_order_at,
      r.last_order_at,
      r.days_since_first_order,
      r.days_since_last_order,
      r.median_order_gap_days,
      r.early_avg_amount,
      r.late_avg_amount,
      r.early_avg_gap_days,
      r.late_avg_gap_days,
      r.discount_orders,
      r.premium_orders,
      r.product_orders,
      r.service_orders,
      r.interaction_count,
      json_build_object(
        'visit', r.k_visit, 'call', r.k_call, 'feedback', r.k_feedback, 'complaint', r.k_complaint,
        'suggestion', r.k_suggestion, 'message', r.k_message, 'meeting', r.k_meeting) as interactions_by_kind,
      r.interactions_last_30d,
      r.interactions_last_90d,
      r.customer_initiated,
      r.contacts_before_first_order,
      r.contacts_after_first_order,
      r.customer_initiated_after_first_order,
      r.avg_duration_min,
      r.complaints_last_90d,
      r.complaints_negative,
      r.negative_sentiment,
      r.negative_sentiment_last_90d,
      r.first_contact_at,
      r.last_contact_at,
      r.days_since_first_contact,
      r.days_since_last_contact,
      r.observation_count,
      case when r.obs_id is not null then json_build_object(
        'interaction_id', r.obs_id, 'occurred_at', r.obs_at, 'kind', r.obs_kind,
        'attitude', r.obs_attitude, 'cognition', r.obs_cognition) end as latest_observation,
      r.deals_open,
      r.deals_won,
      r.deals_lost,
      r.premium_deals_won,
      r.last_won_at,
      r.sales_cycle_days,
      r.completed_cycles,
      r.stage_regressions,
      case when r.reg_at is not null then json_build_object(
        'deal_id', r.reg_deal_id, 'from_stage', r.reg_from, 'to_stage', r.reg_to, 'changed_at', r.reg_at) end as last_regression,
      r.surveys_sent,
      r.surveys_answered,
      r.avg_nps,
      r.avg_csat,
      r.last_nps,
      r.last_answered_at
    from private.customer_feature_rows(p_org_id, p_customer_ids, p_as_of) r
  ) f
  order by f.customer_id
$$;

-- The same values for the recompute function as one record per customer, in the order of
-- COMPACT_COLUMNS in supabase/functions/_shared/features-compact.ts (change both together).
-- The text is the record's own output, "(v1,v2,,v4)" (empty = null): every value is a uuid, an
-- enum label or a number — timestamps as epoch milliseconds — so none is ever quoted and the
-- text does not depend on the session's timezone. record_out looks up each column's output
-- function once per call; concat_ws()/json_build_array() look them up for every value, which
-- cost ~1 s more on 100k customers (and row_to_json with keys more still).
-- Plain SQL, so a whole-org recompute that selects from it directly gets it inlined and the
-- rows stream out as they are aggregated (a function with SET options returns its whole result
-- at once); customer_features_compact() below is the same for a few customers, planned per call.
create or replace function private.customer_features_compact_rows(p_org_id uuid, p_customer_ids uuid[], p_as_of timestamptz)
returns setof text
language sql stable as $$
  select row(
    r.customer_id, r.kind, r.declared_needs, r.customer_age_days,
    r.order_count, r.order_total,
    floor(extract(epoch from r.first_order_at) * 1000)::int8, floor(extract(epoch from r.last_order_at) * 1000)::int8,
    r.days_since_first_order, r.days_since_last_order,
    r.median_order_gap_days, r.early_avg_amount, r.late_avg_amount, r.early_avg_gap_days, r.late_avg_gap_days,
    r.discount_orders, r.premium_orders, r.product_orders, r.service_orders,
    r.interaction_count, r.k_visit, r.k_call, r.k_feedback, r.k_complaint, r.k_suggestion, r.k_message, r.k_meeting,
    r.interactions_last_30d, r.interactions_last_90d, r.customer_initiated,
    r.contacts_before_first_order, r.contacts_after_first_order, r.customer_initiated_after_first_order,
    r.avg_duration_min, r.complaints_last_90d, r.complaints_negative, r.negative_sentiment, r.negative_sentiment_last_90d,
    floor(extract(epoch from r.first_contact_at) * 1000)::int8, floor(extract(epoch from r.last_contact_at) * 1000)::int8,
    r.days_since_first_contact, r.days_since_last_contact,
    r.observation_count, r.obs_id, floor(extract(epoch from r.obs_at) * 1000)::int8, r.obs_kind, r.obs_attitude, r.obs_cognition,
    r.deals_open, r.deals_won, r.deals_lost, r.premium_deals_won, floor(extract(epoch from r.last_won_at) * 1000)::int8,
    r.sales_cycle_days, r.completed_cycles, r.stage_regressions,
    r.reg_deal_id, r.reg_from, r.reg_to, floor(extract(epoch from r.reg_at) * 1000)::int8,
    r.surveys_sent, r.surveys_answered, r.avg_nps, r.avg_csat, r.last_nps, floor(extract(epoch from r.last_answered_at) * 1000)::int8
  )::text
  from private.customer_feature_rows(p_org_id, p_customer_ids, p_as_of) r
$$;

create or replace function private.customer_features_compact(p_org_id uuid, p_customer_ids uuid[], p_as_of timestamptz)
returns setof text
language sql stable security invoker
set search_path = '' set plan_cache_mode = 'force_custom_plan' set work_mem = '64MB' as $$
  select f from private.customer_features_compact_rows(p_org_id, p_customer_ids, p_as_of) f
$$;

-- Same numbers as before; reads the deals through deal_rows and plans each call for its org.
create or replace function public.org_feature_context(
  p_org_id uuid,
  p_as_of timestamptz default now(),
  p_high_share float8 default 0.2,
  p_low_share float8 default 0.3
)
returns jsonb
language sql stable security invoker
set search_path = '' set timezone = 'UTC' set plan_cache_mode = 'force_custom_plan' set work_mem = '64MB' as $$
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
    from private.deal_rows(p_org_id, null, p_as_of) f
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

revoke execute on function private.deal_rows(uuid, uuid[], timestamptz) from public, anon, authenticated;
revoke execute on function private.customer_feature_rows(uuid, uuid[], timestamptz) from public, anon, authenticated;
revoke execute on function private.customer_features_compact_rows(uuid, uuid[], timestamptz) from public, anon, authenticated;
revoke execute on function private.customer_features_compact(uuid, uuid[], timestamptz) from public, anon, authenticated;
grant execute on function private.deal_rows(uuid, uuid[], timestamptz) to service_role;
grant execute on function private.customer_feature_rows(uuid, uuid[], timestamptz) to service_role;
grant execute on function private.customer_features_compact_rows(uuid, uuid[], timestamptz) to service_role;
grant execute on function private.customer_features_compact(uuid, uuid[], timestamptz) to service_role;
