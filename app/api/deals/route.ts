// POST /api/deals — open a deal for a customer in its first stage (idempotent by id)
// The first stage is recorded as a stage change (from nothing), so the sales cycle the engine
// measures starts now. 201 {id, inserted: true}, 200 when this id was already stored for the same
// customer; tags are recomputed after the response. Problems: 400 bad input, 401, 403 not your
// customer, 409 id clash.
import { randomUUID } from 'node:crypto';
import { after, NextResponse } from 'next/server';
import { findDeal, insertDeal } from '@/lib/db/queries/deals.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';
import { bilingual, problem } from '@/lib/http/problem.ts';
import { memberRoute, pgErrorCode } from '@/lib/http/route.ts';
import { DealInput, type OpenDealResponse } from '@/lib/validation/deal.ts';

export const POST = memberRoute({ body: DealInput, maxBytes: 4 * 1024, name: 'POST /api/deals' }, async ({ claims, member, body }) => {
  const input = { ...body, id: body.id ?? randomUUID() };
  let result: { inserted: boolean; clash: boolean };
  try {
    result = await withRls(claims, async (tx) => {
      const { inserted } = await insertDeal(tx, input);
      if (inserted) return { inserted, clash: false };
      const stored = await findDeal(tx, input.id);
      return { inserted, clash: stored?.customer_id !== input.customer_id };
    });
  } catch (err) {
    if (pgErrorCode(err) === '42501') return problem(403, 'forbidden', bilingual('deals.create_forbidden'));
    throw err;
  }
  if (result.clash) return problem(409, 'id_conflict', bilingual('deals.id_conflict'));

  if (result.inserted) after(() => recomputeSoon(member.org_id, [input.customer_id]));
  const answer: OpenDealResponse = { id: input.id, inserted: result.inserted };
  return NextResponse.json(answer, { status: result.inserted ? 201 : 200, headers: { 'cache-control': 'no-store' } });
});
