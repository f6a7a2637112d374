// Recompute (DESIGN.md §5): features in one set-based SQL call → the pure engine → one bulk
// write of what changed. Runs in the recompute-tags edge function (Deno) with the service
// connection; nothing is written for a customer whose profile and tags came out the same.
import type { Sql } from 'npm:postgres@^3.4.9';
import {
  classifyMany,
  type CustomerFeatures,
  CustomerFeaturesSchema,
  type Dimension,
  type OrgContext,
  OrgContextSchema,
  parseRules,
  type Profile,
} from '../../../lib/engine/index.ts';

export type RecomputeRequest = { org_id: string; customer_ids?: string[]; as_of?: string };
export type RecomputeResult = { customers: number; changed: number; tag_changes: number; ms: Record<string, number> };

// Profile columns that are dimensions a rep sees change (→ tag_changes), keyed by the engine's
// dimension name.
const DIMENSION_COLUMNS: Partial<Record<Dimension, keyof Profile>> = {
  relationship: 'relationship_type',
  funnel: 'funnel_stage',
  value: 'value_tier',
  lifecycle: 'lifecycle',
  loyalty: 'loyalty',
  needs: 'needs',
};

type StoredProfile = {
  customer_id: string;
  relationship_type: string;
  relationship_secondary: string | null;
  funnel_stage: string | null;
  value_tier: string;
  lifecycle: string;
  loyalty: string;
  churn_risk: number;
  needs: string | null;
  priority: number;
  reasons: unknown;
  tags: { tag: string; kind: string; label_zh: string | null; label_en: string | null; reasons: unknown }[] | null;
};

// Stable JSON for comparisons (jsonb does not keep key order).
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}

const round = (n: number) => Math.round(n * 1e4) / 1e4; // real column: compare at its precision

function profileKey(p: { relationship_type: string; relationship_secondary: string | null; funnel_stage: string | null; value_tier: string;
  lifecycle: string; loyalty: string; churn_risk: number; needs: string | null; priority: number; reasons: unknown }, tags: unknown[]) {
  return canonical([p.relationship_type, p.relationship_secondary, p.funnel_stage, p.value_tier, p.lifecycle, p.loyalty,
    round(p.churn_risk), p.needs, round(p.priority), p.reasons, tags]);
}

const tagsOf = (p: Profile) =>
  p.tags.map((t) => ({ tag: t.tag, kind: t.kind, label_zh: t.zh, label_en: t.en, reasons: t.reasons })).sort((a, b) => a.tag.localeCompare(b.tag));

export async function recompute(sql: Sql, req: RecomputeRequest): Promise<RecomputeResult> {
  const ms: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    ms[name] = Math.round(now - t);
    t = now;
  };
  const asOf = req.as_of ?? new Date().toISOString();
  const ids = req.customer_ids ?? null;
  const wholeOrg = ids === null;

  const [ruleRow] = await sql<{ rules: unknown; timezone: string | null }[]>`
    select coalesce(r.rules, '{}'::jsonb) as rules, o.settings ->> 'timezone' as timezone
    from public.orgs o left join public.classification_rules r on r.org_id = o.id where o.id = ${req.org_id}`;
  if (!ruleRow) throw new RecomputeError(404, 'org_not_found', `no org ${req.org_id}`);
  const rules = parseRules(ruleRow.rules);

  const rows = await sql<{ features: unknown }[]>`
    select features from public.customer_features(${req.org_id}::uuid, ${ids}::uuid[], ${asOf}::timestamptz)`;
  const features: CustomerFeatures[] = rows.map((r) => CustomerFeaturesSchema.parse(r.features));
  lap('features');

  let ctx: OrgContext | undefined;
  if (!wholeOrg) {
    const [c] = await sql<{ ctx: unknown }[]>`
      select public.org_feature_context(${req.org_id}::uuid, ${asOf}::timestamptz, ${rules.value.high_share}::float8, ${rules.value.low_share}::float8) as ctx`;
    ctx = OrgContextSchema.parse(c!.ctx);
    lap('context');
  }
  const profiles = classifyMany(features, rules, ctx, { timezone: ruleRow.timezone ?? undefined });
  lap('classify');

  const stored = new Map(
    (
      await sql<StoredProfile[]>`
        select p.customer_id, p.relationship_type, p.relationship_secondary, p.funnel_stage, p.value_tier, p.lifecycle, p.loyalty,
               p.churn_risk, p.needs, p.priority, p.reasons,
               (select jsonb_agg(jsonb_build_object('tag', t.tag, 'kind', t.kind, 'label_zh', t.label_zh, 'label_en', t.label_en,
                                                    'reasons', t.reasons) order by t.tag)
                  from public.customer_tags t
                 where t.org_id = p.org_id and t.customer_id = p.customer_id and t.kind <> 'manual') as tags
        from public.customer_profiles p
        where p.org_id = ${req.org_id} and (${ids}::uuid[] is null or p.customer_id = any (${ids}::uuid[]))`
    ).map((p) => [p.customer_id, p]),
  );
  lap('load');

  const changedProfiles: Record<string, unknown>[] = [];
  const newTags: Record<string, unknown>[] = [];
  const changes: Record<string, unknown>[] = [];
  for (const p of profiles) {
    const tags = tagsOf(p);
    const before = stored.get(p.customer_id);
    if (before && profileKey(before, before.tags ?? []) === profileKey(p, tags)) continue;
    changedProfiles.push({
      customer_id: p.customer_id, org_id: req.org_id, relationship_type: p.relationship_type, relationship_secondary: p.relationship_secondary,
      funnel_stage: p.funnel_stage, value_tier: p.value_tier, lifecycle: p.lifecycle, loyalty: p.loyalty, churn_risk: p.churn_risk,
      needs: p.needs, priority: p.priority, reasons: p.reasons, computed_at: asOf,
    });
    for (const tag of tags) newTags.push({ org_id: req.org_id, customer_id: p.customer_id, ...tag });
    for (const [dim, col] of Object.entries(DIMENSION_COLUMNS) as [Dimension, keyof Profile][]) {
      const from = before ? ((before as unknown as Record<string, unknown>)[col] as string | null) : null;
      const to = p[col] as string | null;
      if (from !== to) changes.push({ org_id: req.org_id, customer_id: p.customer_id, dimension: dim, from_value: from, to_value: to,
        reasons: p.reasons[dim], changed_at: asOf });
    }
  }
  lap('diff');

  if (changedProfiles.length) {
    await sql.begin(async (tx) => {
      const changedIds = changedProfiles.map((p) => p.customer_id as string);
      await tx`
        insert into public.customer_profiles (customer_id, org_id, relationship_type, relationship_secondary, funnel_stage, value_tier,
          lifecycle, loyalty, churn_risk, needs, priority, reasons, computed_at)
        select customer_id, org_id, relationship_type, relationship_secondary, funnel_stage, value_tier,
          lifecycle, loyalty, churn_risk, needs, priority, reasons, computed_at
        from json_populate_recordset(null::public.customer_profiles, ${JSON.stringify(changedProfiles)}::text::json)
        on conflict (customer_id) do update set
          relationship_type = excluded.relationship_type, relationship_secondary = excluded.relationship_secondary,
          funnel_stage = excluded.funnel_stage, value_tier = excluded.value_tier, lifecycle = excluded.lifecycle,
          loyalty = excluded.loyalty, churn_risk = excluded.churn_risk, needs = excluded.needs, priority = excluded.priority,
          reasons = excluded.reasons, computed_at = excluded.computed_at`;
      await tx`delete from public.customer_tags where org_id = ${req.org_id} and kind <> 'manual' and customer_id = any (${changedIds}::uuid[])`;
      await tx`
        insert into public.customer_tags (org_id, customer_id, tag, kind, label_zh, label_en, reasons)
        select org_id, customer_id, tag, kind, label_zh, label_en, reasons
        from json_populate_recordset(null::public.customer_tags, ${JSON.stringify(newTags)}::text::json)
        on conflict (org_id, customer_id, tag) do nothing`; // a manual tag of the same name wins
      if (changes.length)
        await tx`
          insert into public.tag_changes (org_id, customer_id, dimension, from_value, to_value, reasons, changed_at)
          select org_id, customer_id, dimension, from_value, to_value, reasons, changed_at
          from json_populate_recordset(null::public.tag_changes, ${JSON.stringify(changes)}::text::json)`;
    });
  }
  lap('write');
  if (wholeOrg)
    await sql`insert into public.recompute_runs (org_id, scope, started_at, finished_at, customers, changed)
              values (${req.org_id}, 'org', now() - make_interval(secs => ${Object.values(ms).reduce((a, b) => a + b, 0) / 1000}), now(),
                      ${profiles.length}, ${changedProfiles.length})`;
  return { customers: profiles.length, changed: changedProfiles.length, tag_changes: changes.length, ms };
}

export class RecomputeError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}
