// Shared by the public survey page and its form's post route: the visitor's language, the
// link's state (rate-limited, counted), and the site's own origin for Open Graph.
import { cookies, headers } from 'next/headers';
import { createTranslator } from 'next-intl';
import { cache } from 'react';
import { isLocale, LOCALE_COOKIE, type Locale } from '@/i18n/config.ts';
import { appDb } from '@/lib/db/client.ts';
import { hashSurveyToken, recordSurveyAttempt, surveyAttemptAllowed, surveyLink } from '@/lib/db/queries/surveys.ts';
import { clientIp } from '@/lib/http/request.ts';
import { type LinkState, TokenSchema } from '@/lib/validation/survey.ts';
import en from '@/messages/en.json';
import zh from '@/messages/zh-CN.json';

type HeaderSource = { get(name: string): string | null };

/**
 * zh-CN unless the browser prefers English: the highest-weighted Accept-Language entry that is
 * Chinese or English decides (WeChat sends zh-CN). The app's own language cookie wins — a rep
 * opening the link on their phone sees their own choice.
 */
export function surveyLocale(h: HeaderSource, cookie?: string): Locale {
  if (isLocale(cookie)) return cookie;
  let best: { locale: Locale; q: number } | null = null;
  for (const part of (h.get('accept-language') ?? '').slice(0, 500).split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.find((p) => p.trim().startsWith('q='));
    const q = qParam ? Number(qParam.trim().slice(2)) : 1;
    const locale = tag === 'zh' || tag.startsWith('zh-') ? 'zh-CN' : tag === 'en' || tag.startsWith('en-') ? 'en' : null;
    if (locale && Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? 'zh-CN';
}

export async function requestLocale(): Promise<Locale> {
  return surveyLocale(await headers(), (await cookies()).get(LOCALE_COOKIE)?.value);
}

/**
 * The page's words in the visitor's language. Not getTranslations(): the app's request config
 * (i18n/request.ts) always answers with the cookie's locale, and a customer has no cookie.
 */
export const publicTexts = (locale: Locale) =>
  createTranslator({ locale, messages: locale === 'en' ? en : zh, namespace: 'publicSurvey' });

/** https://host of this request (behind a proxy: the forwarded host and scheme). */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host')?.split(',')[0]?.trim() || h.get('host') || 'localhost';
  const proto = h.get('x-forwarded-proto')?.split(',')[0]?.trim() || (host.startsWith('localhost') ? 'http' : 'https');
  return `${proto}://${host}`;
}

export type PublicLink = { state: LinkState | 'limited'; orgName: string | null };

/**
 * The link as the page may show it. Counts the view (an unknown token counts towards the IP's
 * failed guesses) — once per request: cache() shares it between generateMetadata and the page.
 */
export const loadPublicLink = cache(async (token: string): Promise<PublicLink> => {
  const db = appDb();
  const ip = clientIp(await headers());
  const hash = hashSurveyToken(token.slice(0, 200));
  if (!(await surveyAttemptAllowed(db, ip, hash, 'view'))) return { state: 'limited', orgName: null };
  const link = TokenSchema.safeParse(token).success ? await surveyLink(db, hash) : { state: 'invalid' as const, org_name: null };
  await recordSurveyAttempt(db, ip, hash, `view_${link.state}`);
  return { state: link.state, orgName: link.org_name };
});
