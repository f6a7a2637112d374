'use client';
// 我 tab: how many logs are still on this phone (pending, and refused ones waiting for the rep),
// "sync now", and the list of them (?outbox=1 sheet) — where a log for a customer who has been
// reassigned away, whose page the rep can no longer open, can still be read, fixed or discarded.
import { useFormatter, useTranslations } from 'next-intl';
import { FIX_PARAM, FixEntrySheet } from '@/components/log/fix-entry-sheet.tsx';
import { OutboxItem } from '@/components/log/outbox-item.tsx';
import { useOutbox } from '@/components/log/use-outbox.ts';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import { ChevronRightIcon } from '@/components/ui/icons.tsx';
import { useUrlSheet } from '@/components/ui/use-url-sheet.ts';
import { discardEntry, syncNow } from '@/lib/offline/client.ts';

export function SyncCell() {
  const t = useTranslations('log.sync');
  const tLog = useTranslations('log');
  const format = useFormatter();
  const outbox = useOutbox();
  const list = useUrlSheet('outbox');
  const fix = useUrlSheet(FIX_PARAM);
  const { pending, rejected } = outbox.counts;
  const waiting = outbox.entries.filter((e) => e.status !== 'sent');
  const canSync = outbox.online && pending > 0 && !outbox.syncing;

  return (
    <>
      <div className="flex min-h-[52px] items-center gap-3 pl-4 pr-3" data-testid="sync-cell">
        <button
          type="button"
          onClick={() => list.open('1')}
          disabled={waiting.length === 0}
          className="flex min-h-[52px] min-w-0 flex-1 items-center gap-3 text-left"
        >
          <span className="text-[16px]">{t('pending')}</span>
          <span className="ml-auto truncate text-[15px] text-muted">
            <span data-testid="pending-sync-count" data-count={pending} className={pending ? 'text-warn' : undefined}>
              {outbox.ready ? t('count', { count: pending }) : '…'}
            </span>
            {rejected ? (
              <span className="text-danger" data-testid="rejected-count">
                {' · '}
                {t('rejected', { count: rejected })}
              </span>
            ) : null}
          </span>
          {waiting.length ? <ChevronRightIcon size={16} className="-ml-2 shrink-0 text-faint" /> : null}
        </button>
        {outbox.authNeeded && outbox.online ? (
          // Signed out (401): sending again would only be refused. A full load: the session is gone.
          <a
            href="/login?next=%2Fme"
            data-testid="sync-sign-in"
            className="flex h-11 shrink-0 items-center rounded-md bg-brand px-3 text-[14px] font-medium text-white active:bg-brand-dark"
          >
            {tLog('status.signIn')}
          </a>
        ) : (
          <button
            type="button"
            disabled={!canSync}
            onClick={() => void syncNow()}
            data-testid="sync-now"
            className="h-11 shrink-0 rounded-md bg-brand px-3 text-[14px] font-medium text-white active:bg-brand-dark disabled:bg-[#e1e1e1] disabled:text-faint"
          >
            {outbox.syncing ? t('syncing') : outbox.online ? t('syncNow') : t('offline')}
          </button>
        )}
      </div>
      <p className="bg-white px-4 pb-2.5 text-[12px] leading-4 text-muted" data-testid="last-sync">
        {outbox.authNeeded
          ? t('authNeeded')
          : outbox.lastSyncAt
            ? t('lastSync', { time: format.dateTime(new Date(outbox.lastSyncAt), { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) })
            : t('explain')}
      </p>
      {list.value && !fix.value ? (
        <BottomSheet title={t('listTitle')} closeLabel={tLog('close')} onClose={list.close} testId="outbox-sheet">
          {waiting.length === 0 ? (
            <p className="px-4 py-8 text-center text-[14px] text-muted">{t('empty')}</p>
          ) : (
            <ol className="bg-white">
              {waiting.map((e) => (
                <OutboxItem
                  key={e.id}
                  entry={e}
                  syncing={outbox.syncing}
                  online={outbox.online}
                  onFix={(id) => fix.open(id)}
                  onDiscard={(id) => void discardEntry(id)}
                />
              ))}
            </ol>
          )}
        </BottomSheet>
      ) : null}
      <FixEntrySheet entries={outbox.entries} />
    </>
  );
}
