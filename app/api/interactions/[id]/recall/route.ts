// POST /api/interactions/[id]/recall — 撤回: the author takes a log back within 2 minutes of saving
// it, as WeChat recalls a message. The row goes; a trace stays for the timeline ("你撤回了一条记录")
// and the id can't be stored again (an outbox replay of it stores nothing). The window is the
// database's (RLS delete policy, migration 20261206007300). The customer is recomputed, as after a log.
// 200 {id, recalled: true}; 403 not the author / past 2 minutes; 404 no such log the caller sees.
import { after, NextResponse } from 'next/server';
import { z } from 'zod';
import { recallInteraction } from '@/lib/db/queries/interactions.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';
import { memberRoute } from '@/lib/http/route.ts';
import { InteractionRecall, type RecallInteractionResponse } from '@/lib/validation/interaction.ts';
import { refusal } from '../_lib.ts';

export const POST = memberRoute<typeof InteractionRecall, { id: string }>(
  { body: InteractionRecall, maxBytes: 1024, name: 'POST /api/interactions/[id]/recall' },
  async ({ claims, member, params }) => {
    const id = z.uuid().safeParse(params.id);
    if (!id.success) return refusal('not_found', 'recall');
    const result = await withRls(claims, (tx) => recallInteraction(tx, id.data));
    if (!result.ok) return refusal(result.why, 'recall');
    after(() => recomputeSoon(member.org_id, [result.customer_id]));
    const answer: RecallInteractionResponse = { id: id.data, recalled: true };
    return NextResponse.json(answer, { headers: { 'cache-control': 'no-store' } });
  },
);
