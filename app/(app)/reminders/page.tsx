import type { Metadata } from 'next';
import Link from 'next/link';
import { getLocale, getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { type InboxGroup, RemindersInbox } from '@/components/reminders/reminders-inbox.tsx';
import type { InboxItem } from '@/components/reminders/reminder-item.tsx';
import { listMyReminders, myOrgSettings, type ReminderItem } from '@/lib/db/queries/reminders.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { planToday, type TodayEntry, todayLimit } from '@/lib/engine/today.ts';
import { getMe } from '../_lib/me.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('reminders'))('title') };
}

type View = 'today' | 'all' | 'digest';

const one = (r: ReminderItem): InboxItem => ({
  ids: [r.id],
  customer_id: r.customer_id,
  customer_name: r.customer_name,
  company: r.company,
  kind: r.kind,
  reasons: [{ zh: r.reason.zh ?? '', en: r.reason.en ?? r.reason.zh ?? '' }],
  due: r.due.toISOString(),
  days_late: r.days_late,
  snoozed: r.snoozed,
  section: r.section,
});

/** A customer's due reminders as one cell: the leading reminder's kind and due, every reason. */
const merged = (e: TodayEntry<ReminderItem>): InboxItem => {
  const lead = one(e.items[0]!);
  return { ...lead, ids: e.items.map((r) => r.id), reasons: e.items.map((r) => one(r).reasons[0]!) };
};

// 提醒 (issue 14): opens on 今日 — at most the org's today_limit (default 12) customers, ranked
// by lib/engine/today.ts, the routine care folded into one digest row. ?view=digest opens that
// digest grouped by customer; ?view=all is every open reminder by overdue / today / the next two
// weeks. "Overdue" and "today" are private.reminder_state's (the badge and Team use it too).
export default async function RemindersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { claims, member } = await getMe();
  if (!member) return null; // the layout explains
  const t = await getTranslations('reminders');
  const locale = (await getLocale()) === 'en' ? 'en' : 'zh';
  const sp = await searchParams;
  const view: View = sp.view === 'all' || sp.view === 'digest' ? sp.view : 'today';
  const { items, settings } = await withRls(claims, async (tx) => ({ items: await listMyReminders(tx), settings: await myOrgSettings(tx) }));
  const due = items.filter((r) => r.section !== 'upcoming');
  const plan = planToday(due, todayLimit(settings));

  let groups: InboxGroup[];
  let footer: React.ReactNode = null;
  let empty = { title: t('empty.title'), body: t('empty.body') };
  if (view === 'all') {
    groups = (['overdue', 'today', 'upcoming'] as const).map((s) => ({
      key: s,
      title: t(`sections.${s}`),
      tone: s === 'overdue' ? ('danger' as const) : undefined,
      items: items.filter((r) => r.section === s).map(one),
    }));
  } else if (view === 'digest') {
    groups = plan.digest.map((e) => ({
      key: `c-${e.customer_id}`,
      title: e.items[0]!.customer_name,
      titleHref: `/customers/${e.customer_id}`,
      subtitle: e.items.find((r) => r.reason.advice)?.reason.advice?.[locale],
      items: e.items.map(one),
    }));
  } else {
    groups = [{ key: 'today', items: plan.top.map(merged) }];
    if (plan.top.length === 0 && plan.digestCount > 0) empty = { title: t('today.allClear'), body: t('today.allClearBody') };
    footer =
      plan.digestCount > 0 ? (
        <Link
          href="/reminders?view=digest"
          className="mt-2 flex min-h-[60px] items-center gap-3 bg-white px-4 active:bg-black/5"
          data-testid="reminders-digest-row"
          data-count={plan.digestCount}
        >
          <span className="min-w-0 flex-1">
            <span className="block text-[16px] leading-[22px]">
              {plan.digestCount === plan.digestRoutine
                ? t('today.digest', { count: plan.digestCount })
                : t('today.digestMixed', { count: plan.digestCount, routine: plan.digestRoutine })}
            </span>
            <span className="block truncate text-[13px] leading-[19px] text-muted">{t('today.digestHint')}</span>
          </span>
          <span aria-hidden="true" className="text-[18px] text-faint">
            ›
          </span>
        </Link>
      ) : null;
  }

  const tab = (v: 'today' | 'all', label: string) => (
    <Link
      href={v === 'today' ? '/reminders' : '/reminders?view=all'}
      aria-current={view === v || (v === 'today' && view === 'digest') ? 'page' : undefined}
      className={`flex min-h-[44px] flex-1 items-center justify-center text-[15px] ${
        view === v || (v === 'today' && view === 'digest') ? 'font-medium text-ink shadow-[inset_0_-2px_0_var(--color-brand)]' : 'text-muted'
      }`}
      data-testid={`reminders-view-${v}`}
    >
      {label}
      {v === 'today' ? ` ${plan.top.length}` : ` ${items.length}`}
    </Link>
  );

  return (
    <main data-testid="reminders-page" data-view={view}>
      <PageHeader title={view === 'digest' ? t('digest.title') : t('title')} />
      <nav aria-label={t('views.label')} className="flex bg-white hairline-b">
        {tab('today', t('views.today'))}
        {tab('all', t('views.all'))}
      </nav>
      {view === 'digest' ? (
        <p className="px-4 pt-3 text-[13px] text-muted" data-testid="reminders-digest-count">
          {t('digest.count', { customers: plan.digest.length, count: plan.digestCount })}
        </p>
      ) : null}
      <RemindersInbox now={new Date().toISOString()} groups={groups} footer={footer} empty={empty} />
    </main>
  );
}
