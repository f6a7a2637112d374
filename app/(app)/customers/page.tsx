import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { CustomerFilters, CustomerSort } from '@/components/customers/customer-filters.tsx';
import { CustomerRow } from '@/components/customers/customer-row.tsx';
import { CustomerSearch } from '@/components/customers/customer-search.tsx';
import { LoadMoreCustomers } from '@/components/customers/load-more.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import { PlusIcon } from '@/components/ui/icons.tsx';
import { countCustomers, CUSTOMER_PAGE_SIZE, listCustomers } from '@/lib/db/queries/customers.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { customersHref, listQueryFromSearchParams } from '@/lib/validation/customer.ts';
import { getMe } from '../_lib/me.ts';
import { loadMoreCustomers } from './actions.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('customers'))('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

// The customer list: what RLS lets this member see (own / team / org), searchable (name, pinyin,
// company, phone), filtered by tags and sorted — all in the URL — and paged by keyset.
export default async function CustomersPage({ searchParams }: Props) {
  const filters = listQueryFromSearchParams(await searchParams);
  const { claims, member } = await getMe();
  if (!member) return null; // the layout explains
  const t = await getTranslations('customers');
  const tData = await getTranslations('data');
  const { page, total } = await withRls(claims, async (tx) => ({
    page: await listCustomers(tx, { ...filters, orgId: member.org_id, limit: CUSTOMER_PAGE_SIZE }),
    total: await countCustomers(tx, { ...filters, orgId: member.org_id }),
  }));
  const { q } = filters;
  const filtered = Boolean(filters.rel || filters.stage || filters.value || filters.life || filters.risk);

  return (
    <main>
      <PageHeader
        title={t('title')}
        right={
          <Link
            href="/customers/new"
            aria-label={t('new')}
            data-testid="new-customer"
            className="flex h-[var(--header-h)] w-12 items-center justify-center text-ink active:opacity-50"
          >
            <PlusIcon size={24} />
          </Link>
        }
      />
      <CustomerSearch filters={filters} />
      <CustomerFilters filters={filters} />
      <div className="flex items-center justify-between gap-3 px-4 pb-2">
        <p className="min-w-0 truncate text-[13px] text-muted" aria-live="polite">
          {q ? `${t('resultsFor', { q })} · ` : null}
          <span data-testid="customer-total" data-count={total}>
            {t('count', { count: total })}
          </span>
        </p>
        <div className="flex shrink-0 items-center">
          {/* managers/admins: this list, same filters, as CSV (app/api/customers/export) */}
          {member.role === 'manager' || member.role === 'admin' ? (
            <a
              href={`/api/customers/export${customersHref(filters).replace(/^\/customers/, '')}`}
              download
              className="flex h-11 items-center px-2 text-[14px] text-brand-dark active:opacity-50"
              data-testid="export-list"
            >
              {tData('exportList')}
            </a>
          ) : null}
          <CustomerSort filters={filters} />
        </div>
      </div>
      {page.items.length === 0 ? (
        q ? (
          <EmptyState title={t('emptySearch')} body={t('emptySearchHint')} />
        ) : filtered ? (
          <EmptyState title={t('emptyFiltered')} body={t('emptyFilteredHint')} />
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
          <LoadMoreCustomers key={customersHref(filters)} query={filters} initialCursor={page.nextCursor} load={loadMoreCustomers} />
        </>
      )}
    </main>
  );
}
