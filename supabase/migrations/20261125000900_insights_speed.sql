-- 洞察 Insights, second pass (lib/db/queries/insights.ts, docs/benchmarks-insights.md): every
-- table a query reads costs one RLS check of the visible customers, so the funnel now reads the
-- stage changes since the period began once, with their stages, instead of reading them to find
-- the deals that moved and then again for those deals' whole histories. Same key as
-- deal_stage_changes_org_time_idx (20261125000400) with the columns the funnel needs, so it replaces it.
create index if not exists deal_stage_changes_org_time_cover_idx on public.deal_stage_changes (org_id, changed_at)
  include (deal_id, customer_id, id, from_stage, to_stage);
drop index if exists public.deal_stage_changes_org_time_idx;
