// Customer profiles: the engine's current answer per customer, with tags and reasons.
import type { Tx } from '../with-rls.ts';

export type ProfileExportRow = {
  external_id: string | null;
  name: string;
  relationship_type: string | null;
  relationship_secondary: string | null;
  funnel_stage: string | null;
  value_tier: string | null;
  lifecycle: string | null;
  loyalty: string | null;
  churn_risk: number | null;
  needs: string | null;
  tags: string[];
  reasons: Record<string, { rule: string; params?: Record<string, string | number>; zh: string; en: string }[]> | null;
};

/**
 * Every customer of the org with its profile (customers not yet computed have empty columns).
 * Works in a service transaction (CLI) and inside withRls (then: what the caller may see).
 */
export function profilesForExport(tx: Tx, orgId: string): Promise<ProfileExportRow[]> {
  return tx<ProfileExportRow[]>`
    select c.external_id, c.name, p.relationship_type, p.relationship_secondary, p.funnel_stage, p.value_tier,
           p.lifecycle, p.loyalty, p.churn_risk::float8 as churn_risk, p.needs, p.reasons,
           coalesce((select array_agg(coalesce(t.label_zh, t.tag) order by t.kind, t.tag)
                       from public.customer_tags t where t.org_id = c.org_id and t.customer_id = c.id), '{}') as tags
    from public.customers c
    left join public.customer_profiles p on p.customer_id = c.id
    where c.org_id = ${orgId} and c.merged_into is null
    order by c.external_id nulls last, c.name`;
}

/**
 * When the customer's profile was last written, or null before the first recompute; undefined when
 * the caller may not see the customer. The customer page polls it after a log to know when the new
 * tags have landed.
 */
export async function getProfileStamp(tx: Tx, customerId: string): Promise<{ computed_at: Date | null } | undefined> {
  const [row] = await tx<{ computed_at: Date | null }[]>`
    select p.computed_at
    from public.customers c
    left join public.customer_profiles p on p.org_id = c.org_id and p.customer_id = c.id
    where c.id = ${customerId} and c.merged_into is null`;
  return row;
}
