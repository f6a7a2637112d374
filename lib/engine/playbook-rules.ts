// Playbook thresholds (lib/engine/playbook.ts): when each kind of reminder falls due. Part of the
// org's rules object (`rules.playbook`), so the same zod validation and per-org overrides apply.
import { z } from 'zod';

const days = z.number().int().min(0);
const positiveDays = z.number().int().min(1);

export const PlaybookRules = z.strictObject({
  // seed 002 关怀: the "early days" after a purchase, when installation/use problems show up
  care_after_order_days: days.default(3),
  care_window_days: positiveDays.default(30), // an order older than this gets no care reminder any more
  // seeds 001/004: act on 潜在流失 quickly
  retention_due_days: days.default(1),
  // seed 002: each funnel stage has its own next move, a couple of days after the observation
  stage_next_days: days.default(2),
  // seed 000: rare for 自主型 (don't pester), frequent for 依赖型, regular appreciation for 忠诚型
  touch_every_days: z
    .strictObject({
      autonomous: positiveDays.default(90),
      dependent: positiveDays.default(14),
      loyal: positiveDays.default(30),
      undetermined: positiveDays.default(45),
    })
    .prefault({}),
  // seed 004 满意度调查: ask paying customers now and then — never 自主型 (seed 000: they ignore surveys)
  survey_every_days: positiveDays.default(90),
  survey_after_order_days: days.default(7),
});
export type PlaybookRules = z.output<typeof PlaybookRules>;
