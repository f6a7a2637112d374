import type { Metadata } from 'next';
import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { LanguageSwitch } from '@/components/me/language-switch.tsx';
import { ChannelCell } from '@/components/me/channel-cell.tsx';
import { NotificationsCell } from '@/components/me/notifications-cell.tsx';
import { getMyChannel } from '@/lib/db/queries/channels.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { SignOutButton } from '@/components/me/sign-out-button.tsx';
import { SyncCell } from '@/components/me/sync-cell.tsx';
import { Cell, CellGroup } from '@/components/ui/cell.tsx';
import { isLocale } from '@/i18n/config.ts';
import { lastOrgRun } from '@/lib/db/queries/recompute-runs.ts';
import packageJson from '@/package.json';
import { getMe } from '../_lib/me.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('me'))('title') };
}

// 我 / Me: who I am in the org, logs waiting to sync, notifications and how reminders reach me
// (issue 14), language, sign out, app version.
export default async function MePage() {
  const { claims, member } = await getMe();
  if (!member) return null;
  const channel = await withRls(claims, (tx) => getMyChannel(tx));
  const t = await getTranslations('me');
  const tl = await getTranslations('language');
  const tMembers = await getTranslations('members');
  const tData = await getTranslations('data');
  const locale = await getLocale();
  // the admin sees that the nightly recompute ran and how much it rewrote (RLS: admins only)
  const lastRun = member.role === 'admin' ? await withRls(claims, (tx) => lastOrgRun(tx, { orgId: member.org_id })) : null;
  const format = await getFormatter();
  return (
    <main>
      <PageHeader title={t('title')} />
      <section className="mb-2 flex items-center gap-4 bg-white px-5 py-6" data-testid="me-card">
        <span
          aria-hidden="true"
          className="flex h-16 w-16 shrink-0 items-center justify-center rounded-lg bg-brand text-[26px] font-medium text-white"
        >
          {Array.from(member.display_name)[0]}
        </span>
        <div className="min-w-0">
          <h2 className="truncate text-[20px] font-semibold" data-testid="me-name">
            {member.display_name}
          </h2>
          <span
            className="mt-1 inline-flex h-5 items-center rounded bg-brand-soft px-1.5 text-[12px] text-brand-dark"
            data-testid="me-role"
          >
            {t(`role.${member.role}`)}
          </span>
        </div>
      </section>

      <CellGroup>
        <Cell label={t('team')} value={member.team_name ?? t('noTeam')} testId="me-team" />
        <Cell label={t('org')} value={member.org_name} testId="me-org" />
        {member.role === 'admin' ? (
          <Cell
            label={t('lastRun')}
            testId="me-last-run"
            value={
              lastRun
                ? t('lastRunValue', {
                    when: format.dateTime(lastRun.finished_at, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
                    customers: lastRun.customers ?? 0,
                    changed: lastRun.changed ?? 0,
                  })
                : t('lastRunNone')
            }
          />
        ) : null}
        {member.phone ? <Cell label={t('phone')} value={member.phone} /> : null}
        {member.email ? <Cell label={t('email')} value={member.email} /> : null}
      </CellGroup>

      {/* logs kept on this phone until they reach the server (the offline outbox) */}
      <div className="mb-2 bg-white">
        <SyncCell />
      </div>

      <NotificationsCell publicKey={process.env.VAPID_PUBLIC_KEY ?? null} />
      <ChannelCell initial={channel} />

      {member.role === 'admin' ? (
        <div className="mb-2 bg-white">
          <Link href="/me/members" className="flex min-h-[52px] items-center justify-between px-4 text-[16px]" data-testid="members-link">
            {tMembers('title')}
            <span aria-hidden className="text-muted">›</span>
          </Link>
        </div>
      ) : null}

      {member.role === 'admin' || member.role === 'manager' ? (
        <div className="mb-2 bg-white">
          <Link href="/me/data" className="flex min-h-[52px] items-center justify-between px-4 text-[16px]" data-testid="data-link">
            {tData('meLink')}
            <span aria-hidden className="text-muted">›</span>
          </Link>
        </div>
      ) : null}

      <CellGroup>
        <div className="flex min-h-[52px] items-center justify-between gap-3 pl-4 pr-3">
          <span id="language-label" className="text-[16px]">
            {t('language')}
          </span>
          <LanguageSwitch
            current={isLocale(locale) ? locale : 'zh-CN'}
            labels={{ 'zh-CN': tl('zh-CN'), en: tl('en') }}
            labelledBy="language-label"
          />
        </div>
      </CellGroup>

      <div className="mb-2 bg-white">
        <Link href="/me/password" className="flex min-h-[52px] items-center justify-between px-4 text-[16px]" data-testid="password-link">
          {t('password.title')}
          <span aria-hidden className="text-muted">›</span>
        </Link>
      </div>

      <CellGroup>
        <SignOutButton />
        <SignOutButton everywhere />
      </CellGroup>

      <p className="py-6 text-center text-[12px] text-muted" data-testid="app-version">
        {t('version', { version: packageJson.version })}
      </p>
    </main>
  );
}
