import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { cache } from 'react';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { BackButton } from '@/components/app-shell/back-button.tsx';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { AfterCallPrompt } from '@/components/customers/after-call.tsx';
import { CustomerHeader, type HeaderTag } from '@/components/customers/customer-header.tsx';
import { DimensionSheetHost } from '@/components/customers/dimension-sheet.tsx';
import { EditCustomerLink } from '@/components/customers/edit-customer-link.tsx';
import { CustomerActions } from '@/components/customers/actions/customer-actions.tsx';
import { dimensionSheets, profileChips, sentence } from '@/components/customers/profile-view.ts';
import { QuickLog } from '@/components/customers/quick-log.tsx';
import { PendingLogs } from '@/components/log/pending-logs.tsx';
import { Timeline } from '@/components/customers/timeline/timeline.tsx';
import { shortDate } from '@/components/ui/short-date.ts';
import { getCustomerDetail, listRecentTagChanges, mergedTarget } from '@/lib/db/queries/customer-detail.ts';
import { listDeals } from '@/lib/db/queries/deals.ts';
import { listTimeline } from '@/lib/db/queries/timeline.ts';
import { listAssignees } from '@/lib/db/queries/team.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { canSeeTeam, getMe } from '../../_lib/me.ts';
import { loadOlderTimeline } from './actions.tsx';

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
    if (!customer) {
      // a merged duplicate's old URL (a bookmark, a shared link) goes to the customer it was merged into
      const kept = await mergedTarget(tx, id);
      return kept ? { mergedInto: kept } : null; // else not there or not this member's to see: RLS says which rows exist
    }
    const scope = { orgId: customer.org_id, customerId: id };
    const changes = await listRecentTagChanges(tx, scope);
    const timeline = await listTimeline(tx, scope);
    const deals = await listDeals(tx, scope);
    return { customer, changes, timeline, deals };
  });
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const data = await loadCustomer((await params).id);
  const name = data && !('mergedInto' in data) ? data.customer.name : null;
  return { title: name ?? (await getTranslations('customer'))('title') };
}

// A customer's page: who they are, what the engine makes of them (chips → "why" sheets with
// reasons and history, ?dim= in the URL), what a rep does next (log, call, order, deal stage,
// tags — ?log= / ?action= sheets), and everything that happened, newest first, like a chat.
export default async function CustomerPage({ params }: Props) {
  const { claims, member } = await getMe();
  if (!member) return null; // the layout explains
  const data = await loadCustomer((await params).id);
  if (!data) notFound();
  // temporary (307): a merge can be undone for 24 hours, and the old id then works again
  if ('mergedInto' in data) redirect(`/customers/${data.mergedInto}`);
  const { customer, changes, timeline, deals } = data;

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
  const sheets = profile ? dimensionSheets(profile, changes, locale, day, words, { now: now.toISOString(), timeZone: customer.timezone }) : {};
  // Model tags repeat the chips; the header shows the plain facts and the reps' own tags.
  const tags: HeaderTag[] = customer.tags
    .filter((tag) => tag.kind !== 'model')
    .map((tag) => ({
      key: `${tag.kind}:${tag.tag}`,
      kind: tag.kind === 'manual' ? 'manual' : 'fact',
      text: sentence((locale === 'en' ? tag.label_en : tag.label_zh) ?? tag.tag, locale),
    }));
  const computedAt = profile ? shortDate(format, profile.computed_at, now, { time: true }) : null;
  const manualTags = customer.tags.filter((tag) => tag.kind === 'manual').map((tag) => tag.tag);
  // Managers and admins may hand the customer to someone else (the 团队 tab's reassign sheet).
  const assignees = canSeeTeam(member.role) ? await withRls(claims, (tx) => listAssignees(tx)) : null;

  return (
    <main data-testid="customer-page" data-customer-id={customer.id}>
      <PageHeader
        title={t('title')}
        left={<BackButton fallback="/customers" label={t('back')} />}
        right={<EditCustomerLink customerId={customer.id} />}
      />
      <CustomerHeader
        customer={customer}
        chips={chips}
        tags={tags}
        computedAt={computedAt}
        actions={<QuickLog customerId={customer.id} customerName={customer.name} />}
      />
      <AfterCallPrompt />
      <CustomerActions
        customerId={customer.id}
        deals={deals.map(({ id, title, stage, amount }) => ({ id, title, stage, amount }))}
        manualTags={manualTags}
        autonomous={profile?.relationship_type === 'autonomous' || profile?.relationship_secondary === 'autonomous'}
        reassign={
          assignees
            ? { target: { id: customer.id, name: customer.name, owner_id: customer.owner_id, owner_name: customer.owner_name }, assignees }
            : undefined
        }
      />
      <Timeline
        page={timeline}
        now={now}
        customer={{ id: customer.id, name: customer.name }}
        meId={claims.sub}
        loadOlder={loadOlderTimeline}
        top={
          // the offline outbox: logs saved on this phone that this page does not show yet
          <PendingLogs
            customer={{ id: customer.id, name: customer.name, company: customer.company, region: customer.region }}
            serverIds={timeline.items.flatMap((item) => (item.type === 'interaction' ? [item.id] : []))}
            timelineEmpty={timeline.items.length === 0}
            renderedAt={now.toISOString()}
            computedAt={profile ? profile.computed_at.toISOString() : null}
            me={{ id: member.user_id, name: member.display_name }}
          />
        }
      />
      <DimensionSheetHost sheets={sheets} />
    </main>
  );
}
