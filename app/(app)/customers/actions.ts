'use server';
// loadMoreCustomers — the next page of the customer list, for the "load more" button.
import { getCurrentMember } from '@/lib/db/queries/members.ts';
import { CUSTOMER_PAGE_SIZE, listCustomers } from '@/lib/db/queries/customers.ts';
import { requireClaims } from '@/lib/auth/session.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { CustomerListQuerySchema } from './list-query.ts';

export async function loadMoreCustomers(input: { q: string; cursor: string }) {
  const claims = await requireClaims();
  const { q, cursor } = CustomerListQuerySchema.parse(input);
  return withRls(claims, async (tx) => {
    const member = await getCurrentMember(tx, { userId: claims.sub });
    if (!member || !cursor) return { items: [], nextCursor: null };
    return listCustomers(tx, { orgId: member.org_id, q, cursor, limit: CUSTOMER_PAGE_SIZE });
  });
}
