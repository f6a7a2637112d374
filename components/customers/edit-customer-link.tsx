// "编辑" in the customer page's navigation bar: opens the customer form (/customers/[id]/edit).
import Link from 'next/link';
import { useTranslations } from 'next-intl';

export function EditCustomerLink({ customerId }: { customerId: string }) {
  const t = useTranslations('customerForm');
  return (
    <Link
      href={`/customers/${customerId}/edit`}
      aria-label={t('editLabel')}
      data-testid="edit-customer"
      className="flex h-[var(--header-h)] items-center px-4 text-[16px] text-ink active:opacity-50"
    >
      {t('edit')}
    </Link>
  );
}
