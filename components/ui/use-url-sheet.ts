'use client';
// Which sheet is open lives in the URL (?dim=value), so the phone's back button closes it, a
// reload keeps it open, and the link can be shared. Opening pushes a history entry with plain
// history.pushState (Next keeps useSearchParams in step without a server round trip); closing
// goes back over that entry, or — when the page was loaded with the sheet already open —
// replaces the URL so "back" then leaves the page as the user expects.
import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

const MARK = 'crystalSheet';

export function hrefWith(pathname: string, params: URLSearchParams, name: string, value: string | null): string {
  const next = new URLSearchParams(params);
  if (value === null) next.delete(name);
  else next.set(name, value);
  const qs = next.toString();
  return qs ? `${pathname}?${qs}` : pathname;
}

export function useUrlSheet(name: string) {
  const params = useSearchParams();
  const pathname = usePathname();
  const value = params.get(name);

  const open = useCallback(
    (v: string) => {
      const href = hrefWith(pathname, params, name, v);
      // Switching from one open sheet to another replaces, so one "back" still closes.
      if (params.get(name) !== null) window.history.replaceState(window.history.state, '', href);
      else window.history.pushState({ [MARK]: name }, '', href);
    },
    [name, params, pathname],
  );

  const close = useCallback(() => {
    if ((window.history.state as Record<string, unknown> | null)?.[MARK] === name) window.history.back();
    else window.history.replaceState(null, '', hrefWith(pathname, params, name, null));
  }, [name, params, pathname]);

  return { value, open, close, hrefFor: (v: string | null) => hrefWith(pathname, params, name, v) };
}
