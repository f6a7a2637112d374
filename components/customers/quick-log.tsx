'use client';
// A minimal "log what happened" sheet on the customer page: kind, the customer's attitude and
// cognition (seed 002's two axes), a note → POST /api/interactions. Online only; the offline
// outbox and the full quick-log sheet come with the log screen. The id is made here, once per
// log, so pressing save again after a timeout cannot store it twice.
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { BottomSheet } from '@/components/ui/bottom-sheet.tsx';
import { PlusIcon } from '@/components/ui/icons.tsx';
import { useUrlSheet } from '@/components/ui/use-url-sheet.ts';
import { ATTITUDE_LABELS, COGNITION_LABELS, INTERACTION_KIND_LABELS } from '@/lib/engine/labels.ts';
import type { Bilingual, Problem } from '@/lib/http/problem.ts';

const KINDS = ['visit', 'call', 'message', 'meeting'] as const;
const NOTE_MAX = 5000;

/** crypto.randomUUID needs a secure context; a phone on the office Wi-Fi over plain http has none. */
function uuid(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function Segmented<T extends string>({
  name,
  legend,
  options,
  value,
  onChange,
}: {
  name: string;
  legend: string;
  options: { value: T; label: string }[];
  value: T;
  onChange: (v: T) => void;
}) {
  return (
    <fieldset className="px-4 pt-3">
      {/* float: a legend otherwise sits on the fieldset's border, outside its padding */}
      <legend className="float-left w-full pb-1.5 text-[13px] text-muted">{legend}</legend>
      <div className="clear-left flex rounded-lg bg-white p-0.5">
        {options.map((o) => (
          <label
            key={o.value}
            className={`flex min-h-[40px] flex-1 cursor-pointer items-center justify-center rounded-md text-[14px] has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand ${
              value === o.value ? 'bg-brand text-white' : 'text-ink'
            }`}
          >
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} className="sr-only" />
            {o.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function QuickLog({ customerId }: { customerId: string }) {
  const t = useTranslations('customer.quickLog');
  const tSheet = useTranslations('customer.sheet');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const router = useRouter();
  const sheet = useUrlSheet('log');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('visit');
  const [attitude, setAttitude] = useState<'accept' | 'doubt' | ''>('');
  const [cognition, setCognition] = useState<'specific' | 'vague' | ''>('');
  const [note, setNote] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const logId = useRef<string | null>(null);

  const word = (l: { zh: string; en: string }) => (locale === 'en' ? l.en.charAt(0).toUpperCase() + l.en.slice(1) : l.zh);
  const pick = (m: Bilingual) => m[locale];

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    logId.current ??= uuid();
    try {
      const res = await fetch('/api/interactions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id: logId.current,
          customer_id: customerId,
          kind,
          occurred_at: new Date().toISOString(),
          attitude: attitude || null,
          cognition: cognition || null,
          note: note.trim() || null,
        }),
      });
      if (!res.ok) {
        const p = (await res.json().catch(() => null)) as Problem | null;
        const field = p?.fields ? Object.values(p.fields)[0] : undefined;
        setError(t('failed', { message: p ? pick(field ?? p.message) : String(res.status) }));
        return;
      }
      logId.current = null;
      setNote('');
      setAttitude('');
      setCognition('');
      setNotice(t('saved'));
      sheet.close();
      router.refresh();
      // The tags are recomputed just after the response; look again once they have landed.
      for (const ms of [1500, 4000]) setTimeout(() => router.refresh(), ms);
      setTimeout(() => setNotice(null), 4000);
    } catch {
      setError(t('network'));
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <a
        href={sheet.hrefFor('1')}
        onClick={(e) => {
          e.preventDefault();
          sheet.open('1');
        }}
        aria-haspopup="dialog"
        data-testid="quick-log-open"
        className="flex min-h-[48px] flex-1 items-center justify-center gap-1.5 text-[15px] text-[#576b95] active:bg-black/5 [&:not(:first-child)]:shadow-[inset_0.5px_0_0_var(--color-line)]"
      >
        <PlusIcon size={18} />
        <span>{t('open')}</span>
      </a>
      {notice ? (
        <p role="status" className="fixed inset-x-0 bottom-[calc(var(--tabbar-h)+var(--safe-bottom)+12px)] z-30 mx-auto w-fit max-w-[90%] rounded-lg bg-black/75 px-4 py-2 text-[14px] text-white">
          {notice}
        </p>
      ) : null}
      {sheet.value ? (
        <BottomSheet title={t('title')} closeLabel={tSheet('close')} onClose={sheet.close} testId="quick-log-sheet">
          <form onSubmit={save} noValidate>
            <Segmented
              name="kind"
              legend={t('kind')}
              options={KINDS.map((k) => ({ value: k, label: word(INTERACTION_KIND_LABELS[k]!) }))}
              value={kind}
              onChange={setKind}
            />
            <Segmented
              name="attitude"
              legend={t('attitude')}
              options={[
                { value: 'accept', label: word(ATTITUDE_LABELS.accept) },
                { value: 'doubt', label: word(ATTITUDE_LABELS.doubt) },
                { value: '', label: t('unset') },
              ]}
              value={attitude}
              onChange={setAttitude}
            />
            <Segmented
              name="cognition"
              legend={t('cognition')}
              options={[
                { value: 'specific', label: word(COGNITION_LABELS.specific) },
                { value: 'vague', label: word(COGNITION_LABELS.vague) },
                { value: '', label: t('unset') },
              ]}
              value={cognition}
              onChange={setCognition}
            />
            <label className="block px-4 pt-3">
              <span className="block pb-1.5 text-[13px] text-muted">{t('note')}</span>
              <textarea
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={NOTE_MAX}
                rows={3}
                placeholder={t('notePlaceholder')}
                className="block w-full resize-none rounded-lg bg-white px-3 py-2 leading-6 outline-none placeholder:text-faint"
              />
            </label>
            {error ? (
              <p role="alert" className="px-4 pt-2 text-[13px] text-danger">
                {error}
              </p>
            ) : null}
            <div className="px-4 pt-4">
              <button type="submit" disabled={pending} className="min-h-[48px] w-full rounded-lg bg-brand text-[16px] font-medium text-white disabled:opacity-60">
                {pending ? t('saving') : t('submit')}
              </button>
            </div>
          </form>
        </BottomSheet>
      ) : null}
    </>
  );
}
