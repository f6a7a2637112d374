// CSV → validated rows, with every bad row reported by its line number and reason.
// Pure (no I/O): the CLI and the in-app import preview both use it.
import { parse } from 'csv-parse/sync';
import { createTranslator } from 'next-intl';
import type { z } from 'zod';
import { unguardCell } from '../export/csv-guard.ts';
import en from '../../messages/en.json';
import zh from '../../messages/zh-CN.json';
import { IMPORT_FILES, type ImportFile, type RowOf } from './schemas.ts';

/** `message` is English (the CLI prints it); `zh` the same reason in Chinese (the in-app preview). */
export type RowError = { file: string; line: number; field?: string; message: string; zh?: string };
export type Parsed<F extends ImportFile> = {
  file: F;
  rows: { line: number; data: RowOf<F> }[];
  errors: RowError[];
  /** Malformed rows as read, so the loader still checks their references and permissions in the same pass. */
  failed: { line: number; record: Record<string, string> }[];
};

export function parseImportFile<F extends ImportFile>(file: F, text: string): Parsed<F> {
  const schema = IMPORT_FILES[file] as unknown as z.ZodType<RowOf<F>>;
  const columns = Object.keys(IMPORT_FILES[file].shape);
  const errors: RowError[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    // bom: Excel's "CSV UTF-8" starts with one.
    records = parse(text, { bom: true, columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, info: true, trim: false,
      // Our exports quote cells a spreadsheet would run as formulas (lib/export/csv-guard.ts): undo it.
      cast: (value, ctx) => (ctx.header ? value : unguardCell(value)) });
  } catch (err) {
    const e = err as { message: string; lines?: number };
    return { file, rows: [], failed: [], errors: [{ file, line: e.lines ?? 0, message: `unreadable CSV: ${e.message}`, zh: `无法读取的 CSV：${e.message}` }] };
  }
  const header = records.length ? Object.keys(records[0]!.record) : (parse(text, { bom: true, to_line: 1 })[0] ?? []).map((c: string) => c.trim().toLowerCase());
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length)
    return { file, rows: [], failed: [], errors: [{ file, line: 1, message: `missing column(s): ${missing.join(', ')}`, zh: `缺少列：${missing.join(', ')}` }] };

  const rows: Parsed<F>['rows'] = [];
  const failed: Parsed<F>['failed'] = [];
  for (const { record, info } of records) {
    const res = schema.safeParse(record);
    if (res.success) rows.push({ line: info.lines, data: res.data });
    else {
      failed.push({ line: info.lines, record });
      for (const issue of res.error.issues) {
        const field = issue.path.join('.') || undefined;
        errors.push({ file, line: info.lines, field, ...describeIssue(issue, field ?? '') });
      }
    }
  }
  return { file, rows, errors, failed };
}

// The same words as the forms and the API (messages/*.json → customerForm.errors, api.issues):
// a phone the import refuses reads like the one the customer form refuses.
type Loose = { (key: string, values?: Record<string, string | number>): string; has(key: string): boolean };
const form = { zh: createTranslator({ locale: 'zh-CN', messages: zh, namespace: 'customerForm.errors' }), en: createTranslator({ locale: 'en', messages: en, namespace: 'customerForm.errors' }) } as unknown as Record<'zh' | 'en', Loose>;
const api = { zh: createTranslator({ locale: 'zh-CN', messages: zh, namespace: 'api' }), en: createTranslator({ locale: 'en', messages: en, namespace: 'api' }) } as unknown as Record<'zh' | 'en', Loose>;
const FORM_CODES = new Set(['name_required', 'phone_invalid', 'email_invalid']);

/** A schema issue in English and Chinese: a custom one carries its Chinese (`params.zh`) or a message key (`params.key`). */
function describeIssue(issue: z.core.$ZodIssue, column: string): { message: string; zh: string } {
  if (issue.code === 'custom' && typeof issue.params?.zh === 'string') return { message: issue.message, zh: issue.params.zh };
  if (FORM_CODES.has(issue.message)) return { message: form.en(issue.message), zh: form.zh(issue.message) };
  const say = (key: string, values: Record<string, string | number> = {}) => {
    const label = (l: 'zh' | 'en') => (api[l].has(`fields.${column}`) ? api[l](`fields.${column}`) : column);
    return { message: api.en(`issues.${key}`, { ...values, field: label('en') }), zh: api.zh(`issues.${key}`, { ...values, field: label('zh') }) };
  };
  switch (issue.code) {
    case 'custom':
      return typeof issue.params?.key === 'string' && api.zh.has(`issues.${issue.params.key}`) ? say(issue.params.key) : say('invalid');
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? say('required') : say('too_short', { min: Number(issue.minimum) });
      return say('too_small', { min: Number(issue.minimum) });
    case 'too_big':
      return issue.origin === 'string' ? say('too_long', { max: Number(issue.maximum) }) : say('too_big', { max: Number(issue.maximum).toLocaleString('en') });
    case 'invalid_format':
      return issue.format === 'email' ? { message: form.en('email_invalid'), zh: form.zh('email_invalid') } : say('invalid_format');
    case 'invalid_value':
      return say('invalid_value', { options: issue.values.map(String).join(', ') });
    case 'invalid_type':
      return say(issue.expected === 'number' ? 'not_number' : 'invalid_type');
    default:
      return say('invalid');
  }
}

export function formatErrors(errors: RowError[], limit = 50): string {
  const shown = errors.slice(0, limit).map((e) => `  ${e.file} line ${e.line}${e.field ? ` [${e.field}]` : ''}: ${e.message}`);
  if (errors.length > limit) shown.push(`  … and ${errors.length - limit} more`);
  return shown.join('\n');
}
