// The WeChat-style search bar: a GET form (?q=) — next/form turns it into a client navigation, and
// it still works as a plain form before JS loads; the phone keyboard shows a "search" key, and a ×
// clears the search. Used by the customers list and the ＋ tab's customer picker. No hooks: it
// renders from a server component too (then without onSubmit / onClear).
import Form from 'next/form';
import Link from 'next/link';
import type { FormEvent, ReactNode } from 'react';
import { CloseIcon, SearchIcon } from './icons.tsx';

export function SearchForm({
  action,
  q,
  label,
  placeholder,
  clear,
  onSubmit,
  children,
}: {
  action: string;
  /** The current search (the input's value; a new one remounts it). */
  q: string;
  /** Screen-reader label of the input. */
  label: string;
  placeholder: string;
  /** The × link, when there is a search to clear. */
  clear?: { href: string; label: string; onClick?: () => void } | null;
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  /** Hidden fields that ride along (e.g. the active filters). */
  children?: ReactNode;
}) {
  return (
    <Form action={action} role="search" className="px-3 pb-2" onSubmit={onSubmit}>
      {children}
      <label className="flex h-11 items-center gap-2 rounded-lg bg-white px-3">
        <SearchIcon size={18} className="shrink-0 text-faint" />
        <span className="sr-only">{label}</span>
        <input
          type="search"
          name="q"
          defaultValue={q}
          key={q}
          maxLength={100}
          placeholder={placeholder}
          enterKeyHint="search"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          className="h-full min-w-0 flex-1 bg-transparent text-[15px] outline-none placeholder:text-hint"
        />
        {clear ? (
          <Link href={clear.href} onClick={clear.onClick} aria-label={clear.label} className="-mr-3 flex h-11 w-11 shrink-0 items-center justify-center text-muted">
            <CloseIcon size={16} />
          </Link>
        ) : null}
      </label>
    </Form>
  );
}
