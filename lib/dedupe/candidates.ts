// Duplicate candidates among the customers the caller sees (run inside withRls): pairs that share a
// normalised phone, e-mail or name + company (keys: lib/dedupe/normalise.ts and their SQL twins).
// Each key is an equi-join on the expression indexes of migration 20261125000500; a key shared by
// more than MAX_GROUP customers (a switchboard number, a shared mailbox) is not evidence of
// anything and is skipped rather than listed as n² pairs. A pair someone marked "not duplicates"
// (duplicate_dismissals, migration 20261125001000) is never listed again.
import type { Tx } from '../db/with-rls.ts';
import type { DedupeReason } from './normalise.ts';

export type CandidateSide = {
  id: string;
  name: string;
  company: string | null;
  phone: string | null;
  email: string | null;
  owner_name: string | null;
  created_at: Date;
  interactions: number;
  orders: number;
  /** the latest interaction, if any: what tells two same-named customers apart in the merge prompt */
  last_contact: Date | null;
};
export type CandidatePair = { a: CandidateSide; b: CandidateSide; reasons: DedupeReason[] };

const MAX_GROUP = 20;

/**
 * Up to `limit` pairs, the strongest first (more shared keys). `onlyIds` limits
 * the pairs to those involving these customers (the rows an import just wrote).
 */
export async function findDuplicateCandidates(
  tx: Tx,
  params: { orgId: string; limit?: number; onlyIds?: string[] },
): Promise<CandidatePair[]> {
  const limit = Math.min(Math.max(params.limit ?? 50, 1), 200);
  const only = params.onlyIds ?? null;
  const rows = await tx<{ a: string; b: string; reasons: DedupeReason[] }[]>`
    with keyed_all as (
      select c.id, 'phone' as why, private.dedupe_phone(c.phone) as k
        from public.customers c where c.org_id = ${params.orgId} and c.merged_into is null and c.phone is not null
      union all
      select c.id, 'email', private.dedupe_email(c.email)
        from public.customers c where c.org_id = ${params.orgId} and c.merged_into is null and c.email is not null
      union all
      select c.id, 'name_company', private.dedupe_text(c.name) || chr(9247) || private.dedupe_text(c.company)
        from public.customers c where c.org_id = ${params.orgId} and c.merged_into is null and c.company is not null
    ), grouped as (
      -- One aggregation per key, pairs made inside each (small) group: no self-join whose plan
      -- depends on row estimates. The import calls this in the transaction that has just written
      -- the rows, before any ANALYZE, and on PostgreSQL 15 the self-join it used to be then ran as
      -- a nested loop (minutes at 50k rows; scripts/bench/dedupe.ts). "Is one of onlyIds" is
      -- = any(array): a hashed lookup, not a subplan per row.
      select ka.why, array_agg(ka.id order by ka.id) as ids,
             ${only ? tx`array_agg(ka.id) filter (where ka.id = any(${only}::uuid[]))` : tx`null::uuid[]`} as mine
        from keyed_all ka
       where ka.k is not null
       group by ka.why, ka.k
      having count(*) between 2 and ${MAX_GROUP}
    ), pairs as (
      select x as a, y as b, g.why
        from grouped g, unnest(g.ids) x, unnest(g.ids) y
       where x < y ${only ? tx`and g.mine is not null and (x = any(g.mine) or y = any(g.mine))` : tx``}
    )
    select a, b, array_agg(distinct why order by why) as reasons
      from pairs
     where not exists (select 1 from public.duplicate_dismissals d
                        where d.org_id = ${params.orgId} and d.customer_a = pairs.a and d.customer_b = pairs.b)
     group by a, b
     order by count(distinct why) desc, greatest(a, b) desc
     limit ${limit}`;
  if (!rows.length) return [];
  const ids = [...new Set(rows.flatMap((r) => [r.a, r.b]))];
  const sides = await tx<CandidateSide[]>`
    select c.id, c.name, c.company, c.phone, c.email, m.display_name as owner_name, c.created_at,
           (select count(*)::int from public.interactions i where i.org_id = c.org_id and i.customer_id = c.id) as interactions,
           (select count(*)::int from public.orders o where o.org_id = c.org_id and o.customer_id = c.id) as orders,
           (select max(i.occurred_at) from public.interactions i where i.org_id = c.org_id and i.customer_id = c.id) as last_contact
      from public.customers c
      left join public.members m on m.org_id = c.org_id and m.user_id = c.owner_id
     where c.org_id = ${params.orgId} and c.id = any(${ids}::uuid[])`;
  const byId = new Map(sides.map((s) => [s.id, s]));
  return rows.flatMap((r) => {
    const a = byId.get(r.a);
    const b = byId.get(r.b);
    return a && b ? [{ a, b, reasons: r.reasons }] : [];
  });
}

/**
 * "These two are not duplicates": hides the pair from the review for good, for everyone in the
 * org. Managers and admins who see both customers only (RLS; anyone else gets 42501). Saying it
 * twice is fine. Returns false when the two ids are the same customer.
 */
export async function dismissDuplicatePair(tx: Tx, params: { orgId: string; aId: string; bId: string }): Promise<boolean> {
  if (params.aId.toLowerCase() === params.bId.toLowerCase()) return false;
  // stored in the candidate query's order (least, greatest), whichever side was tapped
  await tx`
    insert into public.duplicate_dismissals (org_id, customer_a, customer_b, dismissed_by)
    values (${params.orgId}, least(${params.aId}::uuid, ${params.bId}::uuid), greatest(${params.aId}::uuid, ${params.bId}::uuid),
            (select auth.uid()))
    on conflict do nothing`;
  return true;
}
