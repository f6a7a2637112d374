// A rep's own tags on a customer (customer_tags kind 'manual'). RLS lets members insert and
// delete manual tags only, on customers they see; a trigger records each add/remove in
// tag_changes (migration …_manual_tag_history) so it shows on the customer's timeline.
import type { Tx } from '../with-rls.ts';

export type AddTagResult = 'added' | 'exists' | 'taken';

/**
 * 'added'; 'exists' when this manual tag is already there; 'taken' when a computed tag has that
 * very key (e.g. "orders"). Throws 42501 for a customer the caller may not see.
 */
export async function addManualTag(tx: Tx, params: { customerId: string; tag: string }): Promise<AddTagResult> {
  const rows = await tx`
    insert into public.customer_tags (org_id, customer_id, tag, kind, created_by)
    select m.org_id, ${params.customerId}, ${params.tag}, 'manual', m.user_id
    from public.members m where m.user_id = (select auth.uid())
    on conflict (org_id, customer_id, tag) do nothing
    returning tag`;
  if (rows.length === 1) return 'added';
  const [existing] = await tx<{ kind: string }[]>`
    select kind from public.customer_tags where customer_id = ${params.customerId} and tag = ${params.tag}`;
  if (!existing) throw new Error('addManualTag: nothing stored and nothing there (customer not visible?)');
  return existing.kind === 'manual' ? 'exists' : 'taken';
}

/** Whether a manual tag was removed. Computed tags are never removed (RLS would not let it anyway). */
export async function removeManualTag(tx: Tx, params: { customerId: string; tag: string }): Promise<boolean> {
  const rows = await tx`
    delete from public.customer_tags
    where customer_id = ${params.customerId} and tag = ${params.tag} and kind = 'manual'
    returning tag`;
  return rows.length === 1;
}

/** Whether the caller may see (and so tag) this customer. */
export async function customerVisible(tx: Tx, customerId: string): Promise<boolean> {
  const [row] = await tx`select 1 from public.customers where id = ${customerId} and merged_into is null`;
  return Boolean(row);
}
