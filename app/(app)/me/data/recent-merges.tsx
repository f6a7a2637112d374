'use client';
// Merges of the last 7 days; those under 24 h old can be undone (both customers come back as they were).
import { useFormatter, useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import { shortDate } from '@/components/ui/short-date.ts';
import type { MergeListItem } from '@/lib/db/queries/merge.ts';
import { undoMergeAction } from './actions.ts';

export function RecentMerges({ merges }: { merges: MergeListItem[] }) {
  const t = useTranslations('data');
  if (!merges.length) return <p className="bg-white px-4 py-5 text-center text-[14px] text-muted">{t('mergesEmpty')}</p>;
  return (
    <ul className="divide-y divide-line/80 bg-white" data-testid="merge-list">
      {merges.map((m) => (
        <MergeRow key={m.id} merge={m} />
      ))}
    </ul>
  );
}

function MergeRow({ merge }: { merge: MergeListItem }) {
  const t = useTranslations('data');
  const format = useFormatter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <li className="px-4 py-2.5" data-testid="merge-row">
      <div className="flex items-center justify-between gap-3">
        <div className="min-w-0">
          <div className="truncate text-[15px]">{t('mergedInto', { merged: merge.merged_name, kept: merge.kept_name })}</div>
          <div className="truncate text-[12px] text-muted">
            {[merge.reasons.map((r) => t(`reason.${r}`)).join('、'), merge.merged_by_name, shortDate(format, new Date(merge.merged_at), new Date(merge.merged_at), { time: true })]
              .filter(Boolean)
              .join(' · ')}
          </div>
        </div>
        {merge.undone_at ? (
          <span className="shrink-0 text-[13px] text-muted">{t('undone')}</span>
        ) : merge.can_undo ? (
          <button
            type="button"
            disabled={pending}
            onClick={() =>
              start(async () => {
                const res = await undoMergeAction({ mergeId: merge.id });
                setMessage(res.ok ? null : (res.message ?? null));
              })
            }
            className="h-11 shrink-0 rounded-md border border-line px-4 text-[14px] active:bg-bar disabled:opacity-60"
            data-testid="merge-undo"
          >
            {t('undo')}
          </button>
        ) : null}
      </div>
      {message ? (
        <p className="pt-1 text-[13px] text-danger" role="alert">
          {message}
        </p>
      ) : null}
    </li>
  );
}
