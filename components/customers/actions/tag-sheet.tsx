'use client';
// A rep's own tags on the customer: remove one (×) or add one (POST/DELETE
// /api/customers/[id]/tags). The sheet stays open so several can be changed in a row; the page
// behind refreshes and hands the new list back in.
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { normaliseTag, TAG_MAX, type TagResponse } from '@/lib/validation/tag.ts';
import { CloseIcon } from '@/components/ui/icons.tsx';
import { ErrorLine, Legend, useJsonRequest } from './form-kit.tsx';

export function TagSheet({ customerId, tags, onDone }: { customerId: string; tags: string[]; onDone: (notice: string, keepOpen?: boolean) => void }) {
  const t = useTranslations('customer.actions.tagSheet');
  const tActions = useTranslations('customer.actions');
  const [draft, setDraft] = useState('');
  const { send, pending, error } = useJsonRequest();
  const url = `/api/customers/${customerId}/tags`;

  async function add(e: React.FormEvent) {
    e.preventDefault();
    const tag = normaliseTag(draft);
    if (pending || !tag) return;
    const ok = await send<TagResponse>(url, 'POST', { tag });
    if (!ok) return;
    setDraft('');
    onDone(tActions('tagAdded'), true);
  }

  async function remove(tag: string) {
    if (pending) return;
    const ok = await send<TagResponse>(url, 'DELETE', { tag });
    if (ok) onDone(tActions('tagRemoved'), true);
  }

  return (
    <div data-testid="tag-form">
      <Legend>{t('mine')}</Legend>
      {tags.length === 0 ? (
        <p className="mx-4 rounded-lg bg-white px-4 py-3 text-[14px] text-muted">{t('none')}</p>
      ) : (
        <ul className="flex flex-wrap gap-2 px-4" data-testid="manual-tags">
          {tags.map((tag) => (
            <li key={tag} className="inline-flex h-8 items-center rounded bg-white pl-2.5 text-[14px] text-brand-dark ring-1 ring-inset ring-brand/50">
              <span aria-hidden="true">#</span>
              {tag}
              <button
                type="button"
                onClick={() => remove(tag)}
                disabled={pending}
                aria-label={t('remove', { tag })}
                className="flex h-8 w-8 items-center justify-center text-muted active:text-ink disabled:opacity-50"
              >
                <CloseIcon size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={add} noValidate className="px-4 pt-4">
        <label htmlFor="new-tag" className="block pb-1.5 text-[13px] text-muted">
          {t('new')}
        </label>
        <div className="flex gap-2">
          <input
            id="new-tag"
            name="tag"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            maxLength={TAG_MAX}
            enterKeyHint="done"
            autoComplete="off"
            placeholder={t('placeholder')}
            className="h-12 min-w-0 flex-1 rounded-lg bg-white px-3 outline-none placeholder:text-hint focus-visible:outline-2 focus-visible:outline-brand"
          />
          <button
            type="submit"
            disabled={pending || !normaliseTag(draft)}
            className="h-12 shrink-0 rounded-lg bg-brand px-5 text-[16px] font-medium text-white active:bg-brand-dark disabled:opacity-50"
          >
            {t('add')}
          </button>
        </div>
        <p className="pt-1.5 text-[12px] leading-4 text-muted">{t('hint', { max: TAG_MAX })}</p>
      </form>
      <ErrorLine error={error} />
    </div>
  );
}
