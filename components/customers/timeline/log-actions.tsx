'use client';
// The author's own log on the timeline: 撤回 within 2 minutes of saving it and 编辑 within 24 hours,
// as WeChat lets you recall a message. The windows are the database's (migration
// 20261206007300); this only hides the buttons when they can no longer work and says why when the
// server refuses. After either, the page refreshes: the trace or the edited bubble, and the chips
// once the recompute lands.
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useTranslations } from 'next-intl';
import { LogForm, type LogFields } from '@/components/log/log-form.tsx';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import { LIMITS } from '@/lib/domain/vocabulary.ts';
import type { TimelineInteraction } from '@/lib/db/queries/timeline.ts';
import { useJsonRequest } from '../actions/form-kit.tsx';

export function LogActions({ item }: { item: TimelineInteraction }) {
  const t = useTranslations('customer.timeline');
  const router = useRouter();
  // Read the clock after hydration only, so the server's HTML and the first client render agree.
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 15_000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, []);
  const [editing, setEditing] = useState(false);
  const { send, pending, error } = useJsonRequest();
  if (now === null) return null;
  const age = now - Date.parse(item.created_at);
  if (age > LIMITS.editWindowMs && !error) return null;

  async function recall() {
    if (await send(`/api/interactions/${item.id}/recall`, 'POST', {})) router.refresh();
  }
  async function save(fields: LogFields) {
    if (await send(`/api/interactions/${item.id}/edit`, 'POST', fields)) {
      setEditing(false);
      router.refresh();
    }
  }

  return (
    <>
      <span className="inline-flex items-center gap-3">
        {age <= LIMITS.recallWindowMs ? (
          <button type="button" disabled={pending} onClick={() => void recall()} className="min-h-[44px] px-1 text-link" data-testid="log-recall">
            {t('recall')}
          </button>
        ) : null}
        {age <= LIMITS.editWindowMs ? (
          <button type="button" disabled={pending} onClick={() => setEditing(true)} className="min-h-[44px] px-1 text-link" data-testid="log-edit">
            {t('edit')}
          </button>
        ) : null}
      </span>
      {error && !editing ? (
        <span role="alert" className="block text-danger" data-testid="log-action-error">
          {error}
        </span>
      ) : null}
      {editing ? (
        <BottomSheet title={t('editTitle')} closeLabel={t('close')} onClose={() => setEditing(false)} testId="edit-log-sheet">
          <LogForm
            initial={{ ...item, follow_up_at: item.follow_up_at }}
            submitLabel={t('editSave')}
            onSubmit={(fields) => void save(fields)}
            error={error}
          />
        </BottomSheet>
      ) : null}
    </>
  );
}
