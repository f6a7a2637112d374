// 团队's first section (issue 14): what needs the manager now. Detractor call-backs of the team
// show as soon as they are raised (the manager's notice) and turn red once open 24 h; promises a
// rep made (follow-up days) more than 3 days late show with the rep's name. Presentational: rows
// come from listEscalations (lib/db/queries/team.ts) under the manager's RLS.
import Link from 'next/link';
import { useLocale, useTranslations } from 'next-intl';
import type { Escalation } from '@/lib/db/queries/team.ts';

export function Escalations({ rows }: { rows: Escalation[] }) {
  const t = useTranslations('team.escalations');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  if (rows.length === 0) return null;
  const escalated = rows.filter((r) => r.escalated).length;
  return (
    <section aria-labelledby="team-escalations-title" data-testid="team-escalations" className="pb-2">
      <h2 id="team-escalations-title" className="px-4 pb-1.5 pt-3 text-[13px] text-muted">
        {t('title')} · {rows.length}
        {escalated ? <span className="font-medium text-danger"> · {t('escalatedCount', { count: escalated })}</span> : null}
      </h2>
      <ul className="bg-white">
        {rows.map((r) => {
          const reason = (locale === 'en' ? r.reason?.en : r.reason?.zh) ?? r.reason?.zh ?? '';
          return (
            <li key={r.id} className="hairline-b" data-testid="team-escalation" data-kind={r.kind} data-escalated={r.escalated} data-rep-id={r.rep_id}>
              <Link href={`/customers/${r.customer_id}`} className="flex min-h-[60px] items-center gap-3 px-4 py-2 active:bg-black/5">
                <span className="min-w-0 flex-1">
                  <span className="flex min-w-0 items-center gap-1.5">
                    <span className="truncate text-[16px] leading-[22px]">{r.customer_name}</span>
                    <span className="shrink-0 text-[13px] text-muted">· {r.rep_name}</span>
                  </span>
                  <span className="block truncate text-[13px] leading-[19px] text-muted">{reason}</span>
                </span>
                <span
                  className={`shrink-0 rounded-full px-2 text-[12px] leading-[22px] ${r.escalated ? 'bg-[#fff0f0] font-medium text-danger' : 'bg-page text-ink'}`}
                  data-testid="team-escalation-chip"
                >
                  {r.kind === 'detractor'
                    ? r.escalated
                      ? t('detractorLate')
                      : t('detractorNew')
                    : t('promiseLate', { days: r.days_late })}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
