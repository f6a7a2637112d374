// A deal's stages and the step-back rule: plain data, shared by the deal schemas
// (lib/validation/deal.ts), the timeline and the deal sheet — without zod, so client code that
// only needs these does not download it.
import { DEAL_STAGES, DEAL_STEPS, type DealStage } from '../domain/vocabulary.ts';

export { DEAL_STAGES, DEAL_STEPS, type DealStage };

/** quote → needs is a step back; anything → won/lost, or out of won/lost, is not (as in the features SQL). */
export function isStepBack(from: DealStage | null, to: DealStage): boolean {
  if (from === null) return false;
  const a = (DEAL_STEPS as readonly string[]).indexOf(from);
  const b = (DEAL_STEPS as readonly string[]).indexOf(to);
  return a >= 0 && b >= 0 && b < a;
}
