// POST /api/reminders/[id]/dismiss — dismiss a reminder with a reason:
// {reason: 'not_needed' | 'already_handled' | 'unreachable' | 'other', note?: string} (a note is required for 'other').
// 200 {id, status}; 404 not found or not the caller's to see; 409 already done/closed; 400 bad body.
import { dismissReminder } from '@/lib/db/queries/reminders.ts';
import { memberRoute } from '@/lib/http/route.ts';
import { DismissInput } from '@/lib/validation/reminder.ts';
import { act } from '../../_lib/act.ts';

export const POST = memberRoute<typeof DismissInput, { id: string }>(
  { body: DismissInput, maxBytes: 2048, name: 'POST /api/reminders/[id]/dismiss', fields: 'reminder' },
  (ctx) => act(ctx, 'dismissed', (tx, id) => dismissReminder(tx, id, ctx.body)),
);
