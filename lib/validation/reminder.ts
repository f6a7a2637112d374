// One zod schema per reminder action: the 提醒 tab's buttons and POST /api/reminders/[id]/{done,snooze,dismiss}.
// Times are never sent by the phone: a snooze names a preset and the server computes the moment
// in the org's time zone (lib/db/queries/reminders.ts), so a phone with a wrong clock can't
// snooze into the past.
import './zod-csp.ts';
import { z } from 'zod';
import { DISMISS_NOTE_MAX, DISMISS_REASONS, SNOOZE_PRESETS } from './reminder-options.ts';

export { DISMISS_NOTE_MAX, DISMISS_REASONS, type DismissReason, SNOOZE_PRESETS, type SnoozePreset } from './reminder-options.ts';

export const ReminderId = z.uuid();

/** How a detractor call-back went (issue 14): asked when a 'detractor' reminder is closed, logged on the timeline. */
export const DETRACTOR_OUTCOMES = ['resolved', 'partly', 'unresolved', 'unreachable'] as const;
export type DetractorOutcome = (typeof DETRACTOR_OUTCOMES)[number];

/**
 * Most reminders: nothing to say (the interaction logged with it, if any, goes through the
 * outbox on its own). A detractor reminder: the outcome of the call-back, and a few words.
 */
export const DoneInput = z.strictObject({
  outcome: z.enum(DETRACTOR_OUTCOMES).optional(),
  note: z
    .string()
    .transform((s) => s.trim())
    .pipe(z.string().max(DISMISS_NOTE_MAX).regex(/^[^\p{Cc}]*$/u))
    .optional(),
});
export type DoneInput = z.infer<typeof DoneInput>;

export const SnoozeInput = z.strictObject({ preset: z.enum(SNOOZE_PRESETS) });
export type SnoozeInput = z.infer<typeof SnoozeInput>;

export const DismissInput = z
  .strictObject({
    reason: z.enum(DISMISS_REASONS),
    note: z
      .string()
      .transform((s) => s.trim())
      .pipe(z.string().max(DISMISS_NOTE_MAX).regex(/^[^\p{Cc}]*$/u))
      .optional(),
  })
  .refine((v) => v.reason !== 'other' || !!v.note, { path: ['note'], params: { key: 'required' } });
export type DismissInput = z.infer<typeof DismissInput>;

export type ReminderActionResponse = { id: string; status: 'done' | 'snoozed' | 'dismissed' | 'open'; snoozed_until?: string };
