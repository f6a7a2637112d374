'use client';
// The ＋ tab's first question: which customer? Recent ones first — those opened on this phone
// (kept on the device, so the list works offline too), then those most recently in contact (from
// the server) — and a search box over the customer list (GET ?q=, the list's own query). Picking
// one opens their page with the log sheet up (/customers/<id>?log=1), so the saved log appears
// on their timeline and the new tags follow on the same screen.
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import { CustomerAvatar } from '@/components/customers/customer-avatar.tsx';
import { SearchForm } from '@/components/ui/search-form.tsx';
import { listRecents, type RecentCustomer } from '@/lib/offline/db.ts';
import { useOutbox } from './use-outbox.ts';

export type PickerCustomer = { id: string; name: string; company: string | null; region: string | null; last_contact_days: number | null };

type Row = PickerCustomer & { viewedAt?: number };

const RECENT_MAX = 12;

const matches = (q: string) => (c: { name: string; company: string | null }) => {
  const s = q.trim().toLowerCase();
  return c.name.toLowerCase().includes(s) || (c.company ?? '').toLowerCase().includes(s);
};

export function CustomerPicker({ q, server }: { q: string; server: PickerCustomer[] }) {
  const t = useTranslations('log.picker');
  const format = useFormatter();
  const { userId, online } = useOutbox();
  const [recents, setRecents] = useState<RecentCustomer[]>([]);
  // Offline, a search can only look through the customers kept on the phone.
  const [localQ, setLocalQ] = useState<string | null>(null);

  useEffect(() => {
    if (!userId) return;
    let live = true;
    listRecents(userId)
      .then((r) => live && setRecents(r))
      .catch(() => {});
    return () => {
      live = false;
    };
  }, [userId]);

  const fromDevice: Row[] = recents.map((r) => ({ id: r.customerId, name: r.name, company: r.company, region: r.region, last_contact_days: null, viewedAt: r.viewedAt }));
  let rows: Row[];
  let heading: string;
  if (localQ !== null) {
    rows = fromDevice.filter(matches(localQ));
    heading = t('offlineResults', { q: localQ });
  } else if (q) {
    rows = server;
    heading = t('results', { q });
  } else {
    const seen = new Set<string>();
    rows = [...fromDevice, ...server].filter((r) => !seen.has(r.id) && Boolean(seen.add(r.id))).slice(0, RECENT_MAX);
    heading = t('recent');
  }

  const when = (r: Row) =>
    r.viewedAt
      ? t('viewed', { time: format.relativeTime(new Date(r.viewedAt), new Date()) })
      : r.last_contact_days === null
        ? t('neverContacted')
        : t('lastContact', { days: Math.max(0, r.last_contact_days) });

  return (
    <>
      <p className="px-4 pb-2 pt-1 text-[15px]" id="picker-question">
        {t('question')}
      </p>
      <SearchForm
        action="/log"
        q={q}
        label={t('searchLabel')}
        placeholder={t('searchPlaceholder')}
        clear={q || localQ !== null ? { href: '/log', label: t('clearSearch'), onClick: () => setLocalQ(null) } : null}
        onSubmit={(e) => {
          if (online) return setLocalQ(null);
          e.preventDefault();
          setLocalQ(String(new FormData(e.currentTarget).get('q') ?? ''));
        }}
      />
      <h2 className="px-4 pb-1.5 pt-2 text-[13px] text-muted">{heading}</h2>
      {rows.length === 0 ? (
        <div className="bg-white px-4 py-6 text-center" data-testid="picker-empty">
          <p className="text-[15px]">{q || localQ !== null ? t('noMatch') : t('noRecent')}</p>
          <p className="mt-1 text-[13px] text-muted">{localQ !== null ? t('offlineHint') : t('noRecentHint')}</p>
        </div>
      ) : (
        <ul className="bg-white" aria-labelledby="picker-question" data-testid="picker-list">
          {rows.map((r) => (
            <li key={r.id}>
              <Link
                href={`/customers/${r.id}?log=1`}
                className="flex min-h-[64px] items-center gap-3 pl-4 active:bg-black/5"
                data-testid="picker-row"
                data-customer-id={r.id}
              >
                <CustomerAvatar id={r.id} name={r.name} size={40} />
                <span className="flex min-w-0 flex-1 items-center gap-2 self-stretch py-2.5 pr-4 hairline-b">
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-[16px] leading-6" data-testid="picker-name">
                      {r.name}
                    </span>
                    <span className="block truncate text-[13px] leading-5 text-muted">{[r.company, r.region].filter(Boolean).join(' · ') || '\u00a0'}</span>
                  </span>
                  <span className="shrink-0 text-[12px] text-muted">{when(r)}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
