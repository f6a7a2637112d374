import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { BackButton } from '@/components/app-shell/back-button.tsx';
import { PageHeader } from '@/components/app-shell/page-header.tsx';
import { Escalations } from '@/components/team/escalations.tsx';
import { OwnerHistory, TeamFootnote } from '@/components/team/owner-history.tsx';
import { ReassignSheetHost } from '@/components/team/reassign-sheet.tsx';
import { RepReminders } from '@/components/team/rep-reminders.tsx';
import { SurveyStats } from '@/components/team/survey-stats.tsx';
import { EmptyState } from '@/components/ui/empty-state.tsx';
import {
  listAssignees,
  listEscalations,
  listOwnerChanges,
  TEAM_ITEMS_ONE_REP,
  TEAM_ITEMS_PER_REP,
  teamOverview,
  type RepSummary,
  type TeamReminder,
} from '@/lib/db/queries/team.ts';
import { SURVEY_STATS_DAYS, surveyStats } from '@/lib/db/queries/surveys.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { canSeeTeam, getMe } from '../_lib/me.ts';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('team'))('title') };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Rep = RepSummary & { items: TeamReminder[] };

// 团队: a manager's team (an admin's whole org, team by team) — each rep's open reminders, most
// overdue rep first, with completion rates; reassigning a customer moves its open reminders.
// RLS decides whose rows these are (lib/db/queries/team.ts). `?rep=<id>` shows one rep's whole
// list; `?reassign=<customer id>` is the open reassign sheet.
//
// The page is a list of sections, rendered in order (add one as an entry of `sections`):
// what needs the manager (detractors, late promises) → reminders by rep → survey results per rep / relationship type → recent reassignments → the
// completion-rate footnote.
export default async function TeamPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { claims, member } = await getMe();
  if (!member) return null; // the layout explains
  const t = await getTranslations('team');
  // Managers and admins only (the tab bar hides it from reps; this covers a typed URL).
  if (!canSeeTeam(member.role)) {
    return (
      <main>
        <PageHeader title={t('title')} />
        <p className="px-8 py-20 text-center text-[14px] text-muted">{(await getTranslations('soon'))('managersOnly')}</p>
      </main>
    );
  }

  const sp = await searchParams;
  const repParam = typeof sp.rep === 'string' && UUID.test(sp.rep) ? sp.rep : null;
  const now = new Date();
  const { overview, assignees, history, surveys, escalations } = await withRls(claims, async (tx) => {
    const overview = await teamOverview(tx, {
      orgId: member.org_id,
      now,
      repId: repParam,
      perRep: repParam ? TEAM_ITEMS_ONE_REP : TEAM_ITEMS_PER_REP,
    });
    const assignees = await listAssignees(tx);
    const history = repParam ? [] : await listOwnerChanges(tx, { orgId: member.org_id, limit: 10 });
    const surveys = repParam ? null : await surveyStats(tx, new Date(now.getTime() - SURVEY_STATS_DAYS * 86_400_000));
    const escalations = repParam ? [] : await listEscalations(tx, { orgId: member.org_id, now });
    return { overview, assignees, history, surveys, escalations };
  });
  const oneRep = repParam ? (overview.reps[0] ?? null) : null;

  // An admin sees every team: one heading per team, in the order the query ranked them.
  const groups: { key: string; name: string | null; reps: Rep[] }[] = [];
  for (const rep of overview.reps) {
    const key = rep.team_id ?? 'none';
    const last = groups[groups.length - 1];
    if (last?.key === key) last.reps.push(rep);
    else groups.push({ key, name: rep.team_name, reps: [rep] });
  }
  const byTeam = member.role === 'admin' && !oneRep;
  const repCount = overview.reps.filter((r) => r.role === 'rep').length;
  const subtitle = oneRep
    ? null
    : member.role === 'admin'
      ? t('subtitleOrg', { teams: groups.filter((g) => g.name !== null).length })
      : t('subtitleTeam', { team: member.team_name ?? t('noTeam'), count: repCount });

  // Everything the reassign sheet may be opened for: the customers on screen.
  const targets = new Map<string, { id: string; name: string; owner_id: string; owner_name: string | null }>();
  const names = new Map(overview.reps.map((r) => [r.user_id, r.display_name]));
  for (const rep of overview.reps) {
    for (const item of rep.items) {
      targets.set(item.customer_id, {
        id: item.customer_id,
        name: item.customer_name,
        owner_id: item.customer_owner_id,
        owner_name: names.get(item.customer_owner_id) ?? assignees.find((a) => a.user_id === item.customer_owner_id)?.display_name ?? null,
      });
    }
  }

  const sections: { key: string; node: React.ReactNode }[] = [
    { key: 'escalations', node: <Escalations rows={escalations} /> },
    {
      key: 'reminders',
      node: (
        <section aria-label={t('remindersSection')} data-testid="team-reminders">
          {overview.reps.length === 0 ? (
            <EmptyState title={t('emptyTitle')} body={t('emptyBody')} />
          ) : (
            groups.map((g) => (
              <div key={g.key} data-testid="team-group">
                {oneRep ? (
                  <div className="h-2" />
                ) : byTeam ? (
                  <h2 className="px-4 pb-2 pt-4 text-[15px] font-medium text-ink">{g.name ?? t('noTeam')}</h2>
                ) : (
                  <h2 className="px-4 pb-1.5 pt-3 text-[13px] text-muted">{t('remindersSection')}</h2>
                )}
                {g.reps.map((rep) => (
                  <RepReminders
                    key={rep.user_id}
                    rep={rep}
                    now={now}
                    showAllHref={!oneRep && rep.open > rep.items.length ? `/team?rep=${rep.user_id}` : null}
                  />
                ))}
              </div>
            ))
          )}
        </section>
      ),
    },
    ...(surveys ? [{ key: 'surveys', node: <SurveyStats byRep={surveys.byRep} byType={surveys.byType} days={SURVEY_STATS_DAYS} /> }] : []),
    ...(oneRep ? [] : [{ key: 'history', node: <OwnerHistory changes={history} now={now} /> }]),
    { key: 'footnote', node: <TeamFootnote /> },
  ];

  return (
    <main data-testid="team-page">
      <PageHeader
        title={oneRep ? oneRep.display_name : t('title')}
        subtitle={subtitle}
        left={repParam ? <BackButton fallback="/team" label={t('oneRepBack')} /> : undefined}
      />
      {sections.map((s) => (
        <div key={s.key} data-section={s.key}>
          {s.node}
        </div>
      ))}
      <ReassignSheetHost
        customers={[...targets.values()]}
        assignees={assignees.map(({ user_id, display_name, team_name, customers }) => ({ user_id, display_name, team_name, customers }))}
      />
    </main>
  );
}
