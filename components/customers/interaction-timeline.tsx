// The latest interactions with a customer, newest first: what kind, when, how the customer
// reacted (attitude + cognition, and the funnel stage that reading implies), the note.
// Deliberately small — the full chat-like timeline is its own screen.
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { stageOf } from '@/lib/engine/funnel.ts';
import { ATTITUDE_LABELS, COGNITION_LABELS, INTERACTION_KIND_LABELS, label } from '@/lib/engine/labels.ts';
import type { InteractionRow } from '@/lib/db/queries/interactions.ts';
import { shortDate } from '@/components/ui/short-date.ts';

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// The line runs from the first dot (16px down) to the last one.
const rail = (n: number, count: number) => (n === 0 ? 'top-4 bottom-0' : n === count - 1 ? 'top-0 h-4' : 'inset-y-0');

export function InteractionTimeline({ items, now }: { items: InteractionRow[]; now: Date }) {
  const t = useTranslations('customer.timeline');
  const format = useFormatter();
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const when = (d: Date) => shortDate(format, d, now, { time: true });

  return (
    <section aria-labelledby="timeline-title" className="mt-2">
      <h2 id="timeline-title" className="flex items-baseline justify-between px-4 pb-1.5 pt-2 text-[13px] text-muted">
        <span>{t('title')}</span>
        {items.length ? <span className="text-[12px] text-faint">{t('latest', { count: items.length })}</span> : null}
      </h2>
      {items.length === 0 ? (
        <div className="bg-white px-4 py-6 text-center" data-testid="timeline-empty">
          <p className="text-[15px]">{t('empty')}</p>
          <p className="mt-1 text-[13px] text-muted">{t('emptyHint')}</p>
        </div>
      ) : (
        <ol className="bg-white py-1" data-testid="timeline">
          {items.map((i, n) => {
            const kind = INTERACTION_KIND_LABELS[i.kind]?.[locale] ?? i.kind;
            const observed = i.attitude && i.cognition;
            return (
              <li key={i.id} id={`interaction-${i.id}`} className="relative flex gap-3 pl-4 pr-4" data-testid="timeline-item">
                {/* the rail: a dot per interaction, joined by a line */}
                <span aria-hidden="true" className="relative flex w-3 shrink-0 justify-center">
                  {items.length > 1 ? <span className={`absolute w-px bg-line ${rail(n, items.length)}`} /> : null}
                  <span className={`relative mt-[11px] h-2.5 w-2.5 rounded-full ring-2 ring-white ${n === 0 ? 'bg-brand' : 'bg-faint'}`} />
                </span>
                <div className="min-w-0 flex-1 py-2.5">
                  <p className="flex items-baseline gap-2 text-[15px] leading-6">
                    <span className="font-medium">{locale === 'en' ? capitalise(kind) : kind}</span>
                    <time dateTime={i.occurred_at.toISOString()} className="text-[13px] text-muted">
                      {when(i.occurred_at)}
                    </time>
                    {i.initiated_by === 'customer' ? <span className="text-[12px] text-faint">{t('byCustomer')}</span> : null}
                    {i.duration_min ? <span className="ml-auto shrink-0 text-[12px] text-faint">{t('minutes', { min: i.duration_min })}</span> : null}
                  </p>
                  {i.attitude || i.cognition ? (
                    <p className="mt-0.5 text-[13px] leading-5 text-[#576b95]" data-testid="timeline-observation">
                      {[i.attitude && ATTITUDE_LABELS[i.attitude][locale], i.cognition && COGNITION_LABELS[i.cognition][locale]].filter(Boolean).join(' · ')}
                      {observed ? ` → ${label('funnel', stageOf(i.attitude!, i.cognition!), locale)}` : null}
                    </p>
                  ) : null}
                  {i.note ? <p className="mt-0.5 line-clamp-3 whitespace-pre-line break-words text-[14px] leading-[22px] text-ink/90">{i.note}</p> : null}
                  {i.next_step ? <p className="mt-0.5 text-[13px] leading-5 text-muted">{t('nextStep', { text: i.next_step })}</p> : null}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
