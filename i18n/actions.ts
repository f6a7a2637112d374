'use server';
// setLocale — switch the UI language: a cookie (no locale in URLs), then re-render.
import { cookies } from 'next/headers';
import { refresh } from 'next/cache';
import { LOCALE_COOKIE, LocaleSchema } from './config.ts';

export async function setLocale(locale: string): Promise<void> {
  const parsed = LocaleSchema.safeParse(locale);
  if (!parsed.success) return;
  (await cookies()).set(LOCALE_COOKIE, parsed.data, { path: '/', maxAge: 365 * 24 * 60 * 60, sameSite: 'lax' });
  refresh();
}
