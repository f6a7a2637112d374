// Recompute, step 3 of 4 — classify + diff: what a classified customer means for the store. One
// hash per profile (customer_profiles.state_hash, over everything the write stores) decides
// whether anything changed; the changed customers' rows are collected column by column for the
// write (recompute-write.ts), and — in a whole-org run — customers whose profile came out the
// same but whose next review moved, for a one-column update. Pure: no I/O.
import { createHash } from 'node:crypto';
import { type CustomerFeatures, type Dimension, nextReviewAt, type Profile, type Rules, type Tag } from '../../../lib/engine/index.ts';
import { NUL, SEP } from './recompute-write.ts';

// Profile columns that are dimensions a rep sees change (→ tag_changes), keyed by the engine's
// dimension name.
const DIMENSION_COLUMNS = {
  relationship: 'relationship_type',
  funnel: 'funnel_stage',
  value: 'value_tier',
  lifecycle: 'lifecycle',
  loyalty: 'loyalty',
  needs: 'needs',
} as const satisfies Partial<Record<Dimension, keyof Profile>>;
export type DimColumn = (typeof DIMENSION_COLUMNS)[keyof typeof DIMENSION_COLUMNS];
export const DIMENSIONS = Object.entries(DIMENSION_COLUMNS) as [Dimension, DimColumn][];

export type Stored = { customer_id: string; state_hash: string | null; next_ms: number | null } & Record<DimColumn, string | null>;

/** Version of what fingerprint() hashes and the write statement stores; part of the org run key. */
export const FINGERPRINT_VERSION = '3';

const round = (n: number) => Math.round(n * 1e4) / 1e4; // real column: compare at its precision

/** A profile's hash and the parts the write reuses. */
type Fingerprint = { hash: string; reasons: string; tags: { tag: Tag; dim: string | undefined }[] };

// Everything recompute writes for a customer, hashed: the profile columns (real ones at the
// column's precision), the reasons and the tags. The engine builds its objects in a fixed key
// order, so JSON.stringify is canonical here; a new engine version that changes a reason changes
// the hash and the customer is rewritten once — which is what should happen. A model tag's
// reasons are the very array of its dimension in p.reasons: the hash names the dimension instead
// of serialising it twice. Tag texts are joined with U+001F, which packed() refuses in values.
// This runs for every customer of a whole org (~1.5 s per 100k); the json for tags and history
// is made only for customers that changed.
function fingerprint(p: Profile): Fingerprint {
  const reasons = JSON.stringify(p.reasons);
  let hashed = `${FINGERPRINT_VERSION}${SEP}${JSON.stringify([p.relationship_type, p.relationship_secondary, p.funnel_stage, p.value_tier, p.lifecycle,
    p.loyalty, round(p.churn_risk), p.needs, round(p.priority)])}${SEP}${reasons}`;
  const tags: Fingerprint['tags'] = [];
  // any fixed order will do (code units, not localeCompare: this runs 1M times on a whole org)
  for (const t of [...p.tags].sort((x, y) => (x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : 0))) {
    if (tags.length && tags[tags.length - 1]!.tag.tag === t.tag) continue; // first one wins, as `on conflict do nothing` did
    const dim = dimensionOf(p, t.reasons);
    tags.push({ tag: t, dim });
    hashed += `${SEP}${t.tag}${NUL}${t.kind}${NUL}${t.zh}${NUL}${t.en}${NUL}${dim ?? JSON.stringify(t.reasons)}`;
  }
  return { hash: createHash('sha1').update(hashed).digest('base64'), reasons, tags };
}

/** The dimension whose reasons array `reasons` is (by identity), if any. */
function dimensionOf(p: Profile, reasons: unknown): string | undefined {
  for (const dim in p.reasons) if (p.reasons[dim as Dimension] === reasons) return dim;
  return undefined;
}

/** What one run writes, column by column (unnest() in the write statement). */
export class ChangeSet {
  // `firstTag[i]` /
  // `firstChange[i]` = where changed customer i's rows start in the tag / change columns
  readonly P = { id: [] as string[], rel: [] as string[], sec: [] as (string | null)[], funnel: [] as string[], value: [] as string[],
    lifecycle: [] as string[], loyalty: [] as string[], risk: [] as number[], needs: [] as (string | null)[], priority: [] as number[],
    reasons: [] as string[], hash: [] as string[], next: [] as (string | null)[], firstTag: [] as number[], firstChange: [] as number[] };
  // whole-org runs: customers whose profile came out the same but whose next review moved
  readonly R = { id: [] as string[], next: [] as (string | null)[] };
  readonly T = { id: [] as string[], tag: [] as string[], kind: [] as string[], zh: [] as string[], en: [] as string[],
    dim: [] as (string | null)[], reasons: [] as (string | null)[] };
  readonly C = { id: [] as string[], dim: [] as string[], from: [] as (string | null)[], to: [] as (string | null)[] };

  /**
   * One classified customer against what is stored. `reschedule`: a whole-org run also records a
   * moved next review for an unchanged profile (a run of a few customers leaves the stored
   * instant alone: it is the earlier one, which the org state's as_of still needs).
   */
  add(p: Profile, f: CustomerFeatures, before: Stored | undefined, rules: Rules, reschedule: boolean): void {
    const { P, R, T, C } = this;
    const out = fingerprint(p);
    // when time alone can next change this profile (lib/engine/review.ts): not part of the
    // hash — a later run rewrites the row only if the profile itself changed
    const next = nextReviewAt(f, p, rules);
    if (before?.state_hash === out.hash) {
      const nextMs = next === null ? null : Date.parse(next);
      if (reschedule && (before.next_ms === null ? null : Number(before.next_ms)) !== nextMs) {
        R.id.push(p.customer_id);
        R.next.push(next);
      }
      return;
    }
    P.id.push(p.customer_id);
    P.rel.push(p.relationship_type);
    P.sec.push(p.relationship_secondary);
    P.funnel.push(p.funnel_stage);
    P.value.push(p.value_tier);
    P.lifecycle.push(p.lifecycle);
    P.loyalty.push(p.loyalty);
    P.risk.push(p.churn_risk);
    P.needs.push(p.needs);
    P.priority.push(p.priority);
    P.reasons.push(out.reasons);
    P.hash.push(out.hash);
    P.next.push(next);
    P.firstTag.push(T.id.length);
    P.firstChange.push(C.id.length);
    for (const { tag: t, dim } of out.tags) {
      T.id.push(p.customer_id);
      T.tag.push(t.tag);
      T.kind.push(t.kind);
      T.zh.push(t.zh);
      T.en.push(t.en);
      // a model tag's reasons are its dimension's: the statement takes them from the profile
      T.dim.push(dim ?? null);
      T.reasons.push(dim === undefined ? JSON.stringify(t.reasons) : null);
    }
    for (const [dim, col] of DIMENSIONS) {
      const from = before ? before[col] : null;
      const to = p[col];
      if (from === to) continue;
      C.id.push(p.customer_id);
      C.dim.push(dim);
      C.from.push(from);
      C.to.push(to);
    }
  }
}
