// One zod schema for reassigning a customer (POST /api/customers/[id]/owner and the reassign
// sheet on the 团队 tab / customer page). Who may be named is the server's business (members the
// caller may assign to: a manager's own team's reps, an admin's whole org) — the schema only
// checks the shape.
import './zod-csp.ts';
import { z } from 'zod';

export const ReassignInput = z.strictObject({ owner_id: z.uuid() });
export type ReassignInput = z.infer<typeof ReassignInput>;

export type ReassignResponse = {
  customer_id: string;
  owner_id: string;
  owner_name: string;
  /** false when the customer already belonged to owner_id (nothing changed, nothing recorded) */
  changed: boolean;
  /** open and snoozed reminders that moved to the new owner with the customer */
  reminders_moved: number;
};
