// One customer's page: the customer, its current profile (chips + reasons), its tags, and the
// history of tag changes. Run inside withRls — a customer the caller may not see is simply absent.
import type { CustomerKind } from '../../domain/vocabulary.ts';
import type { Reason } from '../../engine/index.ts';
import type { Tx } from '../with-rls.ts';

export type CustomerDetail = {
  id: string;
  org_id: string;
  owner_id: string;
  owner_name: string | null;
  name: string;
  kind: CustomerKind;
  company: string | null;
  industry: string | null;
  region: string | null;
  phone: string | null;
  email: string | null;
  wechat: string | null;
  /** the org's time zone (orgs.settings.timezone): reasons count "N 天" in it when shown */
  timezone: string;
  profile: {
    relationship_type: string;
    relationship_secondary: string | null;
    funnel_stage: string | null;
    value_tier: string;
    lifecycle: string;
    loyalty: string;
    churn_risk: number;
    needs: string | null;
    priority: number;
    reasons: Record<string, Reason[]>;
    computed_at: Date;
  } | null;
  tags: { tag: string; kind: 'fact' | 'model' | 'manual'; label_zh: string | null; label_en: string | null; reasons: Reason[] }[];
};

export async function getCustomerDetail(tx: Tx, customerId: string): Promise<CustomerDetail | null> {
  const [row] = await tx<CustomerDetail[]>`
    select c.id, c.org_id, c.owner_id, m.display_name as owner_name, c.name, c.kind, c.company, c.industry, c.region,
           c.phone, c.email, c.wechat,
           (select coalesce(nullif(o.settings ->> 'timezone', ''), 'Asia/Shanghai') from public.orgs o where o.id = c.org_id) as timezone,
           case when p.customer_id is null then null else jsonb_build_object(
             'relationship_type', p.relationship_type, 'relationship_secondary', p.relationship_secondary,
             'funnel_stage', p.funnel_stage, 'value_tier', p.value_tier, 'lifecycle', p.lifecycle, 'loyalty', p.loyalty,
             'churn_risk', p.churn_risk, 'needs', p.needs, 'priority', p.priority, 'reasons', p.reasons,
             'computed_at', p.computed_at) end as profile,
           coalesce((select jsonb_agg(jsonb_build_object('tag', t.tag, 'kind', t.kind, 'label_zh', t.label_zh,
                                                         'label_en', t.label_en, 'reasons', t.reasons) order by t.kind, t.tag)
                       from public.customer_tags t where t.org_id = c.org_id and t.customer_id = c.id), '[]') as tags
    from public.customers c
    left join public.members m on m.org_id = c.org_id and m.user_id = c.owner_id
    left join public.customer_profiles p on p.org_id = c.org_id and p.customer_id = c.id
    where c.id = ${customerId} and c.merged_into is null`;
  if (!row) return null;
  if (row.profile) row.profile.computed_at = new Date(row.profile.computed_at);
  return row;
}

/**
 * Where a merged duplicate's old URL should go: the customer it was merged into (following a
 * chain of merges), if the caller can see both under RLS; null when `customerId` is not a merged
 * duplicate the caller sees, or the kept customer is not theirs to see.
 */
export async function mergedTarget(tx: Tx, customerId: string): Promise<string | null> {
  const [row] = await tx<{ id: string }[]>`
    with recursive chain as (
      select c.id, c.merged_into, 0 as depth from public.customers c where c.id = ${customerId} and c.merged_into is not null
      union all
      select c.id, c.merged_into, chain.depth + 1 from public.customers c join chain on c.id = chain.merged_into
       where chain.depth < 20
    )
    select id from chain where merged_into is null limit 1`;
  return row?.id ?? null;
}

export type TagChange = { id: number; dimension: string; from_value: string | null; to_value: string | null; reasons: Reason[]; changed_at: Date };

/** The history of one dimension (or all), newest first: "moved from normal to high value, because …". */
export function listTagChanges(tx: Tx, params: { customerId: string; dimension?: string; limit?: number }): Promise<TagChange[]> {
  return tx<TagChange[]>`
    select id, dimension, from_value, to_value, reasons, changed_at
    from public.tag_changes
    where customer_id = ${params.customerId} ${params.dimension ? tx`and dimension = ${params.dimension}` : tx``}
    order by changed_at desc, id desc
    limit ${params.limit ?? 50}`;
}

/**
 * The latest `perDimension` changes of every dimension, newest first — the customer page loads
 * them once so any chip's sheet opens without another round trip, and a dimension that changes
 * nightly (lifecycle) can't push the others' history out of a plain LIMIT.
 */
export function listRecentTagChanges(tx: Tx, params: { orgId: string; customerId: string; perDimension?: number }): Promise<TagChange[]> {
  return tx<TagChange[]>`
    select id, dimension, from_value, to_value, reasons, changed_at
    from (select t.*, row_number() over (partition by t.dimension order by t.changed_at desc, t.id desc) as n
            from public.tag_changes t
           where t.org_id = ${params.orgId} and t.customer_id = ${params.customerId}) x
    where n <= ${params.perDimension ?? 10}
    order by changed_at desc, id desc`;
}
