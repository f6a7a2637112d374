// The reminder actions' choices without zod: the 提醒 tab's snooze and dismiss sheets need them
// on first load, and importing them from reminder.ts would ship zod with the page (issue 18).
// lib/validation/reminder.ts re-exports them and builds its schemas from them.
export const SNOOZE_PRESETS = ['hour', 'tomorrow', 'next_week'] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

/** Why a rep dismisses a reminder (reminders.close_reason); 'other' wants a few words. */
export const DISMISS_REASONS = ['not_needed', 'already_handled', 'unreachable', 'other'] as const;
export type DismissReason = (typeof DISMISS_REASONS)[number];

export const DISMISS_NOTE_MAX = 200;
