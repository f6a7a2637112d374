'use client';
// "Load more": asks the server action for the page after the cursor (same search, filters and
// sort) and appends it. A button, not an endless scroll: a rep can tell where the list ends.
import { useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import type { CustomerListItem } from '@/lib/db/queries/customers.ts';
import type { CustomerListFilters } from '@/lib/validation/customer.ts';
import { CustomerRow } from './customer-row.tsx';

type Page = { items: CustomerListItem[]; nextCursor: string | null };

export function LoadMoreCustomers({
  query,
  initialCursor,
  load,
}: {
  query: CustomerListFilters;
  initialCursor: string | null;
  load: (input: CustomerListFilters & { cursor: string }) => Promise<Page>;
}) {
  const t = useTranslations('customers');
  const [items, setItems] = useState<CustomerListItem[]>([]);
  const [cursor, setCursor] = useState(initialCursor);
  const [failed, setFailed] = useState(false);
  const [pending, startTransition] = useTransition();

  const more = () => {
    if (!cursor) return;
    setFailed(false);
    startTransition(async () => {
      try {
        const page = await load({ ...query, cursor });
        setItems((prev) => [...prev, ...page.items]);
        setCursor(page.nextCursor);
      } catch {
        setFailed(true);
      }
    });
  };

  return (
    <>
      {items.length > 0 ? (
        <ul className="bg-white">
          {items.map((c) => (
            <CustomerRow key={c.id} customer={c} />
          ))}
        </ul>
      ) : null}
      {cursor ? (
        <button
          type="button"
          onClick={more}
          disabled={pending}
          className="block min-h-[48px] w-full text-center text-[14px] text-[#576b95] active:bg-black/5 disabled:text-muted"
          data-testid="load-more"
        >
          {pending ? t('loading') : failed ? t('loadFailed') : t('loadMore')}
        </button>
      ) : (
        <p className="py-4 text-center text-[12px] text-faint">{t('end')}</p>
      )}
    </>
  );
}
