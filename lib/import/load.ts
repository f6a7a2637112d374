// Loads parsed import files into one org. Two callers, one set of loaders:
// - the CLI (importFiles): privileged connection, one transaction per file, in dependency order;
// - the app (loadAsMember, /api/import): inside withRls as a manager/admin, every file in the one
//   transaction the route opens. RLS decides what they may write; owners must be members they see
//   (admin: the org; manager: their team); interactions in a colleague's name and answered surveys,
//   which RLS does not let a manager insert, go through private.import_rows (same checks, in SQL).
// A file with any bad row (shape, or a reference that does not resolve) loads nothing and
// reports every bad row. Ids are derived from the row's content, so importing the same file
// twice — or re-importing an export — stores each row once.
import { createHash } from 'node:crypto';
import type { Sql, TransactionSql } from 'postgres';
import { phoneKey } from '../domain/vocabulary.ts';
import { searchKey } from '../search/pinyin.ts';
import { type Parsed, parseImportFile, type RowError } from './parse.ts';
import { IMPORT_FILES, type ImportFile, KEY_COLUMN, type RowOf } from './schemas.ts';

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


// Written by private.import_rows when the caller is a member (see the header).
const DEFINER_TABLES = new Set(['interactions', 'surveys', 'survey_responses']);
export const CHUNK_ROWS = 5_000;

async function insertChunked(ctx: Ctx, file: string, table: string, rows: Record<string, unknown>[], conflict: string) {
  if (!rows.length) return;
  const cols = Object.keys(rows[0]!);
  for (let i = 0; i < rows.length; i += CHUNK_ROWS) {
    // One parameter per chunk: json_populate_recordset casts each field to the column's type.
    const json = JSON.stringify(rows.slice(i, i + CHUNK_ROWS));
    if (ctx.member && DEFINER_TABLES.has(table)) await ctx.tx`select private.import_rows(${table}, ${json})`;
    else
      await ctx.tx.unsafe(
        `insert into public.${table} (${cols.join(', ')})
         select ${cols.join(', ')} from json_populate_recordset(null::public.${table}, $1::text::json) ${conflict}`,
        [json as never],
      );
    ctx.onProgress?.(file, Math.min(i + CHUNK_ROWS, rows.length));
  }
}

/**
 * A member importing through the app: whose customers they may write (RLS checks it again), and
 * whom they may name as the rep of an interaction — themselves or a member whose book they see
 * (a manager's team, an admin's org), as private.import_rows checks again in SQL.
 */
export type ImportingMember = { userId: string; visibleOwnerIds: ReadonlySet<string> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Ctx = {
  tx: TransactionSql;
  orgId: string;
  errors: RowError[];
  member?: ImportingMember;
  onProgress?: (file: string, done: number) => void;
  /** Ids of the customers written (for the duplicate check after an import). */
  customerIds?: string[];
  /** External ids of malformed customer/deal rows: already reported, so rows naming them are not "unknown". */
  badKeys?: Partial<Record<ImportFile, ReadonlySet<string>>>;
};

const err = (file: string, line: number, field: string, message: string, zh: string): RowError => ({ file, line, field, message, zh });

async function memberResolver({ tx, orgId, member }: Ctx) {
  // A member's transaction cannot read auth.users; members carries the e-mail and phone they sign in with.
  const members = member
    ? await tx<{ user_id: string; email: string | null; phone: string | null }[]>`
        select m.user_id, m.email, m.phone from public.members m where m.org_id = ${orgId}`
    : await tx<{ user_id: string; email: string | null; phone: string | null }[]>`
        select m.user_id, coalesce(m.email, u.email) as email, coalesce(m.phone, u.phone) as phone
        from public.members m join auth.users u on u.id = m.user_id where m.org_id = ${orgId}`;
  const byKey = new Map<string, string>();
  for (const m of members) {
    if (m.email) byKey.set(m.email.toLowerCase(), m.user_id);
    if (m.phone) byKey.set(phoneKey(m.phone) ?? m.phone, m.user_id);
  }
  return (who: string) => byKey.get(who.trim().toLowerCase()) ?? byKey.get(phoneKey(who) ?? who);
}

// A merged duplicate's rows go to the customer it was merged into. Under RLS only visible
// customers resolve: another team's customer is "unknown" to a manager.
// An app-made customer (no external id) is named by its id, as the export writes it.
async function customerResolver({ tx, orgId }: Ctx, externalIds: string[]) {
  const ids = [...new Set(externalIds)];
  const uuids = ids.filter((x) => UUID.test(x)).map((x) => x.toLowerCase());
  const rows = await tx<{ id: string; external_id: string; owner_id: string }[]>`
    select coalesce(k.id, c.id) as id, coalesce(c.external_id, c.id::text) as external_id, coalesce(k.owner_id, c.owner_id) as owner_id
      from public.customers c left join public.customers k on k.org_id = c.org_id and k.id = c.merged_into
     where c.org_id = ${orgId} and (c.external_id = any(${ids}) or (c.external_id is null and c.id = any(${uuids}::uuid[])))`;
  return new Map(rows.map((r) => [r.external_id, r]));
}

function ownerProblem(ctx: Ctx, file: string, line: number, owner: (who: string) => string | undefined, who: string): RowError | string {
  const ownerId = owner(who);
  if (!ownerId) return err(file, line, 'owner', `no member with e-mail or phone "${who}"`, `没有邮箱或手机号为“${who}”的成员`);
  if (ctx.member && !ctx.member.visibleOwnerIds.has(ownerId)) return err(file, line, 'owner', `"${who}" is not in your team`, `“${who}”不在你的团队中`);
  return ownerId;
}

/** Issue 13 (8): an import may name as rep only the importer or a member whose book they see. */
function repProblem(ctx: Ctx, file: string, line: number, member: (who: string) => string | undefined, who: string): RowError | string {
  const repId = member(who);
  if (!repId) return err(file, line, 'rep', `no member with e-mail or phone "${who}"`, `没有邮箱或手机号为“${who}”的成员`);
  if (ctx.member && repId !== ctx.member.userId && !ctx.member.visibleOwnerIds.has(repId))
    return err(file, line, 'rep', `"${who}" is not someone you may log for: only yourself or a member of your team`, `不能以“${who}”的名义记录：只能是你自己或你团队的成员`);
  return repId;
}

/**
 * The references and permissions of rows that failed their shape check, read from the raw cells,
 * so a file's owner outside the team is reported in the same pass as its bad phone.
 */
async function checkFailedRows(ctx: Ctx, p: Parsed<ImportFile>) {
  if (!p.failed.length) return;
  const cell = (r: Record<string, string>, c: string) => (r[c] ?? '').trim();
  const push = (e: RowError | string) => typeof e !== 'string' && ctx.errors.push(e);
  if (p.file === 'customers.csv') {
    const owner = await memberResolver(ctx);
    const ids = p.failed.map((f) => cell(f.record, 'external_id')).filter(Boolean);
    const hidden = new Set(
      ctx.member && ids.length ? (await ctx.tx<{ ids: string[] }[]>`select private.import_hidden_external_ids(${ids}) as ids`)[0]!.ids : [],
    );
    for (const { line, record } of p.failed) {
      if (cell(record, 'owner')) push(ownerProblem(ctx, p.file, line, owner, cell(record, 'owner')));
      const ext = cell(record, 'external_id');
      if (hidden.has(ext)) ctx.errors.push(err(p.file, line, 'external_id', `"${ext}" is another team's customer`, `“${ext}”是其他团队的客户`));
    }
    return;
  }
  if (p.file === 'deal_stage_changes.csv') {
    const ids = p.failed.map((f) => cell(f.record, 'deal_external_id')).filter(Boolean);
    const known = new Set((await ctx.tx<{ external_id: string }[]>`
      select external_id from public.deals where org_id = ${ctx.orgId} and external_id = any(${ids})`).map((d) => d.external_id));
    for (const { line, record } of p.failed) {
      const d = cell(record, 'deal_external_id');
      if (d && !known.has(d) && !ctx.badKeys?.['deals.csv']?.has(d))
        ctx.errors.push(err(p.file, line, 'deal_external_id', `unknown deal "${d}"`, `找不到商机“${d}”`));
    }
    return;
  }
  const customers = await customerResolver(ctx, p.failed.map((f) => cell(f.record, 'customer_external_id')).filter(Boolean));
  const member = p.file === 'interactions.csv' ? await memberResolver(ctx) : null;
  for (const { line, record } of p.failed) {
    const ext = cell(record, 'customer_external_id');
    if (ext && !customers.has(ext)) unknownCustomer(ctx, p.file, line, ext);
    if (member && cell(record, 'rep')) push(repProblem(ctx, p.file, line, member, cell(record, 'rep')));
  }
}

const LOADERS: { [F in ImportFile]: (ctx: Ctx, p: Parsed<F>) => Promise<number> } = {
  async 'customers.csv'(ctx, p) {
    const owner = await memberResolver(ctx);
    const externalIds = p.rows.map((r) => r.data.external_id);
    const hidden = new Set(
      ctx.member ? (await ctx.tx<{ ids: string[] }[]>`select private.import_hidden_external_ids(${externalIds}) as ids`)[0]!.ids : [],
    );
    // An export names customers made in the app (no external id) by their id: re-importing it
    // updates those customers in place instead of adding copies.
    const ownIds = externalIds.filter((x) => UUID.test(x)).map((x) => x.toLowerCase());
    const adopted = new Set(
      ownIds.length
        ? (await ctx.tx<{ id: string }[]>`
            select id::text as id from public.customers where org_id = ${ctx.orgId} and external_id is null and id = any(${ownIds}::uuid[])`).map((r) => r.id)
        : [],
    );
    const rows = p.rows.flatMap(({ line, data }) => {
      const ownerId = ownerProblem(ctx, p.file, line, owner, data.owner);
      if (typeof ownerId !== 'string') return ctx.errors.push(ownerId), [];
      if (hidden.has(data.external_id))
        return ctx.errors.push(err(p.file, line, 'external_id', `"${data.external_id}" is another team's customer`, `“${data.external_id}”是其他团队的客户`)), [];
      return [{
        id: stableId(ctx.orgId, 'customer', data.external_id), org_id: ctx.orgId, owner_id: ownerId, external_id: data.external_id,
        name: data.name, kind: data.kind, industry: data.industry ?? null, region: data.region ?? null, phone: data.phone ?? null,
        email: data.email ?? null, company: data.company ?? null, created_at: data.created_at ?? new Date(), source: 'import',
        search_pinyin: searchKey(data.name, data.company),
      }];
    });
    const own = rows.filter((r) => adopted.has(r.external_id.toLowerCase())).map((r) => ({ ...r, id: r.external_id.toLowerCase(), external_id: null }));
    const rest = rows.filter((r) => !adopted.has(r.external_id.toLowerCase()));
    await insertChunked(ctx, p.file, 'customers', rest, `on conflict (org_id, external_id) where external_id is not null do update set
      owner_id = excluded.owner_id, name = excluded.name, kind = excluded.kind, industry = excluded.industry, region = excluded.region,
      phone = excluded.phone, email = excluded.email, company = excluded.company, search_pinyin = excluded.search_pinyin`);
    if (own.length) {
      await ctx.tx`
        update public.customers c set owner_id = r.owner_id, name = r.name, kind = r.kind, industry = r.industry, region = r.region,
               phone = r.phone, email = r.email, company = r.company, search_pinyin = r.search_pinyin
          from json_populate_recordset(null::public.customers, ${JSON.stringify(own)}::text::json) r
         where c.org_id = ${ctx.orgId} and c.id = r.id`;
      ctx.customerIds?.push(...own.map((r) => r.id));
    }
    if (ctx.customerIds && rest.length)
      for (const r of await ctx.tx<{ id: string }[]>`
        select id from public.customers where org_id = ${ctx.orgId} and external_id = any(${rest.map((r) => r.external_id)})`)
        ctx.customerIds.push(r.id);
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
    await insertChunked(ctx, p.file, 'deals', rows, `on conflict (org_id, external_id) where external_id is not null do update set
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
      if (!d && ctx.badKeys?.['deals.csv']?.has(data.deal_external_id)) return [];
      if (!d) return ctx.errors.push(err(p.file, line, 'deal_external_id', `unknown deal "${data.deal_external_id}"`, `找不到商机“${data.deal_external_id}”`)), [];
      const key = [data.deal_external_id, data.from_stage, data.to_stage, data.changed_at.toISOString()].join('|');
      return [{ id: stableId(ctx.orgId, 'stage', key, nth(key)), org_id: ctx.orgId, deal_id: d.id, customer_id: d.customer_id,
        from_stage: data.from_stage, to_stage: data.to_stage, changed_at: data.changed_at }];
    });
    await insertChunked(ctx, p.file, 'deal_stage_changes', rows, 'on conflict (id) do nothing');
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
      const repId = data.rep ? repProblem(ctx, p.file, line, member, data.rep) : c.owner_id;
      if (typeof repId !== 'string') return ctx.errors.push(repId), [];
      const key = [data.customer_external_id, data.occurred_at.toISOString(), data.kind, data.note ?? ''].join('|');
      return [{ id: stableId(ctx.orgId, 'interaction', key, nth(key)), org_id: ctx.orgId, customer_id: c.id, rep_id: repId,
        kind: data.kind, initiated_by: data.initiated_by, occurred_at: data.occurred_at, duration_min: data.duration_min ?? null,
        attitude: data.attitude, cognition: data.cognition, sentiment: data.sentiment, note: data.note ?? null }];
    });
    await insertChunked(ctx, p.file, 'interactions', rows, 'on conflict (id) do nothing');
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
    await insertChunked(ctx, p.file, 'orders', rows, 'on conflict (id) do nothing');
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
    await insertChunked(ctx, p.file, 'surveys', surveys, 'on conflict (id) do nothing');
    await insertChunked(ctx, p.file, 'survey_responses', responses, 'on conflict (id) do nothing');
    return surveys.length;
  },
};

function unknownCustomer(ctx: Ctx, file: string, line: number, ext: string): [] {
  if (!ctx.badKeys?.['customers.csv']?.has(ext)) ctx.errors.push(err(file, line, 'customer_external_id', `unknown customer "${ext}"`, `找不到客户“${ext}”`));
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

export type MemberImport = {
  /** Rows loaded per file (what would be loaded, for a dry run). */
  loaded: Partial<Record<ImportFile, number>>;
  /** Every bad row of every file: shape first, then references (unknown customer, owner outside the team…). */
  errors: RowError[];
  /** Customers written (to look for duplicates among them). */
  customerIds: string[];
};

/**
 * The in-app import, inside the caller's withRls transaction: every given file in dependency order.
 * One pass reports everything: each file's well-formed rows are loaded (so later files can refer to
 * them) and their references and permissions checked, and its malformed rows are checked for the
 * same from their raw cells (checkFailedRows) — a bad row is skipped so the rest still shows its own
 * errors. The caller rolls the whole transaction back when `errors` is not empty (or on a dry run).
 * Errors come out by file (load order), then line.
 */
export async function loadAsMember(
  tx: TransactionSql,
  opts: { orgId: string; member: ImportingMember; onProgress?: (file: string, done: number) => void },
  parsed: Parsed<ImportFile>[],
): Promise<MemberImport> {
  const byOrder = (Object.keys(IMPORT_FILES) as ImportFile[]).flatMap((f) => parsed.filter((p) => p.file === f));
  const errors = byOrder.flatMap((p) => p.errors);
  const out: MemberImport = { loaded: {}, errors, customerIds: [] };
  // A file that could not be read at all (missing columns, broken quoting) has no rows to check.
  const badKeys = Object.fromEntries(
    byOrder.filter((p) => KEY_COLUMN[p.file]).map((p) => [p.file, new Set(p.failed.map((f) => (f.record[KEY_COLUMN[p.file]!] ?? '').trim()))]),
  );
  const ctx: Ctx = { tx, orgId: opts.orgId, errors, member: opts.member, onProgress: opts.onProgress, customerIds: out.customerIds, badKeys };
  for (const p of byOrder) {
    out.loaded[p.file] = await (LOADERS[p.file] as (ctx: Ctx, p: Parsed<ImportFile>) => Promise<number>)(ctx, p);
    await checkFailedRows(ctx, p);
  }
  const order = new Map(byOrder.map((p, i) => [p.file as string, i]));
  errors.sort((a, b) => order.get(a.file)! - order.get(b.file)! || a.line - b.line);
  return out;
}

export type { RowOf };
