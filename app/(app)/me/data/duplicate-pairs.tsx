'use client';
// Candidate pairs with why they match. "Keep this one" on either side asks for confirmation in
// place (what moves, undo within 24 h), then merges the other into it. "Not duplicates" asks too,
// then hides the pair for good (dismissPairAction).
import { useFormatter, useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import type { CandidatePair, CandidateSide } from '@/lib/dedupe/candidates.ts';
import { dismissPairAction, mergeAction } from './actions.ts';

export function DuplicatePairs({ pairs }: { pairs: CandidatePair[] }) {
  const t = useTranslations('data');
  if (!pairs.length) return <p className="bg-white px-4 py-5 text-center text-[14px] text-muted" data-testid="dup-empty">{t('dupEmpty')}</p>;
  return (
    <ul className="space-y-2" data-testid="dup-list">
      {pairs.map((p) => (
        <Pair key={`${p.a.id}:${p.b.id}`} pair={p} />
      ))}
    </ul>
  );
}

function Pair({ pair }: { pair: CandidatePair }) {
  const t = useTranslations('data');
  const td = useTranslations('dedupeDismiss');
  const [keep, setKeep] = useState<CandidateSide | null>(null);
  const [notDup, setNotDup] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const drop = keep ? (keep.id === pair.a.id ? pair.b : pair.a) : null;

  const merge = () =>
    start(async () => {
      if (!keep || !drop) return;
      const res = await mergeAction({ keepId: keep.id, dropId: drop.id, reasons: pair.reasons });
      if (!res.ok) setMessage(res.message ?? null);
    });

  const dismiss = () =>
    start(async () => {
      const res = await dismissPairAction({ aId: pair.a.id, bId: pair.b.id });
      if (!res.ok) setMessage(res.message ?? null);
    });

  return (
    <li className="bg-white" data-testid="dup-pair">
      <div className="flex flex-wrap gap-1.5 px-4 pt-3">
        {pair.reasons.map((r) => (
          <span key={r} className="rounded bg-brand-soft px-1.5 py-0.5 text-[12px] text-brand-dark" data-testid="dup-reason">
            {t(`reason.${r}`)}
          </span>
        ))}
      </div>
      {[pair.a, pair.b].map((s) => (
        <div key={s.id} className="flex items-center justify-between gap-3 px-4 py-2.5">
          <div className="min-w-0">
            <div className="truncate text-[16px]">
              {s.name}
              {s.company ? <span className="text-[14px] text-muted"> · {s.company}</span> : null}
            </div>
            <div className="truncate text-[13px] text-muted">{[s.phone, s.email, s.owner_name].filter(Boolean).join(' · ')}</div>
            <div className="text-[12px] text-muted">{t('history', { i: s.interactions, o: s.orders })}</div>
          </div>
          <button
            type="button"
            disabled={pending}
            onClick={() => {
              setKeep(s);
              setNotDup(false);
              setMessage(null);
            }}
            aria-pressed={keep?.id === s.id}
            className={`h-11 shrink-0 rounded-md border px-3 text-[14px] ${keep?.id === s.id ? 'border-brand bg-brand-soft text-brand-dark' : 'border-line active:bg-bar'}`}
            data-testid="dup-keep"
          >
            {t('keepThis')}
          </button>
        </div>
      ))}
      {keep && drop ? (
        <div className="border-t border-line/80 px-4 py-3" data-testid="dup-confirm">
          <p className="text-[14px] leading-5">{t('confirmMerge', { keep: keep.name, drop: drop.name })}</p>
          <Compare keep={keep} drop={drop} />
          <div className="mt-3 flex gap-2">
            <button type="button" onClick={() => setKeep(null)} disabled={pending} className="h-11 flex-1 rounded-md border border-line text-[15px] active:bg-bar">
              {t('cancel')}
            </button>
            <button
              type="button"
              onClick={merge}
              disabled={pending}
              className="h-11 flex-1 rounded-md bg-brand text-[15px] font-medium text-white disabled:opacity-60"
              data-testid="dup-merge"
            >
              {pending ? t('merging') : t('merge')}
            </button>
          </div>
        </div>
      ) : null}
      {!keep && !notDup ? (
        <div className="flex justify-end px-4 pb-1">
          <button
            type="button"
            disabled={pending}
            onClick={() => {
              setNotDup(true);
              setMessage(null);
            }}
            className="h-11 px-1 text-[14px] text-link active:opacity-60"
            data-testid="dup-not"
          >
            {td('notDuplicates')}
          </button>
        </div>
      ) : null}
      {notDup ? (
        <div className="border-t border-line/80 px-4 py-3" data-testid="dup-not-confirm">
          <p className="text-[14px] leading-5">{td('confirm', { a: pair.a.name, b: pair.b.name })}</p>
          <div className="mt-3 flex gap-2">
            <button type="button" onClick={() => setNotDup(false)} disabled={pending} className="h-11 flex-1 rounded-md border border-line text-[15px] active:bg-bar">
              {td('cancel')}
            </button>
            <button
              type="button"
              onClick={dismiss}
              disabled={pending}
              className="h-11 flex-1 rounded-md bg-brand text-[15px] font-medium text-white disabled:opacity-60"
              data-testid="dup-not-ok"
            >
              {pending ? td('dismissing') : td('dismiss')}
            </button>
          </div>
        </div>
      ) : null}
      {message ? (
        <p className="px-4 pb-3 text-[14px] text-danger" role="alert">
          {message}
        </p>
      ) : null}
    </li>
  );
}

/**
 * The two customers side by side, so "把“杜娜静”合并进“杜娜静”？" can be told apart: the rows that
 * differ are marked (issue 15 item 6).
 */
function Compare({ keep, drop }: { keep: CandidateSide; drop: CandidateSide }) {
  const t = useTranslations('data.compare');
  const format = useFormatter();
  const day = (d: Date | string | null) => (d ? format.dateTime(new Date(d), { year: 'numeric', month: 'numeric', day: 'numeric' }) : t('none'));
  const rows: [string, (s: CandidateSide) => string][] = [
    ['name', (s) => s.name],
    ['phone', (s) => s.phone ?? t('none')],
    ['company', (s) => s.company ?? t('none')],
    ['owner', (s) => s.owner_name ?? t('none')],
    ['lastContact', (s) => day(s.last_contact)],
    ['orders', (s) => t('count', { n: s.orders })],
    ['interactions', (s) => t('count', { n: s.interactions })],
    ['created', (s) => day(s.created_at)],
  ];
  return (
    <table className="mt-2 w-full table-fixed text-[13px] leading-5" data-testid="dup-compare">
      <thead>
        <tr className="text-muted">
          <th className="w-[72px] py-1 text-left font-normal">{t('field')}</th>
          <th className="py-1 text-left font-medium text-brand-dark">{t('keep')}</th>
          <th className="py-1 text-left font-normal">{t('drop')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, value]) => {
          const [a, b] = [value(keep), value(drop)];
          const differs = a !== b;
          return (
            <tr key={key} className={`border-t border-line/60 ${differs ? 'bg-[#fff7e6]' : ''}`} data-testid={differs ? 'dup-differs' : undefined}>
              <th scope="row" className="py-1 pr-2 text-left font-normal text-muted">{t(key as 'name')}</th>
              <td className="break-words py-1 pr-2 [overflow-wrap:anywhere]">{a}</td>
              <td className="break-words py-1 [overflow-wrap:anywhere]">{b}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
