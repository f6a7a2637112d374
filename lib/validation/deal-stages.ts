// A deal's stages and the step-back rule: plain data, shared by the deal schemas
// (lib/validation/deal.ts), the timeline and the deal sheet — without zod, so client code that
// only needs these does not download it.
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
