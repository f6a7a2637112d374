// Customers as CSV for Excel: UTF-8 with a BOM (Excel then reads the Chinese correctly), the
// import's customers.csv columns first — so an export re-imports to the same customers (app-made
// customers, which have no external id, are named by their id) — then the profile in Chinese,
// tags and reasons. Filtered exactly like the customer list (customerListFilterSql) and streamed
// from a cursor, so a 100k book never sits in memory. Run inside withRls: the caller's book only.
import { stringify } from 'csv-stringify/sync';
import { customerListFilterSql } from '../db/queries/customers.ts';
import type { Tx } from '../db/with-rls.ts';
import { LABELS } from '../engine/labels.ts';
import { type ReadAt, renderReason } from '../engine/reasons.ts';
import { guardRow } from './csv-guard.ts';
import type { CustomerListFilters } from '../validation/customer.ts';

export const CUSTOMER_EXPORT_COLUMNS = [
  // = customers.csv (lib/import/schemas.ts CustomerRow)
  'external_id', 'name', 'kind', 'industry', 'region', 'phone', 'email', 'company', 'owner', 'created_at',
  // the engine's answer, in Chinese
  'relationship_type', 'relationship_secondary', 'funnel_stage', 'value_tier', 'lifecycle', 'loyalty', 'churn_risk', 'needs',
  'tags', 'reasons',
] as const;

type Row = {
  external_id: string; name: string; kind: string; industry: string | null; region: string | null; phone: string | null;
  email: string | null; company: string | null; owner: string | null; created_at: Date;
  relationship_type: string | null; relationship_secondary: string | null; funnel_stage: string | null; value_tier: string | null;
  lifecycle: string | null; loyalty: string | null; churn_risk: number | null; needs: string | null;
  reasons: Record<string, { rule: string; params?: Record<string, string | number>; zh: string }[]> | null; tags: string[];
};

const zh = (dim: keyof typeof LABELS, v: string | null) =>
  v === null ? '' : ((LABELS[dim] as Record<string, { zh: string }>)[v]?.zh ?? v);

// Excel shows a long digit string as 1.38001E+10 and drops leading zeros; a leading tab keeps it
// text (the importer trims it away).
const asText = (v: string | null) => (v && /^\+?\d[\d ]{5,}$/.test(v) ? `\t${v}` : (v ?? ''));

/** '2026-01-05 09:30:00+08:00' — China Standard Time, which the importer reads back exactly (to the second). */
function cst(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ') + '+08:00';
}

function record(r: Row, at: ReadAt): string[] {
  return guardRow([
    asText(r.external_id), r.name, r.kind, r.industry ?? '', r.region ?? '', asText(r.phone), r.email ?? '', r.company ?? '',
    r.owner ?? '', cst(r.created_at),
    zh('relationship', r.relationship_type), zh('relationship', r.relationship_secondary), zh('funnel', r.funnel_stage),
    zh('value', r.value_tier), zh('lifecycle', r.lifecycle), zh('loyalty', r.loyalty),
    r.churn_risk === null ? '' : r.churn_risk.toFixed(2), zh('needs', r.needs),
    // reasons hold instants: "N 天" is counted at export time, in the org's time zone
    r.tags.join('；'), Object.values(r.reasons ?? {}).flat().map((x) => renderReason(x, 'zh', at)).join('；'),
  ]);
}

/** BOM + header, then the rows in chunks of `batch` (one cursor fetch each). */
export async function* customersCsvStream(
  tx: Tx,
  params: Partial<CustomerListFilters> & { orgId: string },
  batch = 1_000,
): AsyncGenerator<string> {
  yield '\ufeff' + stringify([[...CUSTOMER_EXPORT_COLUMNS]]);
  const [org] = await tx<{ tz: string }[]>`
    select coalesce(nullif(settings ->> 'timezone', ''), 'Asia/Shanghai') as tz from public.orgs where id = ${params.orgId}`;
  const at: ReadAt = { now: new Date().toISOString(), timeZone: org?.tz ?? 'Asia/Shanghai' };
  const { join, where } = customerListFilterSql(tx, params);
  const cursor = tx<Row[]>`
    select coalesce(c.external_id, c.id::text) as external_id, c.name, c.kind, c.industry, c.region, c.phone, c.email, c.company,
           coalesce(m.email, m.phone, m.display_name) as owner, c.created_at,
           p.relationship_type, p.relationship_secondary, p.funnel_stage, p.value_tier, p.lifecycle, p.loyalty,
           p.churn_risk::float8 as churn_risk, p.needs, p.reasons,
           coalesce((select array_agg(coalesce(t.label_zh, t.tag) order by t.kind, t.tag)
                       from public.customer_tags t where t.org_id = c.org_id and t.customer_id = c.id), '{}') as tags
      from public.customers c
      ${join} public.customer_profiles p on p.org_id = c.org_id and p.customer_id = c.id
      left join public.members m on m.org_id = c.org_id and m.user_id = c.owner_id
     where ${where}
     order by c.id`.cursor(batch);
  for await (const rows of cursor) yield stringify(rows.map((r) => record(r, at)));
}
