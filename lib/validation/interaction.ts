// One zod schema for a logged interaction: the log sheet, the server action/route and the offline
// outbox replay parse with it; the CSV import uses its field schemas (history may be bare, so not
// the "not empty" rule). Whether the follow-up day is before the log's day is the route's check (it
// needs the org's time zone).
import './zod-csp.ts';
import { z } from 'zod';
import { ATTITUDES, COGNITIONS, INITIATORS, INTERACTION_KINDS, LIMITS, SENTIMENTS } from '../domain/vocabulary.ts';

export { INTERACTION_KINDS };

/** The fields, without the cross-field rule (zod can't .pick() a refined object). */
export const InteractionFields = z.object({
  // Made by the client (offline outbox): the idempotency key.
  id: z.uuid(),
  customer_id: z.uuid(),
  kind: z.enum(INTERACTION_KINDS),
  initiated_by: z.enum(INITIATORS).default('rep'),
  occurred_at: z.coerce.date(),
  duration_min: z.number().int().min(0).max(LIMITS.durationMaxMin).nullish(),
  attitude: z.enum(ATTITUDES).nullish(),
  cognition: z.enum(COGNITIONS).nullish(),
  sentiment: z.enum(SENTIMENTS).nullish(),
  note: z.string().max(LIMITS.noteMax).nullish(),
  next_step: z.string().max(LIMITS.nextStepMax).nullish(),
  follow_up_at: z.coerce.date().nullish(),
});

// An untouched log sheet used to save an empty visit (issue 15). The kind alone says nothing.
const notEmpty = (v: { attitude?: unknown; cognition?: unknown; sentiment?: unknown; note?: string | null; next_step?: string | null }) =>
  !!(v.attitude || v.cognition || v.sentiment || v.note?.trim() || v.next_step?.trim());

export const InteractionInput = InteractionFields.refine(notEmpty, { path: ['note'], params: { key: 'log_empty' } });
export type InteractionInput = z.infer<typeof InteractionInput>;

/** What POST /api/interactions answers on success (201 stored, 200 already stored). */
export type LogInteractionResponse = { id: string; inserted: boolean };

/**
 * Editing a saved log (POST /api/interactions/[id]/edit): what the log sheet edits, whole — the
 * customer, author and time it was stored stay. Same "not empty" rule as a new log.
 */
export const InteractionEdit = InteractionFields.pick({
  kind: true, attitude: true, cognition: true, sentiment: true, note: true, next_step: true, follow_up_at: true,
}).refine(notEmpty, { path: ['note'], params: { key: 'log_empty' } });
export type InteractionEdit = z.infer<typeof InteractionEdit>;

/** Recalling takes nothing but the id in the path. */
export const InteractionRecall = z.strictObject({});

export type EditInteractionResponse = { id: string; changed: boolean };
export type RecallInteractionResponse = { id: string; recalled: true };
