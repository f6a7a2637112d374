// Loads parsed import files into one org: one transaction per file, in dependency order.
// A file with any bad row (shape, or a reference that does not resolve) loads nothing and
// reports every bad row. Ids are derived from the row's content, so importing the same file
// twice — or re-importing an export — stores each row once.
import { createHash } from 'node:crypto';
import type { Sql, TransactionSql } from 'postgres';
import { searchKey } from '../search/pinyin.ts';
import { type Parsed, parseImportFile, type RowError } from './parse.ts';
import { IMPORT_FILES, type ImportFile, type RowOf } from './schemas.ts';

export class ImportRejected extends Error {
  constructor(readonly errors: RowError[]) {
    super(`import rejected: ${errors.length} bad row(s)`);
  }
}

/** Name-based uuid (RFC 4122 v5 layout over sha-1), scoped to the org. */
export function stableId(orgId: string, ...parts: (string | number | null | undefined)[]): string {
  const h = createHash('sha1').update([orgId, ...parts.map((p) => String(p ?? ''))].join('\u241f')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Identical rows in one file are distinct events (two equal orders on a day): number them. */
function occurrences() {
  const seen = new Map<string, number>();
  return (key: string) => {
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n;
  };
}

const normPhone = (p: string) => p.replace(/[^\d]/g, '').replace(/^86(1\d{10})$/, '$1');

async function insertChunked(tx: TransactionSql, table: string, rows: Record<string, unknown>[], conflict: string) {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!);
  const size = 5_000;
  for (let i = 0; i < rows.length; i += size) {
    // One parameter per chunk: json_populate_recordset casts each field to the column's type.
    await tx.unsafe(
      `insert into public.${table} (${cols.join(', ')})
       select ${cols.join(', ')} from json_populate_recordset(null::public.${table}, $1::text::json) ${conflict}`,
      [JSON.stringify(rows.slice(i, i + size)) as never],
    );
  }
}

type Ctx = { tx: TransactionSql; orgId: string; errors: RowError[] };

async function memberResolver({ tx, orgId }: Ctx) {
  const members = await tx<{ user_id: string; email: string | null; phone: string | null }[]>`
    select m.user_id, coalesce(m.email, u.email) as email, coalesce(m.phone, u.phone) as phone
    from public.members m join auth.users u on u.id = m.user_id where m.org_id = ${orgId}`;
  const byKey = new Map<string, string>();
  for (const m of members) {
    if (m.email) byKey.set(m.email.toLowerCase(), m.user_id);
    if (m.phone) byKey.set(normPhone(m.phone), m.user_id);
  }
  return (who: string) => byKey.get(who.trim().toLowerCase()) ?? byKey.get(normPhone(who));
}

async function customerResolver({ tx, orgId }: Ctx, externalIds: string[]) {
  const rows = await tx<{ id: string; external_id: string; owner_id: string }[]>`
    select id, external_id, owner_id from public.customers where org_id = ${orgId} and external_id = any(${[...new Set(externalIds)]})`;
  return new Map(rows.map((r) => [r.external_id, r]));
}

const LOADERS: { [F in ImportFile]: (ctx: Ctx, p: Parsed<F>) => Promise<number> } = {
  async 'customers.csv'(ctx, p) {
    const owner = await memberResolver(ctx);
    const rows = p.rows.flatMap(({ line, data }) => {
      const ownerId = owner(data.owner);
      if (!ownerId) return ctx.errors.push({ file: p.file, line, field: 'owner', message: `no member with e-mail or phone "${data.owner}"` }), [];
      return [{
        id: stableId(ctx.orgId, 'customer', data.external_id), org_id: ctx.orgId, owner_id: ownerId, external_id: data.external_id,
        name: data.name, kind: data.kind, industry: data.industry ?? null, region: data.region ?? null, phone: data.phone ?? null,
        email: data.email ?? null, company: data.company ?? null, created_at: data.created_at ?? new Date(), source: 'import',
        search_pinyin: searchKey(data.name, data.company),
      }];
    });
    await insertChunked(ctx.tx, 'customers', rows, `on conflict (org_id, external_id) where external_id is not null do update set
      owner_id = excluded.owner_id, name = excluded.name, kind = excluded.kind, industry = excluded.industry, region = excluded.region,
      phone = excluded.phone, email = excluded.email, company = excluded.company, search_pinyin = excluded.search_pinyin`);
    return rows.length;
  },
  async 'deals.csv'(ctx, p) {
    const customers = await customerResolver(ctx, p.rows.map((r) => r.data.customer_external_id));
    const rows = p.rows.flatMap(({ line, data }) => {
      const c = customers.get(data.customer_external_id);
      if (!c) return unknownCustomer(ctx, p.file, line, data.customer_external_id);
      return [{ id: stableId(ctx.orgId, 'deal', data.external_id), org_id: ctx.orgId, customer_id: c.id, external_id: data.external_id,
        amount: data.amount ?? null, premium: data.premium, created_at: data.created_at, stage: 'needs' }];
    });
    await insertChunked(ctx.tx, 'deals', rows, `on conflict (org_id, external_id) where external_id is not null do update set
      amount = excluded.amount, premium = excluded.premium, created_at = excluded.created_at`);
    return rows.length;
  },
  async 'deal_stage_changes.csv'(ctx, p) {
    const ids = [...new Set(p.rows.map((r) => r.data.deal_external_id))];
    const deals = new Map((await ctx.tx<{ id: string; external_id: string; customer_id: string }[]>`
      select id, external_id, customer_id from public.deals where org_id = ${ctx.orgId} and external_id = any(${ids})`).map((d) => [d.external_id, d]));
    const nth = occurrences();
    const rows = p.rows.flatMap(({ line, data }) => {
      const d = deals.get(data.deal_external_id);
      if (!d) return ctx.errors.push({ file: p.file, line, field: 'deal_external_id', message: `unknown deal "${data.deal_external_id}"` }), [];
      const key = [data.deal_external_id, data.from_stage, data.to_stage, data.changed_at.toISOString()].join('|');
      return [{ id: stableId(ctx.orgId, 'stage', key, nth(key)), org_id: ctx.orgId, deal_id: d.id, customer_id: d.customer_id,
        from_stage: data.from_stage, to_stage: data.to_stage, changed_at: data.changed_at }];
    });
    await insertChunked(ctx.tx, 'deal_stage_changes', rows, 'on conflict (id) do nothing');
    // A deal's stage is where its latest change took it.
    await ctx.tx`update public.deals d set stage = last.to_stage from (
        select distinct on (deal_id) deal_id, to_stage from public.deal_stage_changes
        where org_id = ${ctx.orgId} and deal_id = any(${[...new Set(rows.map((r) => r.deal_id))]}) order by deal_id, changed_at desc
      ) last where d.id = last.deal_id and d.org_id = ${ctx.orgId}`;
    return rows.length;
  },
  async 'interactions.csv'(ctx, p) {
    const customers = await customerResolver(ctx, p.rows.map((r) => r.data.customer_external_id));
    const member = await memberResolver(ctx);
    const nth = occurrences();
    const rows = p.rows.flatMap(({ line, data }) => {
      const c = customers.get(data.customer_external_id);
      if (!c) return unknownCustomer(ctx, p.file, line, data.customer_external_id);
      const repId = data.rep ? member(data.rep) : c.owner_id;
      if (!repId) return ctx.errors.push({ file: p.file, line, field: 'rep', message: `no member with e-mail or phone "${data.rep}"` }), [];
      const key = [data.customer_external_id, data.occurred_at.toISOString(), data.kind, data.note ?? ''].join('|');
      return [{ id: stableId(ctx.orgId, 'interaction', key, nth(key)), org_id: ctx.orgId, customer_id: c.id, rep_id: repId,
        kind: data.kind, initiated_by: data.initiated_by, occurred_at: data.occurred_at, duration_min: data.duration_min ?? null,
        attitude: data.attitude, cognition: data.cognition, sentiment: data.sentiment, note: data.note ?? null }];
    });
    await insertChunked(ctx.tx, 'interactions', rows, 'on conflict (id) do nothing');
    return rows.length;
  },
  async 'orders.csv'(ctx, p) {
    const customers = await customerResolver(ctx, p.rows.map((r) => r.data.customer_external_id));
    const nth = occurrences();
    const rows = p.rows.flatMap(({ line, data }) => {
      const c = customers.get(data.customer_external_id);
      if (!c) return unknownCustomer(ctx, p.file, line, data.customer_external_id);
      const key = [data.customer_external_id, data.ordered_at.toISOString(), data.amount, data.kind, data.discount_used, data.premium].join('|');
      return [{ id: stableId(ctx.orgId, 'order', key, nth(key)), org_id: ctx.orgId, customer_id: c.id, amount: data.amount,
        discount_used: data.discount_used, premium: data.premium, kind: data.kind, ordered_at: data.ordered_at }];
    });
    await insertChunked(ctx.tx, 'orders', rows, 'on conflict (id) do nothing');
    return rows.length;
  },
  async 'survey_responses.csv'(ctx, p) {
    const customers = await customerResolver(ctx, p.rows.map((r) => r.data.customer_external_id));
    const nth = occurrences();
    const surveys: Record<string, unknown>[] = [];
    const responses: Record<string, unknown>[] = [];
    for (const { line, data } of p.rows) {
      const c = customers.get(data.customer_external_id);
      if (!c) {
        unknownCustomer(ctx, p.file, line, data.customer_external_id);
        continue;
      }
      const key = [data.customer_external_id, data.sent_at.toISOString()].join('|');
      const surveyId = stableId(ctx.orgId, 'survey', key, nth(key));
      surveys.push({ id: surveyId, org_id: ctx.orgId, customer_id: c.id, created_at: data.sent_at,
        expires_at: new Date(data.sent_at.getTime() + 14 * 86_400_000), answered_at: data.answered_at ?? null });
      if (data.answered_at)
        responses.push({ id: stableId(ctx.orgId, 'response', surveyId), org_id: ctx.orgId, survey_id: surveyId, customer_id: c.id,
          nps: data.nps, csat: data.csat, comment: data.comment ?? null, created_at: data.answered_at });
    }
    await insertChunked(ctx.tx, 'surveys', surveys, 'on conflict (id) do nothing');
    await insertChunked(ctx.tx, 'survey_responses', responses, 'on conflict (id) do nothing');
    return surveys.length;
  },
};

function unknownCustomer(ctx: Ctx, file: string, line: number, ext: string): [] {
  ctx.errors.push({ file, line, field: 'customer_external_id', message: `unknown customer "${ext}"` });
  return [];
}

/**
 * Validates every file first (nothing is written if any row of any file is malformed), then
 * loads them in dependency order, one transaction per file. Returns rows loaded per file.
 */
export async function importFiles(sql: Sql, orgId: string, texts: Partial<Record<ImportFile, string>>): Promise<Partial<Record<ImportFile, number>>> {
  const order = (Object.keys(IMPORT_FILES) as ImportFile[]).filter((f) => texts[f] !== undefined);
  const parsed = order.map((f) => parseImportFile(f, texts[f]!));
  const shapeErrors = parsed.flatMap((p) => p.errors);
  if (shapeErrors.length) throw new ImportRejected(shapeErrors);

  const loaded: Partial<Record<ImportFile, number>> = {};
  for (const p of parsed) {
    const errors: RowError[] = [];
    await sql.begin(async (tx) => {
      const n = await (LOADERS[p.file] as (ctx: Ctx, p: Parsed<ImportFile>) => Promise<number>)({ tx, orgId, errors }, p);
      if (errors.length) throw new ImportRejected(errors); // rolls this file back
      loaded[p.file] = n;
    });
  }
  return loaded;
}

export type { RowOf };
