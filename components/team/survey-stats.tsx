// The team view's satisfaction-survey section (issue 6): response rate (the engine's: answered ÷
// (answered + expired unanswered), open links shown apart as pending) and average NPS / CSAT
// per rep (the customer's current owner) and per relationship type, for the invitations sent
// in the last `days` days among the customers the manager can see. NPS per group is promoters %
// − detractors % (issue 14: it was an average score labelled NPS). Presentational: the page
// loads the rows with surveyStats() (lib/db/queries/surveys.ts) under the manager's RLS.
import { getLocale, getTranslations } from 'next-intl/server';
import type { SurveyStatsRow } from '@/lib/db/queries/surveys.ts';
import { label } from '@/lib/engine/labels.ts';

// A group's NPS is promoters % − detractors % (−100…100), as on 洞察: above 30 good, below 0 bad.
const npsTone = (v: number) => (v >= 30 ? 'text-brand-dark' : v >= 0 ? 'text-warn' : 'text-danger');

export async function SurveyStats({ byRep, byType, days }: { byRep: SurveyStatsRow[]; byType: SurveyStatsRow[]; days: number }) {
  const t = await getTranslations('survey.stats');
  const locale = (await getLocale()) === 'en' ? 'en' : 'zh';

  const group = (title: string, rows: SurveyStatsRow[], name: (r: SurveyStatsRow) => string, testId: string) => (
    <div className="mt-2">
      <h3 className="px-4 pb-1.5 pt-2 text-[13px] text-muted">{title}</h3>
      <ul className="divide-y divide-line/80 bg-white" data-testid={testId}>
        {rows.map((r) => {
          // the engine's rate: answered ÷ (answered + expired unanswered); open links wait
          const rate = r.sent ? Math.round((r.answered / r.sent) * 100) : null;
          return (
            <li key={r.key ?? 'none'} className="flex min-h-[60px] items-center gap-3 px-4 py-2.5" data-testid="survey-stats-row" data-key={r.key ?? ''}>
              <div className="min-w-0 flex-1">
                <p className="truncate text-[16px] leading-6">{name(r)}</p>
                <p className="text-[12px] leading-5 text-muted">
                  {t('answeredOf', { answered: r.answered, sent: r.sent })} · {t('rate')}{' '}
                  <span data-testid="survey-stats-rate">{rate === null ? '–' : `${rate}%`}</span>
                  {r.pending ? <span data-testid="survey-stats-pending"> · {t('pending', { pending: r.pending })}</span> : null}
                </p>
                <span className="mt-1 block h-1 overflow-hidden rounded-full bg-page" aria-hidden="true">
                  <span className="block h-full rounded-full bg-brand" style={{ width: `${rate ?? 0}%` }} />
                </span>
              </div>
              <div className="w-[96px] shrink-0 text-right">
                <p className={`text-[20px] font-semibold leading-7 tabular-nums ${r.nps === null ? 'text-muted' : npsTone(r.nps)}`} data-testid="survey-stats-nps">
                  {r.nps ?? '–'}
                </p>
                <p className="text-[12px] leading-4 text-muted">{t('avgNps')}</p>
                {r.avg_csat !== null ? (
                  <p className="text-[12px] leading-4 text-muted" data-testid="survey-stats-csat">
                    {t('avgCsat')} {r.avg_csat}
                  </p>
                ) : null}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );

  return (
    <section className="pb-4" aria-labelledby="survey-stats-title" data-testid="survey-stats">
      <h2 id="survey-stats-title" className="px-4 pt-4 text-[15px] font-semibold">
        {t('title', { days })}
      </h2>
      {byRep.length === 0 ? (
        <p className="mx-4 mt-2 rounded-lg bg-white px-4 py-5 text-center text-[14px] text-muted">{t('none', { days })}</p>
      ) : (
        <>
          {group(t('byRep'), byRep, (r) => r.name ?? t('formerMember'), 'survey-stats-by-rep')}
          {group(t('byType'), byType, (r) => (r.key ? label('relationship', r.key, locale) : t('unclassified')), 'survey-stats-by-type')}
          <p className="px-4 pt-2 text-[12px] leading-5 text-muted">{t('note')}</p>
        </>
      )}
    </section>
  );
}
