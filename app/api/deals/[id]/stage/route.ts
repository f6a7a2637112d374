// POST /api/deals/[id]/stage — move a deal to another stage: forwards, to won/lost, or back
// (quote → needs is allowed: seed 000 reads it as a sign of a dependent customer). deals.stage and
// the deal_stage_changes row are written in one transaction. 200 {deal_id, from_stage, to_stage,
// changed, step_back}; moving to the stage it is in changes nothing. Tags are recomputed after the
// response. Problems: 400 bad input, 401, 403 a deal the caller can't see (or none), 404 not an id.
import { after, NextResponse } from 'next/server';
import { z } from 'zod';
import { changeDealStage } from '@/lib/db/queries/deals.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';
import { bilingual, problem } from '@/lib/http/problem.ts';
import { memberRoute, pgErrorCode } from '@/lib/http/route.ts';
import { StageChangeInput, type StageChangeResponse } from '@/lib/validation/deal.ts';

export const POST = memberRoute<typeof StageChangeInput, { id: string }>(
  { body: StageChangeInput, maxBytes: 1024, name: 'POST /api/deals/[id]/stage' },
  async ({ claims, member, body, params }) => {
    const id = z.uuid().safeParse(params.id);
    if (!id.success) return problem(404, 'not_found', bilingual('not_found'));
    let change;
    try {
      change = await withRls(claims, (tx) => changeDealStage(tx, { dealId: id.data, to: body.to_stage }));
    } catch (err) {
      if (pgErrorCode(err) === '42501') return problem(403, 'forbidden', bilingual('deals.forbidden'));
      throw err;
    }
    // Not there, or not the caller's to see — the same answer, so nobody learns which.
    if (!change) return problem(403, 'forbidden', bilingual('deals.forbidden'));

    if (change.changed) after(() => recomputeSoon(member.org_id, [change.customerId]));
    const answer: StageChangeResponse = {
      deal_id: change.dealId,
      from_stage: change.from,
      to_stage: change.to,
      changed: change.changed,
      step_back: change.stepBack,
    };
    return NextResponse.json(answer, { headers: { 'cache-control': 'no-store' } });
  },
);
