// Problem responses for route handlers: `{ error, message: { zh, en }, fields? }`. Both languages
// travel in the body because the caller may be the offline outbox replaying a log long after the
// screen that made it is gone; whoever shows the problem picks the reader's language.
// Texts live in messages/*.json (most under `api`), next to the rest of the UI's words.
// `say(path)` is the one builder of a zh/en pair from those files: routes, actions, the import
// stream and the survey page all use it rather than building translators of their own.
import { NextResponse } from 'next/server';
import { createTranslator } from 'next-intl';
import type { z } from 'zod';
import en from '../../messages/en.json';
import zh from '../../messages/zh-CN.json';

export type Bilingual = { zh: string; en: string };
export type Problem = { error: string; message: Bilingual; fields?: Record<string, Bilingual> };

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type ApiMessageKey = Leaves<(typeof zh)['api']>;
/** Any message of messages/*.json by its dotted path: 'api.not_found', 'data.problems.forbidden'. */
export type MessagePath = Leaves<typeof zh>;
type Values = Record<string, string | number | Date>;
type Loose = { (key: string, values?: Values): string; has(key: string): boolean };

// ICU-typed translators can't take a computed key; both are built from the same JSON the UI uses.
const allZh = createTranslator({ locale: 'zh-CN', messages: zh }) as unknown as Loose;
const allEn = createTranslator({ locale: 'en', messages: en }) as unknown as Loose;
const tZh = createTranslator({ locale: 'zh-CN', messages: zh, namespace: 'api' }) as unknown as Loose;
const tEn = createTranslator({ locale: 'en', messages: en, namespace: 'api' }) as unknown as Loose;

/** Both languages of one message (ICU values filled in), for a body the reader's screen picks from. */
export function say(path: MessagePath, values?: Values): Bilingual {
  return { zh: allZh(path, values), en: allEn(path, values) };
}

/** A message under `api` (say('api.' + key)). */
export function bilingual(key: ApiMessageKey, values?: Values): Bilingual {
  return say(`api.${key}`, values);
}

export function problem(
  status: number,
  error: string,
  message: Bilingual,
  fields?: Record<string, Bilingual>,
  headers?: Record<string, string>,
): NextResponse<Problem> {
  return NextResponse.json(fields ? { error, message, fields } : { error, message }, {
    status,
    headers: { 'cache-control': 'no-store', ...headers },
  });
}

/** The common ones: the error code is the message key. */
export const problems = {
  unauthenticated: () => problem(401, 'unauthenticated', bilingual('unauthenticated')),
  noMembership: () => problem(403, 'no_membership', bilingual('no_membership')),
  forbidden: () => problem(403, 'forbidden', bilingual('forbidden')),
  forbiddenOrigin: () => problem(403, 'forbidden_origin', bilingual('forbidden_origin')),
  invalidJson: () => problem(400, 'invalid_json', bilingual('invalid_json')),
  tooLarge: (maxBytes: number) => problem(413, 'payload_too_large', bilingual('payload_too_large', { kb: Math.floor(maxBytes / 1024) })),
  invalidInput: (fields: Record<string, Bilingual>) => problem(400, 'invalid_input', bilingual('invalid_input'), fields),
  /** A NUL or a lone surrogate (lib/validation/text.ts), in `field` ('body' when not in one field). */
  invalidTextMessage: () => bilingual('invalid_text'),
  invalidText: (field: string) => problem(400, 'invalid_text', bilingual('invalid_text'), { [field]: bilingual('invalid_text') }),
  serverError: () => problem(500, 'server_error', bilingual('server_error')),
};

// ---- zod issues → one zh/en sentence per field

// A scope (`fields.order.kind` → 订单类型) wins over the shared name (`fields.kind` → 互动方式).
const fieldLabel = (t: Loose, name: string, scope?: string) =>
  scope && t.has(`fields.${scope}.${name}`) ? t(`fields.${scope}.${name}`) : t.has(`fields.${name}`) ? t(`fields.${name}`) : name;

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** Which message an issue gets, and its values (without the field label). */
function describe(issue: z.core.$ZodIssue, input: unknown): { key: string; values: Values } {
  // Judged from the raw body, not the issue: a coerced date turns a missing value into Invalid Date.
  const missing = issue.path.length > 0 && valueAt(input, issue.path) == null;
  if (missing && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) return { key: 'required', values: {} };
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'date') return { key: 'invalid_date', values: {} };
      if (issue.expected === 'int') return { key: 'not_integer', values: {} };
      if (issue.expected === 'number') return { key: 'not_number', values: {} };
      return { key: 'invalid_type', values: {} };
    case 'invalid_value':
      return { key: 'invalid_value', values: { options: issue.values.map(String).join(', ') } };
    case 'invalid_format':
      return { key: 'invalid_format', values: {} };
    case 'too_big':
      return issue.origin === 'string'
        ? { key: 'too_long', values: { max: Number(issue.maximum) } }
        : { key: 'too_big', values: { max: Number(issue.maximum) } };
    case 'too_small':
      return issue.origin === 'string'
        ? { key: 'too_short', values: { min: Number(issue.minimum) } }
        : { key: 'too_small', values: { min: Number(issue.minimum) } };
    case 'custom': {
      // A refinement names its message: `.refine(fn, { params: { key: 'date_out_of_range' } })`.
      const key: unknown = issue.params?.key;
      return typeof key === 'string' && tZh.has(`issues.${key}`) ? { key, values: {} } : { key: 'invalid', values: {} };
    }
    case 'unrecognized_keys':
      return { key: 'unknown_keys', values: { keys: issue.keys.join(', ') } };
    default:
      return { key: 'invalid', values: {} };
  }
}

/**
 * The first problem per field, in both languages: `{ kind: { zh: '请填写互动方式', en: 'Interaction kind is required' } }`.
 * A problem with the body as a whole (not an object) is filed under `body`. `scope` names the
 * entity whose field labels come first (`api.fields.<scope>.*`), for names that mean different
 * things on different entities (an order's `kind` is not an interaction's).
 */
export function fieldProblems(error: z.ZodError, input: unknown, scope?: string): Record<string, Bilingual> {
  const out: Record<string, Bilingual> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join('.') : 'body';
    if (out[field]) continue;
    const { key, values } = describe(issue, input);
    const name = issue.path.length ? String(issue.path[issue.path.length - 1]) : 'body';
    out[field] = {
      zh: tZh(`issues.${key}`, { ...values, field: fieldLabel(tZh, name, scope) }),
      en: tEn(`issues.${key}`, { ...values, field: fieldLabel(tEn, name, scope) }),
    };
  }
  return out;
}
