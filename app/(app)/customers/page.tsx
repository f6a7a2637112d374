import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { CustomerRow } from '@/components/customers/customer-row.tsx';
import { CustomerSearch } from '@/components/customers/customer-search.tsx';
import { LoadMoreCustomers } from '@/components/customers/load-more.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { countCustomers, CUSTOMER_PAGE_SIZE, listCustomers } from '@/lib/db/queries/customers.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { getMe } from '../_lib/me.ts';
import { loadMoreCustomers } from './actions.ts';
import { CustomerListQuerySchema, firstParam } from './list-query.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('customers'))('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// The customer list: what RLS lets this member see (own / team / org), searchable, paged.
export default async function CustomersPage({ searchParams }: Props) {
  const { q } = CustomerListQuerySchema.parse({ q: firstParam((await searchParams).q) });
  const { claims, member } = await getMe();
  if (!member) return null; // the layout explains
  const t = await getTranslations('customers');
  const { page, total } = await withRls(claims, async (tx) => ({
    page: await listCustomers(tx, { orgId: member.org_id, q, limit: CUSTOMER_PAGE_SIZE }),
    total: await countCustomers(tx, { orgId: member.org_id, q }),
  }));

  return (
    <main>
      <PageHeader title={t('title')} />
      <CustomerSearch q={q} />
      <p className="px-4 pb-2 pt-1 text-[13px] text-muted" aria-live="polite">
        {q ? `${t('resultsFor', { q })} · ` : null}
        <span data-testid="customer-total" data-count={total}>
          {t('count', { count: total })}
        </span>
      </p>
      {page.items.length === 0 ? (
        q ? (
          <EmptyState title={t('emptySearch')} body={t('emptySearchHint')} />
        ) : (
          <EmptyState title={t('empty')} body={t('emptyHint')} />
        )
      ) : (
        <>
          <ul className="bg-white" data-testid="customer-list">
            {page.items.map((c) => (
              <CustomerRow key={c.id} customer={c} />
            ))}
          </ul>
          <LoadMoreCustomers key={q} q={q} initialCursor={page.nextCursor} load={loadMoreCustomers} />
        </>
      )}
    </main>
  );
}
