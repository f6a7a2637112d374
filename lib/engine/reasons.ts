// A reason is the structured "why" behind a value: which rule fired and with what numbers
// ({rule, params}), plus the sentence rendered in both languages at classification time so a
// reader of customer_profiles.reasons needs no engine to show it.
import type { Locale } from './labels.ts';
import { type ReadAt, TEXTS, type ReasonParams, type RuleId } from './reason-texts.ts';

export type { ReadAt, ReasonParams, RuleId };
export type Reason = { rule: RuleId; params: ReasonParams; zh: string; en: string };

export function reason(rule: RuleId, params: ReasonParams): Reason {
  const t = TEXTS[rule];
  return { rule, params, zh: t.zh(params, undefined), en: t.en(params, undefined) }; // as stored: no reading moment
}

export const isRuleId = (rule: string): rule is RuleId => Object.hasOwn(TEXTS, rule);

/**
 * Re-render a stored reason with today's wording (e.g. after a text fix, without a recompute).
 * With `at` (the reading moment and the org's time zone) elapsed time is counted now: "277 天未联系"
 * from the stored instant. Unknown rules — written by a newer engine — fall back to the stored
 * text, then to the id.
 */
export function renderReason(
  r: { rule: string; params?: ReasonParams; zh?: string; en?: string },
  locale: Locale,
  at?: ReadAt,
): string {
  if (isRuleId(r.rule)) return TEXTS[r.rule][locale](r.params ?? {}, at);
  return r[locale] ?? r.rule;
}
