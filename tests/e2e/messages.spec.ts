// zh-CN and en must have the same message keys (types check keys against zh-CN only).
// No browser needed; lives here because it guards the UI.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const keys = (o: unknown, prefix = ''): string[] =>
  Object.entries(o as Record<string, unknown>).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
const load = (locale: string) => JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as unknown;

test('zh-CN and en messages have the same keys', () => {
  expect(keys(load('en')).sort()).toEqual(keys(load('zh-CN')).sort());
});
