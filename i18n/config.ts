// Locales the UI ships in. zh-CN first: the product is built for Chinese SMB sales teams.
import { z } from 'zod';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
// The same cookie name next-intl's own middleware uses, so tooling that knows it just works.
export const LOCALE_COOKIE = 'NEXT_LOCALE';

export const LocaleSchema = z.enum(LOCALES);
export const isLocale = (value: unknown): value is Locale => LocaleSchema.safeParse(value).success;
