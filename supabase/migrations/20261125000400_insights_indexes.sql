-- 洞察 Insights (lib/db/queries/insights.ts): covering indexes for the page's aggregates, so each
-- reads narrow index entries instead of wide heap rows (profiles carry their reasons jsonb) and
-- gets its rows already in the order it groups by. Measured with `npm run bench:insights`
-- (docs/benchmarks-insights.md). The queries stay plain SQL run by the caller under RLS.

-- Revenue per customer (distribution, at-risk revenue at stake): an index-only scan in customer
-- order. Same key as orders_org_customer_idx plus the amount, so it replaces it.
create index if not exists orders_org_customer_amount_idx on public.orders (org_id, customer_id, ordered_at) include (amount);
drop index if exists public.orders_org_customer_idx;

-- The book by dimension (distribution, at-risk list): the profile columns the page reads.
create index if not exists customer_profiles_org_dims_idx on public.customer_profiles (org_id, customer_id)
  include (relationship_type, value_tier, lifecycle, funnel_stage, loyalty, churn_risk);

-- Merged duplicates are few: an anti-join on them instead of reading every customer once more.
create index if not exists customers_org_merged_idx on public.customers (org_id, id) where merged_into is not null;

-- Deal stays (funnel): the deals that moved since the period began (by time), then their whole
-- history in (deal, time) order, without touching the heap.
create index if not exists deal_stage_changes_org_time_idx on public.deal_stage_changes (org_id, changed_at)
  include (deal_id, customer_id);
create index if not exists deal_stage_changes_org_deal_cover_idx on public.deal_stage_changes (org_id, deal_id, changed_at, id)
  include (customer_id, from_stage, to_stage);
create index if not exists deals_org_cover_idx on public.deals (org_id, id) include (customer_id, stage, created_at);

-- Tag flows: one dimension's changes in a period.
create index if not exists tag_changes_org_dim_time_idx on public.tag_changes (org_id, dimension, changed_at)
  include (customer_id, from_value, to_value);

-- Reminder completion (completionByRep in team.ts): what was done or dismissed in the window, and
-- what fell due in it and is still open or snoozed — three narrow ranges (a BitmapOr) instead of
-- every open reminder of the org.
create index if not exists reminders_org_closed_idx on public.reminders (org_id, closed_at) where status in ('done', 'dismissed');
create index if not exists reminders_org_open_due_idx on public.reminders (org_id, due_at) where status = 'open';
create index if not exists reminders_org_snoozed_idx on public.reminders (org_id, (coalesce(snoozed_until, due_at))) where status = 'snoozed';

-- Surveys sent in a period.
create index if not exists surveys_org_created_idx on public.surveys (org_id, created_at) include (customer_id);
