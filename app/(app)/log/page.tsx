import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { CustomerPicker } from '@/components/log/customer-picker.tsx';
import { listCustomers } from '@/lib/db/queries/customers.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { getMe } from '../_lib/me.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('log'))('title') };
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const Query = z.object({ q: z.string().trim().max(100).catch('').default('') });
const RECENT = 8;
const RESULTS = 30;

// ＋ (log): first, which customer — the ones most recently in contact, or a search (the customer
// list's own query, most recent contact first); the device adds the ones opened on this phone.
export default async function LogPage({ searchParams }: Props) {
  const raw = (await searchParams).q;
  const { q } = Query.parse({ q: Array.isArray(raw) ? raw[0] : raw });
  const { claims, member } = await getMe();
  if (!member) return null; // the layout explains
  const t = await getTranslations('log');
  const { items } = await withRls(claims, (tx) => listCustomers(tx, { orgId: member.org_id, q, sort: 'contact', limit: q ? RESULTS : RECENT }));
  return (
    <main data-testid="log-page">
      <PageHeader title={t('title')} />
      <CustomerPicker
        q={q}
        server={items.map((c) => ({ id: c.id, name: c.name, company: c.company, region: c.region, last_contact_days: c.last_contact_days }))}
      />
    </main>
  );
}
