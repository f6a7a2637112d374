// POST /api/reminders/[id]/done — mark a reminder done (body {}; a detractor call-back
// {outcome, note?}, else 400 outcome_required); doing it twice is fine.
// 200 {id, status}; 404 not found or not the caller's to see; 409 already dismissed/closed; 400 bad body.
import { completeReminder } from '@/lib/db/queries/reminders.ts';
import { memberRoute } from '@/lib/http/route.ts';
import { DoneInput } from '@/lib/validation/reminder.ts';
import { act } from '../../_lib/act.ts';

export const POST = memberRoute<typeof DoneInput, { id: string }>(
  { body: DoneInput, maxBytes: 1024, name: 'POST /api/reminders/[id]/done', fields: 'reminder' },
  (ctx) => act(ctx, 'done', (tx, id) => completeReminder(tx, id, ctx.body)),
);
