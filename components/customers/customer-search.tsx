// The customers list's search bar (components/ui/search-form.tsx). The active tag filters and sort
// ride along as hidden fields, so searching narrows the filtered list.
import { useTranslations } from 'next-intl';
import { SearchForm } from '@/components/ui/search-form.tsx';
import { type CustomerListFilters, customersHref } from '@/lib/validation/customer.ts';

export function CustomerSearch({ filters }: { filters: CustomerListFilters }) {
  const t = useTranslations('customers');
  const { q } = filters;
  const keep = new URLSearchParams(customersHref({ ...filters, q: '' }).split('?')[1] ?? '');
  return (
    <SearchForm
      action="/customers"
      q={q}
      label={t('searchLabel')}
      placeholder={t('searchPlaceholder')}
      clear={q ? { href: customersHref({ ...filters, q: '' }), label: t('clearSearch') } : null}
    >
      {[...keep].map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </SearchForm>
  );
}
