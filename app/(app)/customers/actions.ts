'use server';
// loadMoreCustomers — the next page of the customer list (same search, filters and sort), for
// the "load more" button. memberAction: signed in and a member; RLS decides what is listed.
import { CUSTOMER_PAGE_SIZE, type CustomerListPage, listCustomers } from '@/lib/db/queries/customers.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { memberAction } from '@/lib/http/action.ts';
import { CustomerListQuery } from '@/lib/validation/customer.ts';

const EMPTY: CustomerListPage = { items: [], nextCursor: null };
const failed = (): never => {
  throw new Error('loadMoreCustomers failed');
};

const loadMore = memberAction(
  { name: 'loadMoreCustomers', input: CustomerListQuery, invalid: failed, refused: () => EMPTY, failed },
  async ({ claims, member, input: { cursor, ...filters } }) => {
    if (!cursor) return EMPTY;
    return withRls(claims, (tx) => listCustomers(tx, { ...filters, orgId: member.org_id, cursor, limit: CUSTOMER_PAGE_SIZE }));
  },
);

export async function loadMoreCustomers(input: unknown) {
  return loadMore(input);
}
