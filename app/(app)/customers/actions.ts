'use server';
// loadMoreCustomers — the next page of the customer list (same search, filters and sort), for
// the "load more" button.
import { getCurrentMember } from '@/lib/db/queries/members.ts';
import { CUSTOMER_PAGE_SIZE, listCustomers } from '@/lib/db/queries/customers.ts';
import { requireClaims } from '@/lib/auth/session.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { CustomerListQuery } from '@/lib/validation/customer.ts';

export async function loadMoreCustomers(input: unknown) {
  const claims = await requireClaims();
  const { cursor, ...filters } = CustomerListQuery.parse(input);
  return withRls(claims, async (tx) => {
    const member = await getCurrentMember(tx, { userId: claims.sub });
    if (!member || !cursor) return { items: [], nextCursor: null };
    return listCustomers(tx, { ...filters, orgId: member.org_id, cursor, limit: CUSTOMER_PAGE_SIZE });
  });
}
