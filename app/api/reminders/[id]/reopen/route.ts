// POST /api/reminders/[id]/reopen — the 提醒 tab's 5-second undo toast (body {}): puts back a
// reminder the caller just marked done, dismissed or snoozed. 200 {id, status: 'open'};
// 404 not found or not the caller's to see; 409 closed by someone else, by the playbook, or too
// long ago to undo (lib/db/queries/reminders.ts reopenReminder).
import { reopenReminder } from '@/lib/db/queries/reminders.ts';
import { memberRoute } from '@/lib/http/route.ts';
import { DoneInput } from '@/lib/validation/reminder.ts';
import { act } from '../../_lib/act.ts';

export const POST = memberRoute<typeof DoneInput, { id: string }>(
  { body: DoneInput, maxBytes: 1024, name: 'POST /api/reminders/[id]/reopen', fields: 'reminder' },
  (ctx) => act(ctx, 'open', (tx, id) => reopenReminder(tx, id)),
);
