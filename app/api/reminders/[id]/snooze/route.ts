// POST /api/reminders/[id]/snooze — snooze a reminder: {preset: 'hour' | 'tomorrow' | 'next_week'}
// (tomorrow / next Monday at 9:00 in the org's time zone). It is due again at that moment.
// 200 {id, status, snoozed_until}; 404 not found or not the caller's to see; 409 already closed; 400 bad body.
import { snoozeReminder } from '@/lib/db/queries/reminders.ts';
import { memberRoute } from '@/lib/http/route.ts';
import { SnoozeInput } from '@/lib/validation/reminder.ts';
import { act } from '../../_lib/act.ts';

export const POST = memberRoute<typeof SnoozeInput, { id: string }>(
  { body: SnoozeInput, maxBytes: 1024, name: 'POST /api/reminders/[id]/snooze', fields: 'reminder' },
  (ctx) => act(ctx, 'snoozed', (tx, id) => snoozeReminder(tx, id, ctx.body.preset)),
);
