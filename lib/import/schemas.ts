// The CSV files Crystal CRM imports (CLI `npm run crm -- import` and the in-app import, /me/data):
// one zod schema per file, over the raw strings of a row. Empty cells arrive as ''. Messages are
// English; a custom issue carries its Chinese in `params.zh` (built-in issues: lib/import/parse.ts).
import { z } from 'zod';

const DATE_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * ISO 8601 and the forms Excel writes ("2026/3/5", "2026-03-05 14:30"). A time without an
 * offset is read in the org's zone (default +08:00, China Standard Time — no DST to care about).
 */
export function parseDate(raw: string, defaultOffset = '+08:00'): Date | null {
  const m = DATE_RE.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', off] = m;
  const [yy, mm, dd, hh, mn, ss] = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31 || hh > 23 || mn > 59 || ss > 59) return null;
  // Reject 2026-02-30 and friends: the calendar date must survive a round trip.
  const probe = new Date(Date.UTC(yy, mm - 1, dd));
  if (probe.getUTCMonth() !== mm - 1 || probe.getUTCDate() !== dd) return null;
  const offset = off === 'Z' ? '+00:00' : off ? off.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : defaultOffset;
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = new Date(`${yy}-${pad(mm)}-${pad(dd)}T${pad(hh)}:${pad(mn)}:${pad(ss)}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

const text = (max: number) => z.string().trim().max(max, { message: `at most ${max} characters` });
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());
const required = (max = 200) => text(max).min(1, { message: 'required' });

const date = z.string().transform((raw, ctx) => {
  const d = parseDate(raw);
  if (!d)
    ctx.addIssue({
      code: 'custom',
      message: `not a date: "${raw}" (use 2026-03-05 or 2026-03-05T14:30:00+08:00)`,
      params: { zh: `不是日期：“${raw}”（请用 2026-03-05 或 2026-03-05T14:30:00+08:00）` },
    });
  return d ?? new Date(NaN);
});
const amount = z.string().transform((raw, ctx) => {
  const n = Number(raw.replace(/^[¥￥]/, '').replace(/,/g, '').trim());
  if (raw.trim() === '' || !Number.isFinite(n)) ctx.addIssue({ code: 'custom', message: `not a number: "${raw}"`, params: { zh: `不是数字：“${raw}”` } });
  else if (n < 0) ctx.addIssue({ code: 'custom', message: `must not be negative: ${raw}`, params: { zh: `不能为负数：${raw}` } });
  return Math.round(n * 100) / 100;
});
const bool = z.string().transform((raw, ctx) => {
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'y', '是', ''].includes(v)) return v !== '';
  if (['false', '0', 'no', 'n', '否'].includes(v)) return false;
  ctx.addIssue({ code: 'custom', message: `not true/false: "${raw}"`, params: { zh: `不是 是/否：“${raw}”` } });
  return false;
});
const intIn = (min: number, max: number) =>
  z.string().transform((raw, ctx) => {
    const n = Number(raw.trim());
    if (!Number.isInteger(n) || n < min || n > max)
      ctx.addIssue({ code: 'custom', message: `must be a whole number ${min}–${max}: "${raw}"`, params: { zh: `须为 ${min}–${max} 的整数：“${raw}”` } });
    return n;
  });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.string().transform((raw, ctx) => {
    const v = raw.trim().toLowerCase();
    if (!(values as readonly string[]).includes(v))
      ctx.addIssue({ code: 'custom', message: `"${raw}" is not one of ${values.join('|')}`, params: { zh: `“${raw}”不在可选值中：${values.join('|')}` } });
    return v as T[number];
  });
const maybe = <T extends readonly [string, ...string[]]>(values: T) =>
  z.string().transform((raw, ctx) => {
    const v = raw.trim().toLowerCase();
    if (v === '') return null;
    if (!(values as readonly string[]).includes(v))
      ctx.addIssue({ code: 'custom', message: `"${raw}" is not one of ${values.join('|')} (or empty)`, params: { zh: `“${raw}”不在可选值中：${values.join('|')}（或留空）` } });
    return v as T[number];
  });

const STAGES = ['needs', 'demo', 'quote', 'contract', 'won', 'lost'] as const;

export const CustomerRow = z.object({
  external_id: required(100),
  name: required(200),
  kind: z.string().transform((v) => v.trim().toLowerCase() || 'b2b').pipe(z.enum(['b2b', 'b2c'], { message: 'kind must be b2b or b2c' })),
  industry: optional(text(100)),
  region: optional(text(100)),
  // Full-width digits and signs too (a Chinese IME types them): stored as given, normalised for duplicates.
  phone: optional(text(40).regex(/^[+＋\d０-９\s()（）\-－]{5,40}$/, { message: 'not a phone number' })),
  email: optional(text(200).pipe(z.email({ message: 'not an e-mail address' }))),
  company: optional(text(200)),
  owner: required(200),
  created_at: optional(date),
});

export const InteractionRow = z.object({
  customer_external_id: required(100),
  occurred_at: date,
  kind: oneOf(['visit', 'call', 'feedback', 'complaint', 'suggestion', 'message', 'meeting']),
  initiated_by: z.string().transform((v) => v.trim() || 'rep').pipe(z.enum(['rep', 'customer'], { message: 'initiated_by must be rep or customer' })),
  attitude: maybe(['accept', 'doubt']),
  cognition: maybe(['vague', 'specific']),
  sentiment: maybe(['positive', 'neutral', 'negative']),
  duration_min: optional(intIn(0, 1440)),
  note: optional(text(5000)),
  rep: optional(text(200)),
});

export const OrderRow = z.object({
  customer_external_id: required(100),
  ordered_at: date,
  amount,
  discount_used: bool,
  premium: bool,
  kind: z.string().transform((v) => v.trim().toLowerCase() || 'product').pipe(z.enum(['product', 'service'], { message: 'kind must be product or service' })),
});

export const DealRow = z.object({
  external_id: required(100),
  customer_external_id: required(100),
  created_at: date,
  amount: optional(amount),
  premium: bool,
});

export const DealStageChangeRow = z.object({
  deal_external_id: required(100),
  from_stage: maybe(STAGES),
  to_stage: oneOf(STAGES),
  changed_at: date,
});

export const SurveyResponseRow = z
  .object({
    customer_external_id: required(100),
    sent_at: date,
    answered_at: optional(date),
    nps: optional(intIn(0, 10)),
    csat: optional(intIn(1, 5)),
    comment: optional(text(2000)),
  })
  .superRefine((r, ctx) => {
    if (r.answered_at && (r.nps === undefined || r.csat === undefined))
      ctx.addIssue({ code: 'custom', path: ['nps'], message: 'an answered survey needs nps and csat', params: { zh: '已回答的问卷须有 nps 和 csat' } });
    if (r.answered_at && r.answered_at < r.sent_at)
      ctx.addIssue({ code: 'custom', path: ['answered_at'], message: 'answered before it was sent', params: { zh: '回答时间早于发送时间' } });
  });

/** File name → schema, in load order (later files refer to rows of earlier ones). */
export const IMPORT_FILES = {
  'customers.csv': CustomerRow,
  'deals.csv': DealRow,
  'deal_stage_changes.csv': DealStageChangeRow,
  'interactions.csv': InteractionRow,
  'orders.csv': OrderRow,
  'survey_responses.csv': SurveyResponseRow,
} as const;
export type ImportFile = keyof typeof IMPORT_FILES;
export type RowOf<F extends ImportFile> = z.output<(typeof IMPORT_FILES)[F]>;
