// Customer list queries. Run inside withRls: the customers policy decides which rows exist
// (a rep's own, a manager's team's, the whole org for an admin); these functions only filter
// by org, search, tag filters, sort and page. Writes are in customer-write.ts.
import { pinyinQuery } from '../../search/pinyin.ts';
import type { CustomerListFilters, CustomerSort } from '../../validation/customer.ts';
import type { Tx } from '../with-rls.ts';

export type CustomerListItem = {
  id: string;
  name: string;
  company: string | null;
  region: string | null;
  relationship_type: string | null;
  funnel_stage: string | null;
  value_tier: string | null;
  loyalty: string | null;
  /** Whole days since the latest interaction; null when there has been none. */
  last_contact_days: number | null;
};

export type CustomerListParams = Partial<CustomerListFilters> & {
  orgId: string;
  limit?: number;
  /** Opaque, from a previous page's nextCursor (of the same sort; another sort's starts over). */
  cursor?: string | null;
};

export const CUSTOMER_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

// ---------------------------------------------------------------------------
// Keyset paging. Every sort orders by (key, id) with a key that is never null, and each has an
// index on (org_id, key, id) — migration 20261123000800_customer_search.sql — so a page is an
// index range scan, however deep:
//   priority  profile priority desc (the engine's "who next"), read from customer_profiles
//             through its (org_id, priority, customer_id) index; customers with no profile yet
//             (just created, recompute pending) follow, newest id first
//   contact   coalesce(last_contact_at, -infinity) desc — most recent first, never contacted last
//   name      coalesce(search_pinyin, lower(name)) asc — pinyin order, like the phone's contacts
// The cursor is the last row's key as Postgres prints it (real, timestamptz and text round-trip
// exactly; a JS number or Date would lose digits or microseconds — hence `::text::timestamptz`,
// which also stops postgres.js from re-serialising the parameter as a JS Date) and its id. For
// priority the key '' marks the no-profile tail.
type CursorKey = { sort: CustomerSort; key: string; id: string };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORTS: readonly string[] = ['priority', 'contact', 'name'];
// What each key looks like when Postgres printed it: a tampered cursor starts over instead of
// failing on the cast.
const KEY_SHAPE: Record<CustomerSort, RegExp> = {
  priority: /^(-?\d+(\.\d+)?(e[-+]?\d+)?)?$/i, // real, or '' for the no-profile tail
  contact: /^(-infinity|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[-+]\d{2}(:\d{2})?)$/,
  name: /^[^\u0000]{0,2000}$/,
};

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.sort, key.key, key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, sort: CustomerSort): CursorKey | null {
  if (!cursor) return null;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(v) && v.length === 3 && v[0] === sort && SORTS.includes(v[0]) &&
      typeof v[1] === 'string' && KEY_SHAPE[sort].test(v[1]) && typeof v[2] === 'string' && UUID.test(v[2])
    ) {
      return { sort, key: v[1], id: v[2] };
    }
  } catch {
    // fall through: a tampered or stale cursor just means "from the start"
  }
  return null;
}

// ---------------------------------------------------------------------------
// Filters

/** `%`, `_` and `\` typed by the user are literal characters, not patterns. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Name, company or phone contain the text; a Latin query also matches the pinyin key (`zs` →
 * 张三, `hzhy` → 杭州恒远…); a number matches the phone's digits whatever its spacing
 * ('138 0013' finds '+86 138 0013 8000'). Substring matches over the org's rows: at 2,000
 * customers a few ms, at 100k tens of ms (docs/architecture.md has the figures).
 */
function searchFilter(tx: Tx, q: string | undefined) {
  const term = q?.normalize('NFKC').trim();
  if (!term) return tx``;
  const pattern = `%${escapeLike(term)}%`;
  const py = pinyinQuery(term);
  const digits = term.replace(/[\s\-()+]/g, '');
  // Chinese and digits have no case: plain like skips ilike's per-row case folding (~40% of the scan).
  const cased = term.toLowerCase() !== term.toUpperCase();
  const contains = (col: ReturnType<Tx>) => (cased ? tx`${col} ilike ${pattern}` : tx`${col} like ${pattern}`);
  return tx`and (
    ${contains(tx`c.name`)} or ${contains(tx`c.company`)} or c.phone like ${pattern}
    ${py ? tx`or c.search_pinyin like ${`%${escapeLike(py)}%`}` : tx``}
    ${/^\d{3,}$/.test(digits) ? tx`or regexp_replace(c.phone, '[^0-9]', '', 'g') like ${`%${digits}%`}` : tx``}
  )`;
}

/** Tag filters read the current profile. Relationship is the primary type only (secondary "兼忠诚型" does not count). */
function tagFilters(tx: Tx, f: Partial<CustomerListFilters>) {
  return tx`
    ${f.rel ? tx`and p.relationship_type = ${f.rel}` : tx``}
    ${f.stage ? tx`and p.funnel_stage = ${f.stage}` : tx``}
    ${f.value ? tx`and p.value_tier = ${f.value}` : tx``}
    ${f.life ? tx`and p.lifecycle = ${f.life}` : tx``}
    ${f.risk ? tx`and p.loyalty = 'at_risk'` : tx``}`;
}

const usesProfile = (f: Partial<CustomerListFilters>) => Boolean(f.rel || f.stage || f.value || f.life || f.risk);

/**
 * The list's filters for other readers of the same list (the CSV export): the join to
 * `customer_profiles p` and the condition over `c`/`p`, exactly as the list applies them.
 */
export function customerListFilterSql(tx: Tx, params: Partial<CustomerListFilters> & { orgId: string }) {
  return {
    join: usesProfile(params) ? tx`join` : tx`left join`,
    where: tx`c.org_id = ${params.orgId} and c.merged_into is null ${tagFilters(tx, params)} ${searchFilter(tx, params.q)}`,
  };
}

// ---------------------------------------------------------------------------

type Row = CustomerListItem & { sort_key: string };
export type CustomerListPage = { items: CustomerListItem[]; nextCursor: string | null };

const COLUMNS = (tx: Tx) => tx`
  c.id, c.name, c.company, c.region, p.relationship_type, p.funnel_stage, p.value_tier, p.loyalty,
  floor(extract(epoch from (now() - c.last_contact_at)) / 86400)::int as last_contact_days`;

export async function listCustomers(tx: Tx, params: CustomerListParams): Promise<CustomerListPage> {
  const limit = Math.min(Math.max(1, params.limit ?? CUSTOMER_PAGE_SIZE), MAX_PAGE_SIZE);
  const sort = params.sort ?? 'priority';
  const after = decodeCursor(params.cursor, sort);
  const base = customerListFilterSql(tx, params).where;
  // A tag filter needs a profile, so the join is inner and the planner may start from either side.
  const join = usesProfile(params) ? tx`join` : tx`left join`;

  if (sort === 'priority') {
    // Driven by customer_profiles' (org_id, priority, customer_id) index: the first page reads
    // ~50 profiles instead of joining every visible customer to its profile and sorting them all.
    const inTail = after?.key === '';
    const ranked = inTail
      ? []
      : await tx<Row[]>`
          select ${COLUMNS(tx)}, p.priority::text as sort_key
            from public.customer_profiles p
            join public.customers c on c.org_id = p.org_id and c.id = p.customer_id
           where p.org_id = ${params.orgId} and ${base}
             ${after ? tx`and (p.priority, p.customer_id) < (${after.key}::text::real, ${after.id}::uuid)` : tx``}
           order by p.priority desc, p.customer_id desc
           limit ${limit + 1}`;
    if (ranked.length > limit || usesProfile(params)) return pageOf(ranked, limit, sort);
    // The tail: visible customers with no profile yet (also what a rep sees before the first recompute).
    const tail = await tx<Row[]>`
      select ${COLUMNS(tx)}, '' as sort_key
        from public.customers c
        left join public.customer_profiles p on false -- no profile: p.* is null, as COLUMNS expects
       where ${base}
         and not exists (select 1 from public.customer_profiles x where x.org_id = c.org_id and x.customer_id = c.id)
         ${inTail ? tx`and c.id < ${after!.id}::uuid` : tx``}
       order by c.id desc
       limit ${limit + 1 - ranked.length}`;
    return pageOf([...ranked, ...tail], limit, sort);
  }

  const key = sort === 'contact' ? tx`coalesce(c.last_contact_at, '-infinity'::timestamptz)` : tx`coalesce(c.search_pinyin, lower(c.name))`;
  const rows = await tx<Row[]>`
    select ${COLUMNS(tx)}, (${key})::text as sort_key
      from public.customers c
      ${join} public.customer_profiles p on p.org_id = c.org_id and p.customer_id = c.id
     where ${base}
       ${
         !after
           ? tx``
           : sort === 'contact'
             ? tx`and (coalesce(c.last_contact_at, '-infinity'::timestamptz), c.id) < (${after.key}::text::timestamptz, ${after.id}::uuid)`
             : tx`and (coalesce(c.search_pinyin, lower(c.name)), c.id) > (${after.key}::text, ${after.id}::uuid)`
       }
     ${
       sort === 'contact'
         ? tx`order by coalesce(c.last_contact_at, '-infinity'::timestamptz) desc, c.id desc`
         : tx`order by coalesce(c.search_pinyin, lower(c.name)) asc, c.id asc`
     }
     limit ${limit + 1}`;
  return pageOf(rows, limit, sort);
}

function pageOf(rows: Row[], limit: number, sort: CustomerSort): CustomerListPage {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ sort_key: _key, ...item }) => item),
    nextCursor: rows.length > limit && last ? encodeCursor({ sort, key: last.sort_key, id: last.id }) : null,
  };
}

/** How many customers the caller can see with the same search and filters, for the list header. */
export async function countCustomers(tx: Tx, params: Omit<CustomerListParams, 'limit' | 'cursor' | 'sort'>): Promise<number> {
  const [row] = await tx<{ n: number }[]>`
    select count(*)::int as n
      from public.customers c
      ${usesProfile(params) ? tx`join public.customer_profiles p on p.org_id = c.org_id and p.customer_id = c.id` : tx``}
     where c.org_id = ${params.orgId}
       and c.merged_into is null
       ${tagFilters(tx, params)}
       ${searchFilter(tx, params.q)}`;
  return row?.n ?? 0;
}
