// Crystal CRM classification engine: features + rules (+ org context) in, profile out.
// Pure — no I/O, no Node or Next imports, only zod — so Next.js and the Deno edge functions
// (supabase/functions/recompute-tags) import this same file. See docs/engine.md.
import { orgContextFromFeatures } from './context.ts';
import { factTags, type Tag } from './facts.ts';
import type { CustomerFeatures, OrgContext } from './features.ts';
import { classifyFunnel } from './funnel.ts';
import { type Dimension, type FunnelStage, LABELS, type Lifecycle, type Loyalty, type Needs, type RelationshipType, type ValueTier } from './labels.ts';
import { classifyLifecycle } from './lifecycle.ts';
import { classifyLoyalty } from './loyalty.ts';
import { classifyNeeds } from './needs.ts';
import { scorePriority } from './priority.ts';
import type { Reason } from './reasons.ts';
import { classifyRelationship } from './relationship.ts';
import type { Rules } from './rules.ts';
import { classifyValue } from './value.ts';

export type Profile = {
  customer_id: string;
  as_of: string;
  relationship_type: RelationshipType;
  relationship_secondary: Exclude<RelationshipType, 'undetermined'> | null;
  funnel_stage: FunnelStage;
  value_tier: ValueTier;
  lifecycle: Lifecycle;
  loyalty: Loyalty;
  churn_risk: number;
  needs: Needs | null;
  priority: number;
  /** fact tags, then one model tag per dimension value (`relationship:loyal`, `value:high`…) */
  tags: Tag[];
  /** why, per dimension; never empty */
  reasons: Record<Dimension, Reason[]>;
};

export class OrgContextMismatchError extends Error {
  constructor(detail: string) {
    super(`org context does not match the rules: ${detail}`);
    this.name = 'OrgContextMismatchError';
  }
}

function modelTag(dimension: keyof typeof LABELS, value: string, reasons: Reason[]): Tag {
  const l = (LABELS[dimension] as Record<string, { zh: string; en: string }>)[value];
  return { tag: `${dimension}:${value}`, kind: 'model', zh: l?.zh ?? value, en: l?.en ?? value, reasons };
}

/** One customer. `ctx` must come from the same rules (value shares) — it is checked. */
export function classify(features: CustomerFeatures, rules: Rules, ctx: OrgContext): Profile {
  if (ctx.high_share !== rules.value.high_share || ctx.low_share !== rules.value.low_share)
    throw new OrgContextMismatchError(
      `context cut at ${ctx.high_share}/${ctx.low_share}, rules ask for ${rules.value.high_share}/${rules.value.low_share}`,
    );
  const relationship = classifyRelationship(features, ctx, rules);
  const funnel = classifyFunnel(features, ctx, rules);
  const value = classifyValue(features, ctx, rules);
  const lifecycle = classifyLifecycle(features, rules, ctx.timezone);
  const loyalty = classifyLoyalty(features, lifecycle, rules, ctx.timezone);
  const needs = classifyNeeds(features, rules);
  const priority = scorePriority(
    { value: value.tier, loyalty: loyalty.loyalty, churnRisk: loyalty.churnRisk, lifecycle: lifecycle.state, funnel: funnel.stage },
    rules,
  );

  const reasons: Record<Dimension, Reason[]> = {
    relationship: relationship.reasons,
    funnel: funnel.reasons,
    value: value.reasons,
    lifecycle: lifecycle.reasons,
    loyalty: loyalty.reasons,
    needs: needs.reasons,
    priority: priority.reasons,
  };
  const tags: Tag[] = [
    ...factTags(features, rules, ctx.timezone),
    modelTag('relationship', relationship.type, relationship.byType[relationship.type] ?? relationship.reasons),
    ...(relationship.secondary ? [modelTag('relationship', relationship.secondary, relationship.byType[relationship.secondary] ?? [])] : []),
    modelTag('funnel', funnel.stage, funnel.reasons),
    modelTag('value', value.tier, value.reasons),
    modelTag('lifecycle', lifecycle.state, lifecycle.reasons),
    modelTag('loyalty', loyalty.loyalty, loyalty.reasons),
    ...(needs.needs ? [modelTag('needs', needs.needs, needs.reasons)] : []),
  ];
  return {
    customer_id: features.customer_id,
    as_of: features.as_of,
    relationship_type: relationship.type,
    relationship_secondary: relationship.secondary,
    funnel_stage: funnel.stage,
    value_tier: value.tier,
    lifecycle: lifecycle.state,
    loyalty: loyalty.loyalty,
    churn_risk: loyalty.churnRisk,
    needs: needs.needs,
    priority: priority.priority,
    tags,
    reasons,
  };
}

/**
 * Many customers at once. Without `ctx` the context is computed from `features`, which is only
 * right when they are the whole org (nightly recompute); for a subset pass the SQL context.
 */
export function classifyMany(
  features: readonly CustomerFeatures[],
  rules: Rules,
  ctx?: OrgContext,
  opts: { timezone?: string } = {},
): Profile[] {
  if (features.length === 0) return [];
  const context = ctx ?? orgContextFromFeatures(features, rules, opts);
  return features.map((f) => classify(f, rules, context));
}

export { orgContextFromFeatures, DEFAULT_TIMEZONE } from './context.ts';
export { CustomerFeaturesSchema, OrgContextSchema, ObservationSchema, INTERACTION_KINDS, DEAL_STAGES } from './features.ts';
export type { CustomerFeatures, OrgContext, Observation } from './features.ts';
export { RulesSchema, DEFAULT_RULES, RulesError, parseRules, safeParseRules, formatIssues } from './rules.ts';
export type { Rules, RulesOverride } from './rules.ts';
export { reason, renderReason, isRuleId } from './reasons.ts';
export type { Reason, ReasonParams, ReadAt, RuleId } from './reasons.ts';
export { TEXTS } from './reason-texts.ts';
export type { Tag } from './facts.ts';
export { stageOf } from './funnel.ts';
export * from './labels.ts';
export { playbook } from './playbook.ts';
export { nextReviewAt } from './review.ts';
export type { Closing, OpenReminder, PlaybookInput, ReminderDraft, ReminderKind } from './playbook.ts';
export type { PlaybookRules } from './playbook-rules.ts';
