// One zod schema per deal write: opening a deal (POST /api/deals) and moving it to another stage
// (POST /api/deals/[id]/stage). Going back a stage is allowed on purpose — seed 000 reads
// "from quote back to needs analysis" as a sign of a dependent customer.
import { z } from 'zod';

export const DEAL_STAGES = ['needs', 'demo', 'quote', 'contract', 'won', 'lost'] as const;
export type DealStage = (typeof DEAL_STAGES)[number];
/** The steps of a sale in order; won and lost are outcomes, not steps. */
export const DEAL_STEPS = ['needs', 'demo', 'quote', 'contract'] as const satisfies readonly DealStage[];

/** quote → needs is a step back; anything → won/lost, or out of won/lost, is not (as in the features SQL). */
export function isStepBack(from: DealStage | null, to: DealStage): boolean {
  if (from === null) return false;
  const a = (DEAL_STEPS as readonly string[]).indexOf(from);
  const b = (DEAL_STEPS as readonly string[]).indexOf(to);
  return a >= 0 && b >= 0 && b < a;
}

const blankToNull = (v: string | null | undefined) => (v ? v : null);

export const DealInput = z.object({
  id: z.uuid().optional(), // idempotency key, as for orders
  customer_id: z.uuid(),
  title: z.string().trim().max(100).nullish().transform(blankToNull),
  stage: z.enum(DEAL_STAGES).default('needs'),
  amount: z.number().min(0).max(1_000_000_000).nullish().transform((v) => (v == null ? null : Math.round(v * 100) / 100)),
  premium: z.boolean().default(false),
});
export type DealInput = z.infer<typeof DealInput>;

export const StageChangeInput = z.object({ to_stage: z.enum(DEAL_STAGES) });
export type StageChangeInput = z.infer<typeof StageChangeInput>;

export type OpenDealResponse = { id: string; inserted: boolean };
export type StageChangeResponse = { deal_id: string; from_stage: DealStage; to_stage: DealStage; changed: boolean; step_back: boolean };
