// Orders: what a customer bought. Value tier, lifecycle, loyalty and needs are all computed from
// these rows, so an order is written once even when the sheet's save is pressed twice: the id is
// made by the client and a second insert with it does nothing.
import type { Tx } from '../with-rls.ts';
import type { OrderInput } from '../../validation/order.ts';

/**
 * Stores the order unless a row with its id exists; the org comes from the caller's membership
 * (RLS checks it, and that the customer is theirs, again). Throws 42501 for a customer the caller
 * may not see.
 */
export async function insertOrder(tx: Tx, input: OrderInput & { id: string }): Promise<{ inserted: boolean }> {
  const rows = await tx`
    insert into public.orders (id, org_id, customer_id, amount, kind, discount_used, premium, ordered_at)
    select ${input.id}, m.org_id, ${input.customer_id}, ${input.amount}, ${input.kind}, ${input.discount_used},
           ${input.premium}, ${input.ordered_at}
    from public.members m where m.user_id = (select auth.uid())
    on conflict (id) do nothing
    returning id`;
  return { inserted: rows.length === 1 };
}

/** The stored order with this id, if the caller may see it: tells a retry from an id clash. */
export async function findOrder(tx: Tx, id: string): Promise<{ id: string; customer_id: string } | null> {
  const [row] = await tx<{ id: string; customer_id: string }[]>`select id, customer_id from public.orders where id = ${id}`;
  return row ?? null;
}
