'use client';
// Small form pieces shared by the customer page's action sheets (order, deal, tag), WeChat
// style: grey sheet, white grouped cells, a green primary button. Also the POST/DELETE helper
// that turns a problem response into one line in the reader's language.
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import type { Problem } from '@/lib/http/problem.ts';

/** Ids made on the phone (an order's, a deal's): a retried request stores one row. */
export { uuid as newId } from '@/lib/offline/uuid.ts';

/**
 * send(url, method, body) → the parsed answer, or null after putting the reason in `error`
 * (the first field problem, else the problem's message, in the reader's language).
 */
export function useJsonRequest() {
  const t = useTranslations('customer.actions');
  const locale = useLocale() === 'en' ? 'en' : 'zh';
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send<T>(url: string, method: 'POST' | 'DELETE', body: unknown): Promise<T | null> {
    setPending(true);
    setError(null);
    try {
      const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (!res.ok) {
        const p = (await res.json().catch(() => null)) as Problem | null;
        const field = p?.fields ? Object.values(p.fields)[0] : undefined;
        setError(t('failed', { message: p ? (field ?? p.message)[locale] : String(res.status) }));
        return null;
      }
      return (await res.json()) as T;
    } catch {
      setError(t('network'));
      return null;
    } finally {
      setPending(false);
    }
  }

  return { send, pending, error, setError };
}

export function Legend({ children }: { children: React.ReactNode }) {
  return <p className="px-4 pb-1.5 pt-3 text-[13px] text-muted">{children}</p>;
}

export function Segmented<T extends string>({
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

/** A settings-style row with a switch on the right. */
export function SwitchRow({ label, hint, checked, onChange }: { label: string; hint?: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="flex min-h-[52px] cursor-pointer items-center gap-3 px-4 py-2 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:-outline-offset-2 has-[:focus-visible]:outline-brand">
      <span className="min-w-0 flex-1">
        <span className="block text-[16px] leading-6">{label}</span>
        {hint ? <span className="block text-[12px] leading-4 text-muted">{hint}</span> : null}
      </span>
      <input type="checkbox" role="switch" checked={checked} onChange={(e) => onChange(e.target.checked)} className="peer sr-only" />
      <span
        aria-hidden="true"
        className="relative h-[28px] w-[48px] shrink-0 rounded-full bg-[#e5e5e5] transition-colors after:absolute after:left-[2px] after:top-[2px] after:h-6 after:w-6 after:rounded-full after:bg-white after:shadow after:transition-transform peer-checked:bg-brand peer-checked:after:translate-x-5"
      />
    </label>
  );
}

export function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="px-4 pt-2 text-[13px] leading-5 text-danger" data-testid="action-error">
      {error}
    </p>
  ) : null;
}

export function SubmitButton({
  pending,
  disabled,
  children,
  pendingText,
}: {
  pending: boolean;
  disabled?: boolean;
  children: React.ReactNode;
  pendingText: string;
}) {
  return (
    <div className="px-4 pt-4">
      <button type="submit" disabled={pending || disabled} className="min-h-[48px] w-full rounded-lg bg-brand text-[16px] font-medium text-white active:bg-brand-dark disabled:opacity-60">
        {pending ? pendingText : children}
      </button>
    </div>
  );
}

/** "2026-11-20" for a date in the phone's own calendar (what <input type="date"> speaks). */
export function localDateString(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** "12,800.50" / "¥ 12800" / "１２８００" → 12800.5; NaN when it is not a number. */
export function parseAmount(s: string): number {
  const clean = s
    .normalize('NFKC')
    .replace(/[\s,¥￥元]/g, '')
    .trim();
  return /^\d+(\.\d+)?$/.test(clean) ? Number(clean) : NaN;
}
