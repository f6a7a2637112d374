// POST /api/orders — add an order for a customer (idempotent by id)
// 201 {id, inserted: true} stored, 200 {id, inserted: false} this id was already stored for the
// same customer (a retry); then the customer's tags are recomputed after the response — an order
// moves value tier, lifecycle, loyalty and needs. Problems: 400 bad input (zh/en per field),
// 401 signed out, 403 not your customer, 409 id clash.
import { randomUUID } from 'node:crypto';
import { after, NextResponse } from 'next/server';
import { findOrder, insertOrder } from '@/lib/db/queries/orders.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';
import { bilingual, problem } from '@/lib/http/problem.ts';
import { memberRoute, pgErrorCode } from '@/lib/http/route.ts';
import { type AddOrderResponse, OrderInput } from '@/lib/validation/order.ts';

export const POST = memberRoute(
  { body: OrderInput, maxBytes: 4 * 1024, name: 'POST /api/orders', fields: 'order' },
  async ({ claims, member, body }) => {
    const input = { ...body, id: body.id ?? randomUUID() };
    let result: { inserted: boolean; clash: boolean };
    try {
      result = await withRls(claims, async (tx) => {
        const { inserted } = await insertOrder(tx, input);
        if (inserted) return { inserted, clash: false };
        const stored = await findOrder(tx, input.id);
        return { inserted, clash: stored?.customer_id !== input.customer_id };
      });
    } catch (err) {
      // Not theirs, reassigned away, or no such customer: RLS can't tell these apart, nor do we.
      if (pgErrorCode(err) === '42501') return problem(403, 'forbidden', bilingual('orders.forbidden'));
      throw err;
    }
    if (result.clash) return problem(409, 'id_conflict', bilingual('orders.id_conflict'));

    if (result.inserted) after(() => recomputeSoon(member.org_id, [input.customer_id]));
    const answer: AddOrderResponse = { id: input.id, inserted: result.inserted };
    return NextResponse.json(answer, { status: result.inserted ? 201 : 200, headers: { 'cache-control': 'no-store' } });
  },
);
