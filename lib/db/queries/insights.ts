// 洞察 Insights: the manager's (their team) and the admin's (the org) view of the whole book.
// Every query runs inside withRls, so what a manager sees is what RLS lets them see; each one
// aggregates in SQL and returns a few dozen rows at most. Definitions (and why): see
// docs/benchmarks-insights.md "What the numbers mean".
import { DEAL_STEPS } from '../../domain/vocabulary.ts';
import type { Tx } from '../with-rls.ts';

export type Period = { from: Date; to: Date };
/** A period as the page asks for it: the last n days, this week / month (org time zone), or whole local dates. */
export type PeriodSpec =
  | { kind: 'days'; days: number }
  | { kind: 'week' }
  | { kind: 'month' }
  | { kind: 'range'; from: string; to: string }; // YYYY-MM-DD, both included

/** Turns a period into instants in the org's time zone (orgs.settings.timezone, default Asia/Shanghai). */
export async function resolvePeriod(tx: Tx, p: { orgId: string; period: PeriodSpec; now?: Date }): Promise<Period> {
  const now = p.now ?? new Date();
  const s = p.period;
  const days = s.kind === 'days' ? s.days : 0;
  const from = s.kind === 'range' ? s.from : null;
  const to = s.kind === 'range' ? s.to : null;
  const [row] = await tx<{ from: Date; to: Date }[]>`
    with o as (
      select coalesce(nullif(settings ->> 'timezone', ''), 'Asia/Shanghai') as tz from public.orgs where id = ${p.orgId}
    )
    select case ${s.kind}
             when 'days' then ${now}::timestamptz - make_interval(days => ${days}::int)
             when 'week' then date_trunc('week', ${now}::timestamptz at time zone o.tz) at time zone o.tz
             when 'month' then date_trunc('month', ${now}::timestamptz at time zone o.tz) at time zone o.tz
             else ${from}::date::timestamp at time zone o.tz
           end as "from",
           case when ${s.kind} = 'range' then (${to}::date + 1)::timestamp at time zone o.tz
                else ${now}::timestamptz end as "to"
    from o`;
  if (!row) throw new Error('resolvePeriod: org not visible');
  return row;
}

// Merged duplicates keep their (stale) profile; they are left out of every figure. Few rows: an
// anti-join on the partial index customers_org_merged_idx, not another pass over all customers.
const merged = (tx: Tx, orgId: string) => tx`
  select 1 from public.customers m where m.org_id = ${orgId} and m.id = p.customer_id and m.merged_into is not null`;

// ---------------------------------------------------------------------------------------------
// Distribution of the book by dimension, with revenue share

export const DISTRIBUTION_DIMENSIONS = ['relationship', 'value', 'lifecycle', 'funnel'] as const;
export type DistributionDimension = (typeof DISTRIBUTION_DIMENSIONS)[number];
export type DistributionRow = { dimension: DistributionDimension; value: string; customers: number; revenue: number };
export type Distribution = { customers: number; revenue: number; rows: DistributionRow[] };

/**
 * Customers per value of each dimension (current profiles, merged duplicates left out) and the
 * revenue of those customers (all their orders — the same revenue the value tier ranks by).
 * One pass: grouping sets over the profiles, which carry each customer's order total (kept by
 * triggers on orders, migration 20261125000910): one table, one RLS check, no orders read.
 */
export async function distribution(tx: Tx, p: { orgId: string }): Promise<Distribution> {
  const rows = await tx<{ dim: DistributionDimension | 'total'; value: string | null; customers: number; revenue: string }[]>`
    with book as (
      select p.relationship_type, p.value_tier, p.lifecycle, coalesce(p.funnel_stage, 'potential') as funnel_stage,
             p.order_total as revenue
      from public.customer_profiles p
      where p.org_id = ${p.orgId} and not exists (${merged(tx, p.orgId)})
    )
    select case when grouping(relationship_type) = 0 then 'relationship'
                when grouping(value_tier) = 0 then 'value'
                when grouping(lifecycle) = 0 then 'lifecycle'
                when grouping(funnel_stage) = 0 then 'funnel'
                else 'total' end as dim,
           coalesce(relationship_type, value_tier, lifecycle, funnel_stage) as value,
           count(*)::int as customers,
           sum(revenue)::text as revenue
    from book
    group by grouping sets ((relationship_type), (value_tier), (lifecycle), (funnel_stage), ())`;
  const total = rows.find((r) => r.dim === 'total');
  return {
    customers: total?.customers ?? 0,
    revenue: Number(total?.revenue ?? 0),
    rows: rows
      .filter((r): r is typeof r & { dim: DistributionDimension; value: string } => r.dim !== 'total' && r.value !== null)
      .map((r) => ({ dimension: r.dim, value: r.value, customers: r.customers, revenue: Number(r.revenue) })),
  };
}

// ---------------------------------------------------------------------------------------------
// Funnel conversion (deal pipeline) and median days per stage

export const PIPELINE_STAGES = DEAL_STEPS;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];
export type FunnelStageRow = {
  stage: PipelineStage;
  /** deals in this stage at some time during the period */
  deals: number;
  /** …of which entered it during the period */
  entered: number;
  /** …of which moved to a later stage (won included) during the period */
  advanced: number;
  /** …of which were lost from this stage during the period */
  lost: number;
  /** median days of the stays in this stage that ended during the period (null: none ended) */
  medianDays: number | null;
  /** stays that ended during the period (the median's sample) */
  ended: number;
};
export type Funnel = { stages: FunnelStageRow[]; won: number; lost: number };

/**
 * The deal pipeline (needs → demo → quote → contract → won) over a period, from
 * deal_stage_changes: each deal's history is cut into stays (a stage from the change that
 * entered it to the next change; the first stay starts at the deal's creation). A stage's
 * conversion is advanced / deals: of the deals that were in it during the period, how many moved
 * on to a later stage (skips count, lost does not) within the period. Days in stage: the median
 * length of the stays that ended within the period.
 *
 * Only deals that moved since the period began need their history, and of it only the changes
 * since then (one range of the index on (org_id, changed_at), which carries the stages) and the
 * last change before (one probe of (org_id, deal_id, changed_at) per moved deal); every other
 * deal has sat in its current stage (deals.stage, which the stage route updates with each
 * change) through the whole period. Each table is read once: each read is one RLS check.
 */
export async function funnelConversion(tx: Tx, p: { orgId: string } & Period): Promise<Funnel> {
  const rows = await tx<{
    stage: string; deals: number; entered: number; advanced: number; lost: number; median_days: number | null; ended: number;
  }[]>`
    with recent as materialized (
      -- every change since the period began: the deals that moved, and their stays from then on
      -- (a window over these alone gives each its next change: all later ones are in it too)
      select c.deal_id, c.id, c.from_stage, c.to_stage, c.changed_at,
             lead(c.changed_at) over w as next_at,
             lead(c.to_stage) over w as next_stage,
             row_number() over w as rn
      from public.deal_stage_changes c
      where c.org_id = ${p.orgId} and c.changed_at >= ${p.from}
      window w as (partition by c.deal_id order by c.changed_at, c.id)
    ),
    first as materialized (
      -- per moved deal: its first change since the period began, and its last change before it
      -- (the stay it was in when the period began), if any — one index probe each
      select f.deal_id, f.from_stage, f.to_stage, f.changed_at, l.to_stage as prev_stage, l.changed_at as prev_at
      from recent f
      left join lateral (
        select c.to_stage, c.changed_at
        from public.deal_stage_changes c
        where c.org_id = ${p.orgId} and c.deal_id = f.deal_id and c.changed_at < ${p.from}
        order by c.changed_at desc, c.id desc
        limit 1
      ) l on true
      where f.rn = 1
    ),
    stays as (
      -- the stay each change since the period began starts
      select deal_id, to_stage as stage, changed_at as started_at, next_at as ended_at, next_stage
      from recent
      union all
      -- the stay a moved deal was in when the period began (earlier stays ended before it)
      select deal_id, prev_stage, prev_at, changed_at, to_stage
      from first
      where prev_at is not null
      union all
      -- a deal that moved with no change before the period: its first stay (creation → first
      -- change); a deal that did not move: its stage all along
      select d.id, case when f.deal_id is null then d.stage else coalesce(f.from_stage, 'needs') end,
             d.created_at, f.changed_at, f.to_stage
      from public.deals d
      left join first f on f.deal_id = d.id
      where d.org_id = ${p.orgId} and d.created_at < ${p.to} and f.prev_at is null
    ),
    in_period as (
      select s.*, (s.ended_at >= ${p.from} and s.ended_at < ${p.to}) as ended_in_period
      from stays s
      where s.stage in ('needs', 'demo', 'quote', 'contract')
        and s.started_at < ${p.to} and (s.ended_at is null or s.ended_at >= ${p.from})
    )
    select stage::text as stage,
           count(distinct deal_id)::int as deals,
           count(distinct deal_id) filter (where started_at >= ${p.from})::int as entered,
           count(distinct deal_id) filter (where ended_in_period and next_stage > stage and next_stage <> 'lost')::int as advanced,
           count(distinct deal_id) filter (where ended_in_period and next_stage = 'lost')::int as lost,
           (percentile_cont(0.5) within group (order by extract(epoch from ended_at - started_at) / 86400)
              filter (where ended_in_period))::float8 as median_days,
           count(*) filter (where ended_in_period)::int as ended
    from in_period
    group by stage
    union all
    -- outcomes in the period
    select 'outcome', count(distinct deal_id) filter (where to_stage = 'won')::int,
           count(distinct deal_id) filter (where to_stage = 'lost')::int, 0, 0, null, 0
    from recent
    where changed_at >= ${p.from} and changed_at < ${p.to} and to_stage in ('won', 'lost')`;
  const byStage = new Map(rows.map((r) => [r.stage, r]));
  const out = byStage.get('outcome');
  return {
    stages: PIPELINE_STAGES.map((stage) => {
      const r = byStage.get(stage);
      return {
        stage,
        deals: r?.deals ?? 0,
        entered: r?.entered ?? 0,
        advanced: r?.advanced ?? 0,
        lost: r?.lost ?? 0,
        medianDays: r?.median_days == null ? null : Math.round(r.median_days * 10) / 10,
        ended: r?.ended ?? 0,
      };
    }),
    won: out?.deals ?? 0,
    lost: out?.entered ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Tag flows: customers whose value of a dimension moved during the period

export const FLOW_DIMENSIONS = ['value', 'lifecycle', 'loyalty', 'relationship', 'funnel'] as const;
export type FlowDimension = (typeof FLOW_DIMENSIONS)[number];
export type FlowMove = { from: string; to: string; customers: number };
export type TagFlows = { moves: FlowMove[]; moved: number; firstClassified: number };

// Per customer, the net move over the period: the value before its first change in the period →
// the value after its last one. A → B → A is no move; a first classification (no value before)
// is counted apart, not as a move.
const netMoves = (tx: Tx, p: { orgId: string; dimension: FlowDimension } & Period) => tx`
  select t.customer_id,
         (array_agg(t.from_value order by t.changed_at, t.id))[1] as from_value,
         (array_agg(t.to_value order by t.changed_at desc, t.id desc))[1] as to_value,
         max(t.changed_at) as changed_at
  from public.tag_changes t
  where t.org_id = ${p.orgId} and t.dimension = ${p.dimension} and t.changed_at >= ${p.from} and t.changed_at < ${p.to}
  group by t.customer_id`;

export async function tagFlows(tx: Tx, p: { orgId: string; dimension: FlowDimension } & Period): Promise<TagFlows> {
  const rows = await tx<{ from_value: string | null; to_value: string | null; customers: number }[]>`
    with net as (${netMoves(tx, p)})
    select from_value, to_value, count(*)::int as customers
    from net
    where from_value is distinct from to_value
    group by from_value, to_value
    order by customers desc, from_value, to_value`;
  const moves = rows.filter((r) => r.from_value !== null && r.to_value !== null);
  return {
    moves: moves.map((r) => ({ from: r.from_value!, to: r.to_value!, customers: r.customers })),
    moved: moves.reduce((n, r) => n + r.customers, 0),
    firstClassified: rows.filter((r) => r.from_value === null).reduce((n, r) => n + r.customers, 0),
  };
}

export type FlowCustomer = { id: string; name: string; company: string | null; owner: string | null; changedAt: Date };

/** The customers behind one move of tagFlows (newest change first). */
export async function flowCustomers(
  tx: Tx,
  p: { orgId: string; dimension: FlowDimension; fromValue: string; toValue: string; limit?: number } & Period,
): Promise<{ total: number; customers: FlowCustomer[] }> {
  const rows = await tx<{ id: string; name: string; company: string | null; owner: string | null; changed_at: Date; total: number }[]>`
    with net as (${netMoves(tx, p)}),
    hit as (
      select n.customer_id, n.changed_at, count(*) over ()::int as total
      from net n
      where n.from_value = ${p.fromValue} and n.to_value = ${p.toValue}
      order by n.changed_at desc, n.customer_id
      limit ${p.limit ?? 100}
    )
    select c.id, c.name, c.company, m.display_name as owner, h.changed_at, h.total
    from hit h
    join public.customers c on c.id = h.customer_id
    left join public.members m on m.org_id = c.org_id and m.user_id = c.owner_id
    order by h.changed_at desc, c.id`;
  return {
    total: rows[0]?.total ?? 0,
    customers: rows.map((r) => ({ id: r.id, name: r.name, company: r.company, owner: r.owner, changedAt: r.changed_at })),
  };
}

// ---------------------------------------------------------------------------------------------
// At-risk customers by revenue at stake

export type AtRiskCustomer = {
  id: string;
  name: string;
  company: string | null;
  owner: string | null;
  churnRisk: number;
  relationshipType: string;
  valueTier: string;
  revenueAtStake: number;
};
export type AtRisk = { total: number; revenueAtStake: number; customers: AtRiskCustomer[] };

/**
 * Customers the engine marks 潜在流失 (loyalty = at_risk), sorted by revenue at stake: what they
 * bought in the 12 months before `to` — what the business loses in a year if they go.
 */
export async function atRiskCustomers(tx: Tx, p: { orgId: string; to: Date; limit?: number }): Promise<AtRisk> {
  const rows = await tx<(Omit<AtRiskCustomer, 'revenueAtStake' | 'churnRisk' | 'relationshipType' | 'valueTier'> & {
    churn_risk: number; relationship_type: string; value_tier: string; revenue: string; total: number; total_revenue: string;
  })[]>`
    with risk as (
      select p.customer_id, p.churn_risk, p.relationship_type, p.value_tier
      from public.customer_profiles p
      where p.org_id = ${p.orgId} and p.loyalty = 'at_risk' and not exists (${merged(tx, p.orgId)})
    ),
    rev as (
      select o.customer_id, sum(o.amount) as revenue
      from public.orders o
      where o.org_id = ${p.orgId} and o.ordered_at > ${p.to}::timestamptz - interval '365 days' and o.ordered_at <= ${p.to}
        and o.customer_id in (select customer_id from risk)
      group by o.customer_id
    ),
    ranked as (
      select r.*, coalesce(v.revenue, 0) as revenue,
             count(*) over ()::int as total, sum(coalesce(v.revenue, 0)) over () as total_revenue
      from risk r left join rev v on v.customer_id = r.customer_id
      order by revenue desc, r.churn_risk desc, r.customer_id
      limit ${p.limit ?? 20}
    )
    select c.id, c.name, c.company, m.display_name as owner, r.churn_risk, r.relationship_type, r.value_tier,
           r.revenue::text as revenue, r.total, r.total_revenue::text as total_revenue
    from ranked r
    join public.customers c on c.id = r.customer_id
    left join public.members m on m.org_id = c.org_id and m.user_id = c.owner_id
    order by r.revenue desc, r.churn_risk desc, r.customer_id`;
  return {
    total: rows[0]?.total ?? 0,
    revenueAtStake: Number(rows[0]?.total_revenue ?? 0),
    customers: rows.map((r) => ({
      id: r.id, name: r.name, company: r.company, owner: r.owner, churnRisk: r.churn_risk,
      relationshipType: r.relationship_type, valueTier: r.value_tier, revenueAtStake: Number(r.revenue),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Reminder completion per rep: the team tab's definition (lib/db/queries/team.ts), one window.

export { completionByRep as reminderCompletion, type RepCompletion } from './team.ts';

// ---------------------------------------------------------------------------------------------
// Surveys: response rate and NPS by relationship type

/** `sent` = answered + expired unanswered (the engine's surveys_sent); `pending` = still open, counted toward neither. */
export type SurveyRow = { type: string | null; sent: number; answered: number; pending: number; promoters: number; detractors: number };

/**
 * Surveys sent during the period, by the customer's current relationship type (null = the
 * total), as of now: answered (so far), expired unanswered, or pending (still open). `sent` =
 * answered + expired, the engine's rule (docs/engine.md, seed 000 一、5), so the response rate
 * answered / sent matches it. Of the answers, promoters (NPS 9–10) and detractors (0–6):
 * NPS = (promoters − detractors) / answered × 100.
 */
export async function surveysByType(tx: Tx, p: { orgId: string } & Period): Promise<SurveyRow[]> {
  const rows = await tx<(SurveyRow & { is_total: boolean })[]>`
    select coalesce(pr.relationship_type, 'undetermined') as type, grouping(coalesce(pr.relationship_type, 'undetermined')) = 1 as is_total,
           count(*) filter (where sr.id is not null or s.expires_at <= now())::int as sent,
           count(sr.id)::int as answered,
           count(*) filter (where sr.id is null and s.expires_at > now())::int as pending,
           count(*) filter (where sr.nps >= 9)::int as promoters,
           count(*) filter (where sr.nps <= 6)::int as detractors
    from public.surveys s
    left join public.survey_responses sr on sr.survey_id = s.id
    left join public.customer_profiles pr on pr.customer_id = s.customer_id
    where s.org_id = ${p.orgId} and s.created_at >= ${p.from} and s.created_at < ${p.to}
    group by grouping sets ((coalesce(pr.relationship_type, 'undetermined')), ())`;
  return rows.map(({ is_total, ...r }) => ({ ...r, type: is_total ? null : r.type }));
}

export const nps = (r: Pick<SurveyRow, 'answered' | 'promoters' | 'detractors'>) =>
  r.answered ? Math.round(((r.promoters - r.detractors) / r.answered) * 1000) / 10 : null;
