// Recompute, step 2 of 4 — read: the org (rules, timezone, as_of as the database reads it), the
// stored hashes of the customers in the run, and the features — one compact record text per
// customer (private.customer_features_compact(_rows), decoded in features-compact.ts). For a whole
// org the features stream, so each batch is classified while the database is still aggregating.
// Whole org and a subset use different statement texts, so neither inherits a cached plan made
// for the other.
import type { Sql } from 'npm:postgres@^3.4.9';
import type { Stored } from './recompute-diff.ts';
import type { OrgRow } from './recompute-plan.ts';

/** The org's rules, timezone and the as_of in ms (null: no such org). */
export async function readOrg(sql: Sql, org: string, asOf: string): Promise<OrgRow | undefined> {
  const [row] = await sql<OrgRow[]>`
    select coalesce(r.rules, '{}'::jsonb) as rules, o.settings ->> 'timezone' as timezone,
           floor(extract(epoch from ${asOf}::timestamptz) * 1000)::float8 as as_of_ms
    from public.orgs o left join public.classification_rules r on r.org_id = o.id where o.id = ${org}`;
  return row;
}

/** What is stored for the run's customers (`ids` null: the whole org): hash, dimensions, next review. */
export async function readStored(sql: Sql, org: string, ids: string[] | null): Promise<Map<string, Stored>> {
  const rows = await (ids === null
    ? sql<Stored[]>`
        select customer_id, state_hash, relationship_type, funnel_stage, value_tier, lifecycle, loyalty, needs,
               floor(extract(epoch from next_review_at) * 1000)::float8 as next_ms
        from public.customer_profiles where org_id = ${org}`
    : sql<Stored[]>`
        select customer_id, state_hash, relationship_type, funnel_stage, value_tier, lifecycle, loyalty, needs,
               floor(extract(epoch from next_review_at) * 1000)::float8 as next_ms
        from public.customer_profiles where org_id = ${org} and customer_id = any (${ids}::uuid[])`);
  return new Map(rows.map((r) => [r.customer_id, r]));
}

/** Calls `onRow` with each customer's compact feature row (`ids` null: the whole org, streamed). */
export async function streamFeatures(sql: Sql, org: string, ids: string[] | null, asOf: string, onRow: (row: { f: string }) => void): Promise<void> {
  if (ids === null)
    // The inlinable form, so rows stream out while the interactions are still being aggregated
    // and the engine works on them meanwhile (another core). For this transaction only: sorts
    // and hashes in memory, and merge joins on customer_id — the parts arrive in customer order
    // anyway, and a merge join emits its first row after ~0.7 s where hash joins first build
    // every other part (~1.5 s on 100k customers; same total).
    await sql.begin(async (tx) => {
      await tx`set local work_mem = '64MB'`;
      await tx`set local enable_hashjoin = off`;
      await tx<{ f: string }[]>`
        select f from private.customer_features_compact_rows(${org}::uuid, null, ${asOf}::timestamptz) f`.forEach(onRow);
    });
  else
    await sql<{ f: string }[]>`
      select f from private.customer_features_compact(${org}::uuid, ${ids}::uuid[], ${asOf}::timestamptz) f`.forEach(onRow);
}
