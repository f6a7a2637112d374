// One zod schema for a logged interaction: the log sheet, the server action/route, the offline
// outbox replay and the CSV import all parse with it.
import './zod-csp.ts';
import { z } from 'zod';

export const INTERACTION_KINDS = ['visit', 'call', 'feedback', 'complaint', 'suggestion', 'message', 'meeting'] as const;

export const InteractionInput = z.object({
  // Made by the client (offline outbox): the idempotency key.
  id: z.uuid(),
  customer_id: z.uuid(),
  kind: z.enum(INTERACTION_KINDS),
  initiated_by: z.enum(['rep', 'customer']).default('rep'),
  occurred_at: z.coerce.date(),
  duration_min: z.number().int().min(0).max(1440).nullish(),
  attitude: z.enum(['accept', 'doubt']).nullish(),
  cognition: z.enum(['vague', 'specific']).nullish(),
  sentiment: z.enum(['positive', 'neutral', 'negative']).nullish(),
  note: z.string().max(5000).nullish(),
  next_step: z.string().max(500).nullish(),
  follow_up_at: z.coerce.date().nullish(),
});
export type InteractionInput = z.infer<typeof InteractionInput>;

/** What POST /api/interactions answers on success (201 stored, 200 already stored). */
export type LogInteractionResponse = { id: string; inserted: boolean };
