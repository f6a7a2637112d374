// One zod schema per deal write: opening a deal (POST /api/deals) and moving it to another stage
// (POST /api/deals/[id]/stage). Going back a stage is allowed on purpose — seed 000 reads
// "from quote back to needs analysis" as a sign of a dependent customer.
import './zod-csp.ts';
import { z } from 'zod';
import { LIMITS } from '../domain/vocabulary.ts';
import { DEAL_STAGES, type DealStage } from './deal-stages.ts';

// The stages and the step-back rule are plain data (lib/validation/deal-stages.ts), importable by
// client code without bringing zod along.
export { DEAL_STAGES, DEAL_STEPS, type DealStage, isStepBack } from './deal-stages.ts';

const blankToNull = (v: string | null | undefined) => (v ? v : null);

export const DealInput = z.object({
  id: z.uuid().optional(), // idempotency key, as for orders
  customer_id: z.uuid(),
  title: z.string().trim().max(100).nullish().transform(blankToNull),
  stage: z.enum(DEAL_STAGES).default('needs'),
  amount: z.number().min(0).max(LIMITS.amountMax).nullish().transform((v) => (v == null ? null : Math.round(v * 100) / 100)),
  premium: z.boolean().default(false),
});
export type DealInput = z.infer<typeof DealInput>;

export const StageChangeInput = z.object({ to_stage: z.enum(DEAL_STAGES) });
export type StageChangeInput = z.infer<typeof StageChangeInput>;

export type OpenDealResponse = { id: string; inserted: boolean };
export type StageChangeResponse = { deal_id: string; from_stage: DealStage; to_stage: DealStage; changed: boolean; step_back: boolean };
