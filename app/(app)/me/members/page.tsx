import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { BackButton } from '@/components/app-shell/back-button.tsx';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { AddMemberForm } from '@/components/me/add-member-form.tsx';
import { listMembers, listTeams } from '@/lib/db/queries/members.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { getMe } from '../../_lib/me.ts';
import { addMemberAction } from './actions.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('members'))('title') };
}

// Admins manage the org's members; everyone else is told so (RLS would refuse the writes anyway).
export default async function MembersPage() {
  const { claims, member } = await getMe();
  const t = await getTranslations('members');
  if (member?.role !== 'admin') {
    return (
      <main>
        <PageHeader title={t('title')} left={<BackButton fallback="/me" label={t('back')} />} />
        <p className="px-8 py-20 text-center text-[14px] text-muted">{t('adminsOnly')}</p>
      </main>
    );
  }
  const [members, teams] = await withRls(claims, (tx) => Promise.all([listMembers(tx), listTeams(tx)]));
  return (
    <main className="pb-8">
      <PageHeader title={t('title')} left={<BackButton fallback="/me" label={t('back')} />} />
      <h2 className="px-4 pb-2 pt-3 text-[13px] text-muted">{t('count', { n: members.length })}</h2>
      <ul className="divide-y divide-line/80 bg-white" data-testid="member-list">
        {members.map((m) => (
          <li key={m.user_id} className="flex min-h-[56px] items-center justify-between gap-3 px-4 py-2">
            <div className="min-w-0">
              <div className="truncate text-[16px]">{m.display_name}</div>
              <div className="truncate text-[13px] text-muted">{[m.phone, m.email].filter(Boolean).join(' · ')}</div>
            </div>
            <div className="shrink-0 text-right text-[13px] text-muted">
              {t(`roles.${m.role}`)}
              {m.team_name ? ` · ${m.team_name}` : ''}
            </div>
          </li>
        ))}
      </ul>
      <h2 className="px-4 pb-2 pt-5 text-[13px] text-muted">{t('addTitle')}</h2>
      <AddMemberForm action={addMemberAction} teams={teams} />
    </main>
  );
}
