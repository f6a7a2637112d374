// POST /api/interactions/[id]/edit — the author corrects a log within 24 hours of saving it: what
// the log sheet edits (kind, observations, mood, note, next step, follow-up day). The change is kept
// in interaction_edits (before/after), which the author's manager can read; the window is the
// database's (RLS update policy, migration 20261206007300). The customer is recomputed, as after a log.
// 200 {id, changed}; 400 bad body (empty log, past follow-up day); 403 not the author / past 24 h;
// 404 no such log the caller sees.
import { after, NextResponse } from 'next/server';
import { z } from 'zod';
import { editInteraction, followUpBeforeLogDay } from '@/lib/db/queries/interactions.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';
import { bilingual, problem } from '@/lib/http/problem.ts';
import { memberRoute } from '@/lib/http/route.ts';
import { type EditInteractionResponse, InteractionEdit } from '@/lib/validation/interaction.ts';
import { refusal } from '../_lib.ts';

export const POST = memberRoute<typeof InteractionEdit, { id: string }>(
  { body: InteractionEdit, maxBytes: 64 * 1024, name: 'POST /api/interactions/[id]/edit' },
  async ({ claims, member, body, params }) => {
    const id = z.uuid().safeParse(params.id);
    if (!id.success) return refusal('not_found', 'edit');
    const result = await withRls(claims, async (tx) => {
      if (body.follow_up_at) {
        const [log] = await tx<{ occurred_at: Date }[]>`select occurred_at from public.interactions where id = ${id.data}`;
        if (log && (await followUpBeforeLogDay(tx, { occurredAt: log.occurred_at, followUpAt: body.follow_up_at }))) return 'follow_up_past' as const;
      }
      return editInteraction(tx, id.data, body);
    });
    if (result === 'follow_up_past')
      return problem(400, 'invalid_input', bilingual('invalid_input'), { follow_up_at: bilingual('interactions.follow_up_past') });
    if (!result.ok) return refusal(result.why, 'edit');
    if (result.changed) after(() => recomputeSoon(member.org_id, [result.customer_id]));
    const answer: EditInteractionResponse = { id: id.data, changed: result.changed };
    return NextResponse.json(answer, { headers: { 'cache-control': 'no-store' } });
  },
);
