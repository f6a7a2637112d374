// Relationship types set by hand (public.type_labels, written by a trigger when a member adds a
// manual tag naming a type — migration 20261206008100_type_labels.sql), read for the agreement
// report of `npm run eval:classify -- --org <slug>`. Works in a service transaction (CLI) and
// inside withRls (then: the labels of the customers the caller may see).
import type { Tx } from '../with-rls.ts';

export type StandingLabel = {
  customer_id: string;
  label: 'autonomous' | 'dependent' | 'loyal';
  /** what the engine said when the label was set (null: not classified yet) */
  engine_type: string | null;
  /** what the engine says now (null: no profile) */
  now_type: string | null;
  labelled_role: 'rep' | 'manager' | 'admin';
  by_owner: boolean;
  labelled_at: Date;
};

/**
 * The latest label still standing (its tag not removed) per customer. A label on a customer that
 * was merged into another counts for the customer it was merged into, compared with that one's profile.
 */
export function standingTypeLabels(tx: Tx, params: { orgId: string }): Promise<StandingLabel[]> {
  return tx<StandingLabel[]>`
    select distinct on (k.id) k.id as customer_id, l.label, l.engine_type, p.relationship_type as now_type,
           l.labelled_role::text as labelled_role, l.labelled_by = k.owner_id as by_owner, l.labelled_at
      from public.type_labels l
      join public.customers c on c.org_id = l.org_id and c.id = l.customer_id
      join public.customers k on k.org_id = c.org_id and k.id = coalesce(c.merged_into, c.id)
      left join public.customer_profiles p on p.customer_id = k.id
     where l.org_id = ${params.orgId} and l.retracted_at is null
     order by k.id, l.labelled_at desc, l.id desc`;
}
