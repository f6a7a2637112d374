// The three reminder routes share this: the id from the path, the action under withRls, and the
// answers. A reminder that does not exist and one the caller may not see get the same 404 — a
// 403 would confirm it exists. One that is already closed another way (done, dismissed, or
// closed by the playbook) is 409 with what happened to it; repeating the same action is 200.
import { NextResponse } from 'next/server';
import { z } from 'zod';
import type { ActionOutcome } from '@/lib/db/queries/reminders.ts';
import { withRls, type Tx } from '@/lib/db/with-rls.ts';
import { bilingual, problem, say } from '@/lib/http/problem.ts';
import type { MemberContext } from '@/lib/http/route.ts';
import type { ReminderActionResponse } from '@/lib/validation/reminder.ts';

export async function act<T>(
  ctx: MemberContext<T> & { params: { id: string } },
  wanted: ReminderActionResponse['status'],
  run: (tx: Tx, id: string) => Promise<ActionOutcome>,
): Promise<Response> {
  const id = z.uuid().safeParse(ctx.params.id);
  if (!id.success) return problem(404, 'not_found', bilingual('not_found'));
  const out = await withRls(ctx.claims, (tx) => run(tx, id.data));
  if (!out.found) return problem(404, 'not_found', bilingual('not_found'));
  if (out.outcomeRequired) {
    // A detractor call-back is closed with how it went (issue 14); nothing was changed.
    const message = say('reminders.api.outcomeRequired');
    return problem(400, 'outcome_required', message, { outcome: message });
  }
  if (!out.changed && out.status !== wanted) {
    const status = out.status as 'done' | 'dismissed' | 'closed';
    return problem(409, 'already_closed', say('reminders.api.alreadyClosed', { status }));
  }
  const answer: ReminderActionResponse = {
    id: id.data,
    status: wanted,
    ...(wanted === 'snoozed' && out.snoozed_until ? { snoozed_until: out.snoozed_until.toISOString() } : {}),
  };
  return NextResponse.json(answer, { headers: { 'cache-control': 'no-store' } });
}
