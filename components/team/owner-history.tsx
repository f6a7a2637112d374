// The latest reassignments the caller can see (customer_owner_changes): who moved which
// customer from whom to whom, and when.
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { shortDate } from '@/components/ui/short-date.ts';
import type { OwnerChange } from '@/lib/db/queries/team.ts';

export function OwnerHistory({ changes, now }: { changes: OwnerChange[]; now: Date }) {
  const t = useTranslations('team');
  const format = useFormatter();
  const unknown = t('history.unknown');
  return (
    <section aria-labelledby="team-history" data-testid="team-history">
      <h2 id="team-history" className="px-4 pb-1.5 pt-4 text-[13px] text-muted">
        {t('historySection')}
      </h2>
      {changes.length === 0 ? (
        <p className="bg-white px-4 py-3 text-[14px] text-muted">{t('history.empty')}</p>
      ) : (
        <ul className="divide-y divide-line/80 bg-white">
          {changes.map((c) => (
            <li key={c.id}>
              <Link href={`/customers/${c.customer_id}`} className="flex min-h-[52px] items-center gap-3 px-4 py-2 active:bg-black/5" data-testid="owner-change">
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-[15px]">{c.customer_name}</span>
                  <span className="block truncate text-[13px] text-muted">
                    {t('history.line', { from: c.from_name ?? unknown, to: c.to_name ?? unknown })}
                  </span>
                </span>
                <span className="shrink-0 text-right text-[12px] text-muted">
                  {t('history.by', { by: c.by_name ?? unknown, when: shortDate(format, c.changed_at, now) })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function TeamFootnote() {
  const t = useTranslations('team');
  return (
    <p className="px-4 pb-6 pt-4 text-[12px] leading-[18px] text-muted" data-testid="team-footnote" id="completion-rate">
      {t('footnote')}
    </p>
  );
}
