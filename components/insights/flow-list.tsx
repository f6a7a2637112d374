'use client';
// 标签流动: the moves of one dimension during the period ("普通客户 → 高价值客户 12"), biggest
// first, each a row that opens the customers behind it in a bottom sheet. Which move is open is in
// the URL (?move=normal.high): the phone's back button closes it, a reload keeps it.
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import { ChevronRightIcon } from '@/components/ui/icons.tsx';
import { useUrlSheet } from '@/components/ui/use-url-sheet.ts';

export type FlowMoveView = { from: string; to: string; fromLabel: string; toLabel: string; customers: number; countLabel: string };
type DrillCustomer = { id: string; name: string; company: string | null; owner: string | null; changedAt: string };
type Drill = { ok: true; total: number; customers: DrillCustomer[] } | { ok: false };

export function FlowList({
  dimension,
  moves,
  periodFrom,
  periodTo,
  load,
}: {
  dimension: string;
  moves: FlowMoveView[];
  periodFrom: string;
  periodTo: string;
  load: (input: { dimension: string; fromValue: string; toValue: string; periodFrom: string; periodTo: string }) => Promise<Drill>;
}) {
  const t = useTranslations('insights.flows');
  const sheet = useUrlSheet('move');
  const max = Math.max(1, ...moves.map((m) => m.customers));
  const open = moves.find((m) => `${m.from}.${m.to}` === sheet.value);

  return (
    <>
      <ul data-testid="flow-moves">
        {moves.map((m) => (
          <li key={`${m.from}.${m.to}`}>
            <button
              type="button"
              onClick={() => sheet.open(`${m.from}.${m.to}`)}
              aria-label={t('open', { from: m.fromLabel, to: m.toLabel, count: m.customers })}
              className="flex min-h-[52px] w-full items-center gap-3 px-4 text-left active:bg-black/5"
              data-testid="flow-move"
            >
              <span className="min-w-0 flex-1">
                <span className="block truncate text-[15px]">
                  {m.fromLabel} <span className="text-muted">→</span> {m.toLabel}
                </span>
                <span className="mt-1 block h-1.5 rounded-full bg-page">
                  <span className="block h-1.5 rounded-full bg-brand" style={{ width: `${Math.max(2, (m.customers / max) * 100)}%` }} />
                </span>
              </span>
              <span className="shrink-0 text-[15px] tabular-nums text-muted">{m.countLabel}</span>
              <ChevronRightIcon size={16} className="shrink-0 text-faint" />
            </button>
          </li>
        ))}
      </ul>
      {open ? (
        <BottomSheet title={`${open.fromLabel} → ${open.toLabel}`} closeLabel={t('close')} onClose={sheet.close} testId="flow-sheet">
          <DrillList
            key={`${dimension}:${sheet.value}:${periodFrom}`}
            fetch={() => load({ dimension, fromValue: open.from, toValue: open.to, periodFrom, periodTo })}
          />
        </BottomSheet>
      ) : null}
    </>
  );
}

function DrillList({ fetch }: { fetch: () => Promise<Drill> }) {
  const t = useTranslations('insights.flows');
  const format = useFormatter();
  const [state, setState] = useState<{ status: 'loading' } | { status: 'error' } | { status: 'done'; drill: Extract<Drill, { ok: true }> }>({
    status: 'loading',
  });
  const [attempt, setAttempt] = useState(0);
  // fetch is a new closure every render; the request is identified by this component's key
  useEffect(() => {
    let live = true;
    fetch().then(
      (d) => live && setState(d.ok ? { status: 'done', drill: d } : { status: 'error' }),
      () => live && setState({ status: 'error' }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt]);

  if (state.status === 'loading') return <p className="px-4 py-8 text-center text-[14px] text-muted">{t('loading')}</p>;
  if (state.status === 'error')
    return (
      <button
        type="button"
        onClick={() => {
          setState({ status: 'loading' });
          setAttempt((n) => n + 1);
        }}
        className="block min-h-[48px] w-full px-4 text-center text-[14px] text-danger"
      >
        {t('error')}
      </button>
    );
  const { drill } = state;
  return (
    <>
      <ul className="bg-white" data-testid="flow-customers">
        {drill.customers.map((c) => (
          <li key={c.id} className="hairline-b">
            <Link href={`/customers/${c.id}`} className="flex min-h-[56px] items-center gap-3 px-4 active:bg-black/5">
              <span className="min-w-0 flex-1">
                <span className="block truncate text-[16px]">{c.name}</span>
                <span className="block truncate text-[12px] text-muted">
                  {[c.company, c.owner ? t('owner', { name: c.owner }) : null].filter(Boolean).join(' · ')}
                </span>
              </span>
              <span className="shrink-0 text-[12px] text-muted">{t('changedAt', { date: format.dateTime(new Date(c.changedAt), { month: 'short', day: 'numeric' }) })}</span>
            </Link>
          </li>
        ))}
      </ul>
      {drill.total > drill.customers.length ? (
        <p className="px-4 py-3 text-center text-[12px] text-muted">
          {t('more', { shown: drill.customers.length, total: drill.total })}
        </p>
      ) : null}
    </>
  );
}
