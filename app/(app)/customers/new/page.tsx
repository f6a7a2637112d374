import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { BackButton } from '@/components/app-shell/back-button.tsx';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { CustomerForm } from '@/components/customers/customer-form.tsx';
import { listAssignableOwners } from '@/lib/db/queries/customer-write.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { getMe } from '../../_lib/me.ts';
import { saveCustomer } from '../save-customer.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('customerForm'))('newTitle') };
}

// A new customer: the rep's own; a manager or admin may give it to someone in their team.
export default async function NewCustomerPage() {
  const { claims, member } = await getMe();
  if (!member) return null; // the layout explains
  const t = await getTranslations('customerForm');
  const owners = member.role === 'rep' ? undefined : await withRls(claims, (tx) => listAssignableOwners(tx));
  return (
    <main>
      <PageHeader title={t('newTitle')} left={<BackButton fallback="/customers" label={t('back')} />} />
      <CustomerForm action={saveCustomer.bind(null, null)} initial={{ owner_id: member.user_id }} owners={owners} />
    </main>
  );
}
