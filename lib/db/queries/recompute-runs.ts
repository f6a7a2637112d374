// The last whole-org recompute, for the admin's Me tab: when it finished, how many customers it
// covered and how many profiles it rewrote (issue 12: the nightly run is incremental — a few
// percent of the org — and an admin should see that it ran). recompute_runs is readable by the
// org's admins only (RLS); anyone else gets null.
import type { Tx } from '../with-rls.ts';

export type LastOrgRun = { finished_at: Date; customers: number | null; changed: number | null; error: string | null };

export async function lastOrgRun(tx: Tx, params: { orgId: string }): Promise<LastOrgRun | null> {
  const [row] = await tx<LastOrgRun[]>`
    select finished_at, customers, changed, error from public.recompute_runs
    where org_id = ${params.orgId} and scope = 'org' and finished_at is not null
    order by started_at desc limit 1`;
  return row ?? null;
}
