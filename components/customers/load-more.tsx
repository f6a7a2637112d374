'use client';
// "Load more": asks the server action for the page after the cursor (same search, filters and
// sort) and appends it. A button, not an endless scroll: a rep can tell where the list ends.
import { useTranslations } from 'next-intl';
import type { CustomerListItem } from '@/lib/db/queries/customers.ts';
import type { CustomerListFilters } from '@/lib/validation/customer.ts';
import { LoadMoreButton } from '@/components/ui/load-more-button.tsx';
import { type Paged, usePaged } from '@/components/ui/use-paged.ts';
import { CustomerRow } from './customer-row.tsx';

export function LoadMoreCustomers({
  query,
  initialCursor,
  load,
}: {
  query: CustomerListFilters;
  initialCursor: string | null;
  load: (input: CustomerListFilters & { cursor: string }) => Promise<Paged<CustomerListItem>>;
}) {
  const t = useTranslations('customers');
  const paged = usePaged(initialCursor, (c) => load({ ...query, cursor: c }));

  return (
    <>
      {paged.items.length > 0 ? (
        <ul className="bg-white">
          {paged.items.map((c) => (
            <CustomerRow key={c.id} customer={c} />
          ))}
        </ul>
      ) : null}
      {paged.cursor ? (
        <LoadMoreButton
          paged={paged}
          labels={{ more: t('loadMore'), loading: t('loading'), failed: t('loadFailed') }}
          className="block min-h-[48px] w-full text-[14px] active:bg-black/5"
          testId="load-more"
        />
      ) : (
        <p className="py-4 text-center text-[12px] text-muted">{t('end')}</p>
      )}
    </>
  );
}
