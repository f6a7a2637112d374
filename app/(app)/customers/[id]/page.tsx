import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { BackButton } from '@/components/app-shell/back-button.tsx';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { CustomerHeader, type HeaderTag } from '@/components/customers/customer-header.tsx';
import { DimensionSheetHost } from '@/components/customers/dimension-sheet.tsx';
import { InteractionTimeline } from '@/components/customers/interaction-timeline.tsx';
import { dimensionSheets, profileChips, sentence } from '@/components/customers/profile-view.ts';
import { QuickLog } from '@/components/customers/quick-log.tsx';
import { shortDate } from '@/components/ui/short-date.ts';
import { getCustomerDetail, listRecentTagChanges } from '@/lib/db/queries/customer-detail.ts';
import { listInteractions } from '@/lib/db/queries/interactions.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { getMe } from '../../_lib/me.ts';

const TIMELINE_SIZE = 20;
// Any uuid-shaped id; anything else would only make Postgres throw on the cast.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Props = { params: Promise<{ id: string }> };

// One read per request, shared by generateMetadata and the page (React cache).
const loadCustomer = cache(async (id: string) => {
  if (!UUID.test(id)) return null;
  const { claims, member } = await getMe();
  if (!member) return null;
  return withRls(claims, async (tx) => {
    const customer = await getCustomerDetail(tx, id);
    if (!customer) return null; // not there, merged, or not this member's to see: RLS says which rows exist
    const changes = await listRecentTagChanges(tx, { orgId: customer.org_id, customerId: id });
    const interactions = await listInteractions(tx, id, TIMELINE_SIZE);
    return { customer, changes, interactions };
  });
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const data = await loadCustomer((await params).id);
  return { title: data?.customer.name ?? (await getTranslations('customer'))('title') };
}

// A customer's page: who they are, what the engine makes of them (chips → "why" sheets with
// reasons and history, ?dim= in the URL), and the latest interactions.
export default async function CustomerPage({ params }: Props) {
  const { member } = await getMe();
  if (!member) return null; // the layout explains
  const data = await loadCustomer((await params).id);
  if (!data) notFound();
  const { customer, changes, interactions } = data;

  const t = await getTranslations('customer');
  const format = await getFormatter();
  const locale = (await getLocale()) === 'en' ? 'en' : 'zh';
  const now = new Date();
  const day = (d: Date) => shortDate(format, d, now);
  const words = {
    secondary: (type: string) => t('secondary', { type }),
    risk: (label: string, pct: number) => t('risk', { label, pct }),
  };

  const profile = customer.profile;
  const chips = profile ? profileChips(profile, locale, words) : null;
  const sheets = profile ? dimensionSheets(profile, changes, locale, day, words) : {};
  // Model tags repeat the chips; the header shows the plain facts and the reps' own tags.
  const tags: HeaderTag[] = customer.tags
    .filter((tag) => tag.kind !== 'model')
    .map((tag) => ({
      key: `${tag.kind}:${tag.tag}`,
      kind: tag.kind === 'manual' ? 'manual' : 'fact',
      text: sentence((locale === 'en' ? tag.label_en : tag.label_zh) ?? tag.tag, locale),
    }));
  const computedAt = profile ? shortDate(format, profile.computed_at, now, { time: true }) : null;

  return (
    <main data-testid="customer-page" data-customer-id={customer.id}>
      <PageHeader title={t('title')} left={<BackButton fallback="/customers" label={t('back')} />} />
      <CustomerHeader
        customer={customer}
        chips={chips}
        tags={tags}
        computedAt={computedAt}
        actions={<QuickLog customerId={customer.id} />}
      />
      <InteractionTimeline items={interactions} now={now} />
      <DimensionSheetHost sheets={sheets} />
    </main>
  );
}
