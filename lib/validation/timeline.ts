// The customer timeline's "load older" request: which customer, and the opaque keyset cursor the
// previous page ended with (lib/db/queries/timeline.ts makes and reads it).
import './zod-csp.ts';
import { z } from 'zod';

export const TimelinePageInput = z.object({
  customerId: z.uuid(),
  cursor: z.string().min(1).max(300),
});
export type TimelinePageInput = z.infer<typeof TimelinePageInput>;
