import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { RemindersInbox } from '@/components/reminders/reminders-inbox.tsx';
import { listMyReminders } from '@/lib/db/queries/reminders.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { getMe } from '../_lib/me.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('reminders'))('title') };
}

// 提醒: the signed-in member's reminders — overdue, today, the next two weeks (the org's days) —
// with done / snooze / dismiss on each. The playbook makes them (supabase/functions/_shared/reminders.ts).
export default async function RemindersPage() {
  const { claims, member } = await getMe();
  if (!member) return null; // the layout explains
  const t = await getTranslations('reminders');
  const items = await withRls(claims, (tx) => listMyReminders(tx));
  return (
    <main data-testid="reminders-page">
      <PageHeader title={t('title')} />
      <RemindersInbox
        now={new Date().toISOString()}
        items={items.map((r) => ({
          id: r.id,
          customer_id: r.customer_id,
          customer_name: r.customer_name,
          company: r.company,
          kind: r.kind,
          reason: { zh: r.reason.zh ?? '', en: r.reason.en ?? r.reason.zh ?? '' },
          due: r.due.toISOString(),
          days_late: r.days_late,
          snoozed: r.snoozed,
          section: r.section,
        }))}
      />
    </main>
  );
}
