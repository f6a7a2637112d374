import { getTranslations } from 'next-intl/server';
import { TabBar } from '@/components/app-shell/tab-bar.tsx';
import { OfflineSync } from '@/components/log/offline-sync.tsx';
import { LazySignOutButton } from '@/components/me/lazy-sign-out-button.tsx';
import { countDueReminders } from '@/lib/db/queries/reminders.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { getMe, tabsFor } from './_lib/me.ts';

// Every signed-in screen: content above a fixed bottom tab bar whose tabs follow the role.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const { claims, member } = await getMe();
  if (!member) {
    const t = await getTranslations('account');
    return (
      <main className="flex min-h-dvh flex-col items-center justify-center gap-3 px-8 text-center">
        <h1 className="text-lg font-semibold">{t('noMembershipTitle')}</h1>
        <p className="text-sm text-muted">{t('noMembershipBody')}</p>
        <div className="mt-6 w-full max-w-xs overflow-hidden rounded-lg bg-white">
          <LazySignOutButton />
        </div>
      </main>
    );
  }
  const tabs = tabsFor(member.role);
  // the 提醒 tab's badge: reminders due by the end of today (overdue + today)
  const dueReminders = await withRls(claims, (tx) => countDueReminders(tx));
  return (
    <>
      <div className="pb-[calc(var(--tabbar-h)+var(--safe-bottom))]">
        {children}
        {/* the offline outbox and the pages kept for offline use (components/log/offline-sync.tsx) */}
        <OfflineSync userId={member.user_id} tabs={tabs.map((tab) => `/${tab}`)} />
      </div>
      <TabBar tabs={tabs} badges={{ reminders: dueReminders }} />
    </>
  );
}
