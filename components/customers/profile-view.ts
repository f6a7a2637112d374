// From a stored profile to what the customer page shows: the chips (each opening its dimension)
// and, per dimension, the sheet's rendered reasons and change history. Pure: the page passes
// the locale and a date formatter; words come from lib/engine (labels, reason texts).
import { DIMENSION_LABELS, DIMENSIONS, type Dimension, label, LABELS, type Locale } from '@/lib/engine/labels.ts';
import { type ReadAt, renderReason } from '@/lib/engine/reasons.ts';
import { treatmentOf } from '@/lib/engine/treatment.ts';
import type { CustomerDetail, TagChange } from '@/lib/db/queries/customer-detail.ts';
import { chipTone } from './chip.tsx';

type Profile = NonNullable<CustomerDetail['profile']>;

export type ProfileChip = { key: string; dim: Dimension; value: string; text: string; tone: string };

export type SheetHistoryItem = { id: number; from: string | null; to: string | null; when: string; reasons: string[] };
export type DimensionSheet = {
  title: string;
  /** the current value, as its chip(s) say it */
  chips: { text: string; tone: string }[];
  /** what to do with this kind of customer, first, in plain words (lib/engine/treatment.ts); null where there is no advice */
  advice: string | null;
  reasons: string[];
  history: SheetHistoryItem[];
};

// The sheet's "why" is the evidence in rep language ("已下单 4 次"), not the tally the engine
// decided with ("特征得分 3（≥2）"): the tally lines are left out when there is evidence to show.
const TALLY_RULES = new Set(['relationship.primary', 'relationship.secondary']);
const currentValue = (p: Profile, dim: Dimension): string | null =>
  dim === 'relationship' ? p.relationship_type : dim === 'funnel' ? p.funnel_stage : dim === 'lifecycle' ? p.lifecycle : dim === 'loyalty' ? p.loyalty : null;

// English reason sentences start lower-case so they read inside other text; as list items they start a sentence.
export const sentence = (s: string, locale: Locale) => (locale === 'en' ? s.charAt(0).toUpperCase() + s.slice(1) : s);

type Words = { secondary: (type: string) => string; risk: (label: string, pct: number) => string };

const valueLabel = (dim: Dimension, value: string | null, locale: Locale): string | null => {
  if (value === null) return null;
  if (dim === 'priority') return value;
  return label(dim as keyof typeof LABELS, value, locale);
};

export function profileChips(p: Profile, locale: Locale, words: Words): ProfileChip[] {
  const chips: ProfileChip[] = [];
  const push = (key: string, dim: Dimension, value: string, text: string) => chips.push({ key, dim, value, text, tone: chipTone(dim, value) });
  push('relationship', 'relationship', p.relationship_type, label('relationship', p.relationship_type, locale));
  if (p.relationship_secondary)
    push('relationship-2', 'relationship', p.relationship_secondary, words.secondary(label('relationship', p.relationship_secondary, locale)));
  if (p.funnel_stage) push('funnel', 'funnel', p.funnel_stage, label('funnel', p.funnel_stage, locale));
  push('value', 'value', p.value_tier, label('value', p.value_tier, locale));
  push('lifecycle', 'lifecycle', p.lifecycle, label('lifecycle', p.lifecycle, locale));
  // Loyalty is only rated once they have bought (seed 001); before that the lifecycle chip
  // already says "prospect". At risk carries the number a rep acts on.
  if (p.loyalty !== 'none') {
    const text = label('loyalty', p.loyalty, locale);
    push('loyalty', 'loyalty', p.loyalty, p.loyalty === 'at_risk' ? words.risk(text, Math.round(p.churn_risk * 100)) : text);
  }
  if (p.needs) push('needs', 'needs', p.needs, label('needs', p.needs, locale));
  return chips;
}

export function dimensionSheets(
  p: Profile,
  changes: TagChange[],
  locale: Locale,
  formatDate: (d: Date) => string,
  words: Words,
  /** when the page is read, in the org's time zone: stored reasons hold instants, "N 天" is counted now */
  at?: ReadAt,
): Partial<Record<Dimension, DimensionSheet>> {
  const chips = profileChips(p, locale, words);
  const out: Partial<Record<Dimension, DimensionSheet>> = {};
  for (const dim of DIMENSIONS) {
    const reasons = p.reasons[dim];
    if (!reasons?.length) continue;
    const own = chips.filter((c) => c.dim === dim).map(({ text, tone }) => ({ text, tone }));
    const evidence = reasons.filter((r) => !TALLY_RULES.has(r.rule));
    const advice = treatmentOf(dim, currentValue(p, dim));
    out[dim] = {
      advice: advice ? advice.do[locale] : null,
      title: DIMENSION_LABELS[dim][locale],
      chips: own.length ? own : dim === 'priority' ? [{ text: String(p.priority), tone: chipTone('fact') }] : [],
      reasons: (evidence.length ? evidence : reasons).map((r) => sentence(renderReason(r, locale, at), locale)),
      history: changes
        .filter((c) => c.dimension === dim)
        .map((c) => ({
          id: c.id,
          from: valueLabel(dim, c.from_value, locale),
          to: valueLabel(dim, c.to_value, locale),
          when: formatDate(new Date(c.changed_at)),
          // a past change's reasons count days as of that change ("277 天未联系" then)
          reasons: (c.reasons ?? [])
            .filter((r, _, all) => !TALLY_RULES.has(r.rule) || all.every((x) => TALLY_RULES.has(x.rule)))
            .map((r) => sentence(renderReason(r, locale, at && { now: new Date(c.changed_at).toISOString(), timeZone: at.timeZone }), locale)),
        })),
    };
  }
  return out;
}
