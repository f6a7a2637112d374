// Merging duplicate customers (run inside withRls). The work is done by the security-definer
// functions of migration 20261125000500 — one statement each, so a merge or an undo is all or
// nothing inside the caller's transaction — which check that the caller is a manager/admin who
// sees both customers. Those refusals come back as MergeRefused with a stable code.
import type { DedupeReason } from '../../dedupe/normalise.ts';
import type { Tx } from '../with-rls.ts';

export const MERGE_REFUSALS = [
  'merge_forbidden',
  'merge_same',
  'merge_not_found',
  'merge_already_merged',
  'merge_already_undone',
  'merge_undo_expired',
  'merge_undo_blocked',
] as const;
export type MergeRefusal = (typeof MERGE_REFUSALS)[number];

export class MergeRefused extends Error {
  constructor(readonly code: MergeRefusal) {
    super(code);
  }
}

function refusal(err: unknown): never {
  const message = (err as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && (MERGE_REFUSALS as readonly string[]).includes(message)) throw new MergeRefused(message as MergeRefusal);
  throw err;
}

/** Keeps `keepId`, folds `dropId` into it; returns the merge id (for undo). */
export async function mergeCustomers(tx: Tx, p: { keepId: string; dropId: string; reasons?: DedupeReason[] }): Promise<string> {
  try {
    const [row] = await tx<{ id: string }[]>`select private.merge_customers(${p.keepId}, ${p.dropId}, ${p.reasons ?? []}::text[]) as id`;
    return row!.id;
  } catch (err) {
    return refusal(err);
  }
}

/** Undoes a merge of the last 24 hours; returns both customers' ids (to recompute). */
export async function undoMerge(tx: Tx, p: { mergeId: string }): Promise<{ keptId: string; mergedId: string }> {
  try {
    await tx`select private.undo_merge(${p.mergeId})`;
  } catch (err) {
    return refusal(err);
  }
  const [m] = await tx<{ kept_id: string; merged_id: string }[]>`
    select kept_id, merged_id from public.customer_merges where id = ${p.mergeId}`;
  return { keptId: m!.kept_id, mergedId: m!.merged_id };
}

export type MergeListItem = {
  id: string;
  kept_id: string;
  kept_name: string;
  merged_name: string;
  reasons: DedupeReason[];
  merged_by_name: string | null;
  merged_at: Date;
  undone_at: Date | null;
  /** Still undoable: not undone and less than 24 h old. */
  can_undo: boolean;
};

/** The caller's visible merges of the last 7 days, newest first. */
export function listRecentMerges(tx: Tx, p: { orgId: string; limit?: number }): Promise<MergeListItem[]> {
  return tx<MergeListItem[]>`
    select m.id, m.kept_id, k.name as kept_name, d.name as merged_name, m.reasons, b.display_name as merged_by_name,
           m.merged_at, m.undone_at,
           (m.undone_at is null and m.merged_at > now() - interval '24 hours' and k.merged_into is null) as can_undo
      from public.customer_merges m
      join public.customers k on k.org_id = m.org_id and k.id = m.kept_id
      join public.customers d on d.org_id = m.org_id and d.id = m.merged_id
      left join public.members b on b.org_id = m.org_id and b.user_id = m.merged_by
     where m.org_id = ${p.orgId} and m.merged_at > now() - interval '7 days'
     order by m.merged_at desc
     limit ${p.limit ?? 20}`;
}
