// Customer queries. Run inside withRls: the customers policy decides which rows exist
// (a rep's own, a manager's team's, the whole org for an admin); these functions only
// filter by org, search and page.
import type { Tx } from '../with-rls.ts';

export type CustomerListItem = {
  id: string;
  name: string;
  company: string | null;
  region: string | null;
  relationship_type: string | null;
  funnel_stage: string | null;
  value_tier: string | null;
  /** Whole days since the latest interaction; null when there has been none. */
  last_contact_days: number | null;
};

export type CustomerListParams = {
  orgId: string;
  /** Matches name, company or phone (case-insensitive substring). */
  q?: string;
  limit?: number;
  /** Opaque, from a previous page's nextCursor. */
  cursor?: string | null;
};

export const CUSTOMER_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 200;

// Keyset pagination on (name, id), which the (org_id, name) index serves; a cursor is the
// last row's sort key, so pages stay stable while rows are added elsewhere.
type CursorKey = { name: string; id: string };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.name, key.id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined): CursorKey | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && UUID.test(value[1])) {
      return { name: value[0], id: value[1] };
    }
  } catch {
    // fall through: a tampered or stale cursor just means "from the start"
  }
  return null;
}

/** `%`, `_` and `\` typed by the user are literal characters, not patterns. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function searchFilter(tx: Tx, q: string | undefined) {
  const term = q?.trim();
  if (!term) return tx``;
  const pattern = likePattern(term);
  return tx`and (c.name ilike ${pattern} or c.company ilike ${pattern} or c.phone ilike ${pattern})`;
}

export async function listCustomers(
  tx: Tx,
  params: CustomerListParams,
): Promise<{ items: CustomerListItem[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(1, params.limit ?? CUSTOMER_PAGE_SIZE), MAX_PAGE_SIZE);
  const after = decodeCursor(params.cursor);
  const rows = await tx<CustomerListItem[]>`
    select c.id, c.name, c.company, c.region,
           p.relationship_type, p.funnel_stage, p.value_tier,
           floor(extract(epoch from (now() - li.last_at)) / 86400)::int as last_contact_days
      from public.customers c
      left join public.customer_profiles p on p.org_id = c.org_id and p.customer_id = c.id
      left join lateral (
        select max(i.occurred_at) as last_at
          from public.interactions i
         where i.org_id = c.org_id and i.customer_id = c.id
      ) li on true
     where c.org_id = ${params.orgId}
       and c.merged_into is null
       ${searchFilter(tx, params.q)}
       ${after ? tx`and (c.name, c.id) > (${after.name}, ${after.id}::uuid)` : tx``}
     order by c.name, c.id
     limit ${limit + 1}`;
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** How many customers the caller can see (with the same search), for the list header. */
export async function countCustomers(tx: Tx, params: Pick<CustomerListParams, 'orgId' | 'q'>): Promise<number> {
  const [row] = await tx<{ n: number }[]>`
    select count(*)::int as n
      from public.customers c
     where c.org_id = ${params.orgId}
       and c.merged_into is null
       ${searchFilter(tx, params.q)}`;
  return row?.n ?? 0;
}
