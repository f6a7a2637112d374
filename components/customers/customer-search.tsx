// The search bar: a GET form (?q=) — next/form turns it into a client navigation, and it still
// works as a plain form before JS loads. The phone keyboard shows a "search" key. The active tag
// filters and sort ride along as hidden fields, so searching narrows the filtered list.
import Form from 'next/form';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { CloseIcon, SearchIcon } from '@/components/ui/icons.tsx';
import { type CustomerListFilters, customersHref } from '@/lib/validation/customer.ts';

export function CustomerSearch({ filters }: { filters: CustomerListFilters }) {
  const t = useTranslations('customers');
  const { q } = filters;
  const keep = new URLSearchParams(customersHref({ ...filters, q: '' }).split('?')[1] ?? '');
  return (
    <Form action="/customers" role="search" className="px-3 pb-2">
      {[...keep].map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label className="flex h-11 items-center gap-2 rounded-lg bg-white px-3">
        <SearchIcon size={18} className="shrink-0 text-faint" />
        <span className="sr-only">{t('searchLabel')}</span>
        <input
          type="search"
          name="q"
          defaultValue={q}
          key={q}
          maxLength={100}
          placeholder={t('searchPlaceholder')}
          enterKeyHint="search"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          className="h-full min-w-0 flex-1 bg-transparent text-[15px] outline-none placeholder:text-faint"
        />
        {q ? (
          <Link
            href={customersHref({ ...filters, q: '' })}
            aria-label={t('clearSearch')}
            className="-mr-3 flex h-11 w-11 shrink-0 items-center justify-center text-faint"
          >
            <CloseIcon size={16} />
          </Link>
        ) : null}
      </label>
    </Form>
  );
}
