import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { BackButton } from '@/components/app-shell/back-button.tsx';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { CustomerForm } from '@/components/customers/customer-form.tsx';
import { getCustomerForEdit, listAssignableOwners } from '@/lib/db/queries/customer-write.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { getMe } from '../../../_lib/me.ts';
import { saveCustomer } from '../../save-customer.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('customerForm'))('editTitle') };
}

// Editing a customer the caller may write (RLS: own / team / org). A manager or admin may also
// hand it to someone else in their team.
export default async function EditCustomerPage({ params }: Props) {
  const { id } = await params;
  const { claims, member } = await getMe();
  if (!member) return null; // the layout explains
  if (!UUID.test(id)) notFound();
  const data = await withRls(claims, async (tx) => {
    const customer = await getCustomerForEdit(tx, id);
    if (!customer) return null;
    return { customer, owners: member.role === 'rep' ? undefined : await listAssignableOwners(tx) };
  });
  if (!data) notFound();
  const { customer: c, owners } = data;
  const t = await getTranslations('customerForm');
  // The current owner stays pickable even if they left the manager's team since.
  const choices =
    owners && !owners.some((o) => o.user_id === c.owner_id) ? [...owners, { user_id: c.owner_id, display_name: c.owner_name ?? '—' }] : owners;
  return (
    <main>
      <PageHeader title={t('editTitle')} left={<BackButton fallback={`/customers/${c.id}`} label={t('back')} />} />
      <CustomerForm
        action={saveCustomer.bind(null, c.id)}
        initial={{
          name: c.name,
          company: c.company ?? '',
          phone: c.phone ?? '',
          email: c.email ?? '',
          wechat: c.wechat ?? '',
          kind: c.kind,
          industry: c.industry ?? '',
          region: c.region ?? '',
          needs: c.needs ?? '',
          owner_id: c.owner_id,
        }}
        owners={choices}
      />
    </main>
  );
}
