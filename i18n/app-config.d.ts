// Type-checked message keys: t('customers.title') fails to compile if zh-CN.json lacks it.
// (en.json must have the same shape; tests/e2e and review catch drift in values.)
import type messages from '../messages/zh-CN.json';
import type { Locale } from './config.ts';

declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof messages;
  }
}
