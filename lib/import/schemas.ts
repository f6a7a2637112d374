// The CSV files Crystal CRM imports (CLI `npm run crm -- import` and the in-app import, /me/data):
// one zod schema per file, over the raw strings of a row. Empty cells arrive as ''.
// A cell the app also has a form for is checked by that form's own field schema (lib/validation/*)
// — same phone rule and stored form, same lengths, same amount limits, same "not in the future" —
// so an import can't store what the form refuses. Enumerations come from lib/domain/vocabulary.ts.
// A custom issue carries its Chinese in `params.zh`; every other issue is put into words by
// lib/import/parse.ts.
import { z } from 'zod';
import { ATTITUDES, COGNITIONS, CUSTOMER_KINDS, DEAL_STAGES, INITIATORS, INTERACTION_KINDS, LIMITS, ORDER_KINDS, SENTIMENTS } from '../domain/vocabulary.ts';
import { CustomerInput } from '../validation/customer.ts';
import { DealInput } from '../validation/deal.ts';
import { InteractionFields } from '../validation/interaction.ts';
import { OrderInput, pastDate } from '../validation/order.ts';
import { COMMENT_MAX, CSAT_MAX, NPS_MAX } from '../validation/survey.ts';

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
/** A form's field schema after a cell parser (its input type is wider than the parser's output; the values are the same). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the input type is what the cell parser makes
const then = <T extends z.ZodType>(schema: T) => schema as unknown as z.ZodType<z.output<T>, any>;
/** Something that happened (a contact, an order, a survey): the forms' rule, not after tomorrow nor before 2000. */
const past = date.pipe(then(pastDate()));
/** "12,000.00", "¥12000": the number, checked afterwards by the form's own amount schema. */
const amount = z.string().transform((raw, ctx) => {
  const n = Number(raw.replace(/^[¥￥]/, '').replace(/,/g, '').trim());
  if (raw.trim() === '' || !Number.isFinite(n)) ctx.addIssue({ code: 'custom', message: `not a number: "${raw}"`, params: { zh: `不是数字：“${raw}”` } });
  return n;
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
/** "b2b 或 b2c", "visit、call 或 meeting": the allowed values as a Chinese sentence lists them. */
const zhChoices = (values: readonly string[]) => (values.length < 2 ? values.join('') : `${values.slice(0, -1).join('、')} 或 ${values.at(-1)}`);
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.string().transform((raw, ctx) => {
    const v = raw.trim().toLowerCase();
    if (!(values as readonly string[]).includes(v))
      ctx.addIssue({ code: 'custom', message: `"${raw}" is not one of ${values.join('|')}`, params: { zh: `“${raw}”不对：只能是 ${zhChoices(values)}` } });
    return v as T[number];
  });
/** An enumeration cell with a default when empty. */
const oneOfOr = <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? fallback : v), oneOf(values));
const maybe = <T extends readonly [string, ...string[]]>(values: T) =>
  z.string().transform((raw, ctx) => {
    const v = raw.trim().toLowerCase();
    if (v === '') return null;
    if (!(values as readonly string[]).includes(v))
      ctx.addIssue({ code: 'custom', message: `"${raw}" is not one of ${values.join('|')} (or empty)`, params: { zh: `“${raw}”不对：只能是 ${zhChoices(values)}，或留空` } });
    return v as T[number];
  });

const form = CustomerInput.shape;

export const CustomerRow = z.object({
  external_id: required(LIMITS.externalIdMax),
  // The customer form's fields: '' is "not given", the phone is stored in its normal form.
  name: form.name,
  kind: oneOfOr(CUSTOMER_KINDS, 'b2b'),
  industry: form.industry,
  region: form.region,
  phone: form.phone,
  email: form.email,
  company: form.company,
  owner: required(200),
  created_at: optional(past),
});

export const InteractionRow = z.object({
  customer_external_id: required(LIMITS.externalIdMax),
  occurred_at: past,
  kind: oneOf(INTERACTION_KINDS),
  initiated_by: oneOfOr(INITIATORS, 'rep'),
  attitude: maybe(ATTITUDES),
  cognition: maybe(COGNITIONS),
  sentiment: maybe(SENTIMENTS),
  duration_min: optional(intIn(0, LIMITS.durationMaxMin)),
  note: optional(z.string().trim().pipe(then(InteractionFields.shape.note))),
  rep: optional(text(200)),
});

export const OrderRow = z.object({
  customer_external_id: required(LIMITS.externalIdMax),
  ordered_at: past,
  amount: amount.pipe(then(OrderInput.shape.amount)),
  discount_used: bool,
  premium: bool,
  kind: oneOfOr(ORDER_KINDS, 'product'),
});

export const DealRow = z.object({
  external_id: required(LIMITS.externalIdMax),
  customer_external_id: required(LIMITS.externalIdMax),
  created_at: past,
  amount: optional(amount.pipe(then(DealInput.shape.amount))),
  premium: bool,
});

export const DealStageChangeRow = z.object({
  deal_external_id: required(LIMITS.externalIdMax),
  from_stage: maybe(DEAL_STAGES),
  to_stage: oneOf(DEAL_STAGES),
  changed_at: past,
});

export const SurveyResponseRow = z
  .object({
    customer_external_id: required(LIMITS.externalIdMax),
    sent_at: past,
    answered_at: optional(past),
    nps: optional(intIn(0, NPS_MAX)),
    csat: optional(intIn(1, CSAT_MAX)),
    comment: optional(text(COMMENT_MAX)),
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

/** The column naming a file's rows, so later files' rows that refer to a malformed one are not reported twice. */
export const KEY_COLUMN: Partial<Record<ImportFile, string>> = { 'customers.csv': 'external_id', 'deals.csv': 'external_id' };
