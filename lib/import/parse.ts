// CSV → validated rows, with every bad row reported by its line number and reason.
// Pure (no I/O): the CLI and the in-app import preview both use it.
import { parse } from 'csv-parse/sync';
import type { z } from 'zod';
import { unguardCell } from '../export/csv-guard.ts';
import { IMPORT_FILES, type ImportFile, type RowOf } from './schemas.ts';

/** `message` is English (the CLI prints it); `zh` the same reason in Chinese (the in-app preview). */
export type RowError = { file: string; line: number; field?: string; message: string; zh?: string };
export type Parsed<F extends ImportFile> = { file: F; rows: { line: number; data: RowOf<F> }[]; errors: RowError[] };

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
    return { file, rows: [], errors: [{ file, line: e.lines ?? 0, message: `unreadable CSV: ${e.message}`, zh: `无法读取的 CSV：${e.message}` }] };
  }
  const header = records.length ? Object.keys(records[0]!.record) : (parse(text, { bom: true, to_line: 1 })[0] ?? []).map((c: string) => c.trim().toLowerCase());
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length)
    return { file, rows: [], errors: [{ file, line: 1, message: `missing column(s): ${missing.join(', ')}`, zh: `缺少列：${missing.join(', ')}` }] };

  const rows: Parsed<F>['rows'] = [];
  for (const { record, info } of records) {
    const res = schema.safeParse(record);
    if (res.success) rows.push({ line: info.lines, data: res.data });
    else
      for (const issue of res.error.issues)
        errors.push({ file, line: info.lines, field: issue.path.join('.') || undefined, message: issue.message, zh: zhForIssue(issue) });
  }
  return { file, rows, errors };
}

/** The Chinese of a schema issue: a custom one carries it (`params.zh`), the built-in ones by code. */
function zhForIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'custom':
      return typeof issue.params?.zh === 'string' ? issue.params.zh : issue.message;
    case 'too_small':
      return '必填';
    case 'too_big':
      return `最多 ${Number(issue.maximum)} 个字符`;
    case 'invalid_format':
      return issue.format === 'email' ? '不是电子邮箱地址' : '不是电话号码';
    case 'invalid_value':
      return `只能是 ${issue.values.map(String).join(' 或 ')}`;
    default:
      return `格式不对（${issue.message}）`;
  }
}

export function formatErrors(errors: RowError[], limit = 50): string {
  const shown = errors.slice(0, limit).map((e) => `  ${e.file} line ${e.line}${e.field ? ` [${e.field}]` : ''}: ${e.message}`);
  if (errors.length > limit) shown.push(`  … and ${errors.length - limit} more`);
  return shown.join('\n');
}
