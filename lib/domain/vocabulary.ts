// The domain's words, once: every list a form, the CSV import, the engine, the Deno functions and
// the offline outbox check values against, every limit a message quotes, and the one phone
// normaliser. Before this file each list lived in 4–5 places and the import drifted from the
// forms (a phone the form refused, the import stored).
//
// Plain data and plain functions on purpose — no zod, no Node or Deno APIs — so the browser, Next
// and Deno (supabase/functions) import the same file. Each enum list mirrors a Postgres enum type;
// tests/db/vocabulary.test.ts compares them with pg_enum, and the phone normaliser with its SQL
// twin private.normalise_phone (supabase/migrations/20261206007100_one_vocabulary.sql).

// ---------------------------------------------------------------------------
// Enums (public.<type> in the database)

export const MEMBER_ROLES = ['rep', 'manager', 'admin'] as const; // member_role
export const CUSTOMER_KINDS = ['b2b', 'b2c'] as const; // customer_kind
export const NEEDS_KINDS = ['product', 'service', 'both'] as const; // needs_kind
export const INTERACTION_KINDS = ['visit', 'call', 'feedback', 'complaint', 'suggestion', 'message', 'meeting'] as const; // interaction_kind
export const INITIATORS = ['rep', 'customer'] as const; // initiator
export const ATTITUDES = ['accept', 'doubt'] as const; // attitude
export const COGNITIONS = ['vague', 'specific'] as const; // cognition
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const; // sentiment
export const DEAL_STAGES = ['needs', 'demo', 'quote', 'contract', 'won', 'lost'] as const; // deal_stage
export const ORDER_KINDS = ['product', 'service'] as const; // order_kind
export const TAG_KINDS = ['fact', 'model', 'manual'] as const; // tag_kind
export const REMINDER_STATUSES = ['open', 'done', 'snoozed', 'dismissed', 'closed'] as const; // reminder_status

/** Postgres enum type → the list above; what the DB test walks. */
export const DB_ENUMS = {
  member_role: MEMBER_ROLES,
  customer_kind: CUSTOMER_KINDS,
  needs_kind: NEEDS_KINDS,
  interaction_kind: INTERACTION_KINDS,
  initiator: INITIATORS,
  attitude: ATTITUDES,
  cognition: COGNITIONS,
  sentiment: SENTIMENTS,
  deal_stage: DEAL_STAGES,
  order_kind: ORDER_KINDS,
  tag_kind: TAG_KINDS,
  reminder_status: REMINDER_STATUSES,
} as const;

export type MemberRole = (typeof MEMBER_ROLES)[number];
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export type InteractionKind = (typeof INTERACTION_KINDS)[number];
export type DealStage = (typeof DEAL_STAGES)[number];
export type OrderKind = (typeof ORDER_KINDS)[number];

/** The steps of a sale in order; won and lost are outcomes, not steps. */
export const DEAL_STEPS = ['needs', 'demo', 'quote', 'contract'] as const satisfies readonly DealStage[];

/** The kinds the log sheet offers (a meeting is logged from the calendar import, not by hand). */
export const LOG_KINDS = ['visit', 'call', 'feedback', 'complaint', 'suggestion', 'message'] as const satisfies readonly InteractionKind[];

// ---------------------------------------------------------------------------
// Money

/** Every amount is yuan with cents (numeric(14, 2)); no other currency is stored. */
export const CURRENCY = 'CNY' as const;
export const CURRENCIES = [CURRENCY] as const;

// ---------------------------------------------------------------------------
// Limits — the database checks the text lengths again (core schema check constraints).

export const LIMITS = {
  /** ¥10亿: beyond any SMB order or deal; a typo, not a sale. */
  amountMax: 1_000_000_000,
  /** The smallest order: one fen. */
  orderAmountMin: 0.01,
  noteMax: 5000, // interactions.note
  nextStepMax: 500, // interactions.next_step
  durationMaxMin: 1440, // interactions.duration_min: one day
  customerNameMax: 200,
  companyMax: 200,
  customerTextMax: 100, // industry, region, wechat
  phoneInputMax: 40, // what may be typed before normalising
  memberNameMax: 100, // members.display_name
  emailMax: 254,
  externalIdMax: 100,
  /** Business dates (orders, customers' first contact) start here; earlier is a typo. */
  earliestDate: '2000-01-01',
  /** The author may recall (撤回) a log this long after saving it, as WeChat recalls a message. */
  recallWindowMs: 2 * 60_000,
  /** …and edit it this long. */
  editWindowMs: 24 * 3_600_000,
} as const;

// ---------------------------------------------------------------------------
// Phone numbers

// Spaces (ASCII, no-break, ideographic, zero-width no-break…), ASCII and Unicode dashes, brackets,
// dots, middle dots and slashes: what people put between digits. Written out rather than \s so the
// SQL twin can use the very same class. NFKC first turns full-width digits, ＋ and （） into ASCII.
const PHONE_SEPARATORS = /[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff\u2010-\u2015().\u00b7/-]/g;

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0[1-9]\d{8,10}$/; // area code + number
const HOTLINE = /^[48]00\d{7}$/; // 400/800 business numbers

/**
 * A phone number as people type it, in one stored form — or null when it is not one.
 *   '+86 138-0013-8000', '８６１３８００１３８０００', '138 0013 8000' → '13800138000' (mainland mobile)
 *   '0571-8888 6666', '+86 571 8888 6666', '+86 (0571) 8888 6666' → '057188886666' (landline with area code)
 *   '400-810-8888'                                          → '4008108888'   (business hotline)
 *   '+852 9123 4567', '00852 91234567'                      → '+85291234567' (elsewhere: E.164)
 *   '1381234', '88886666' (no area code), 'abc'             → null
 */
export function normalisePhone(raw: string | null | undefined): string | null {
  const s = (raw ?? '').normalize('NFKC').replace(PHONE_SEPARATORS, '');
  const m = /^(\+|00)?(\d+)$/.exec(s);
  if (!m) return null;
  let digits = m[2]!;
  if (m[1] !== undefined || /^861[3-9]\d{9}$/.test(digits)) {
    if (!digits.startsWith('86')) return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
    digits = digits.slice(2);
    if (/^[1-9]\d{8,10}$/.test(digits) && !MOBILE.test(digits)) digits = `0${digits}`; // +86 21 … → 021 …
  }
  return MOBILE.test(digits) || LANDLINE.test(digits) || HOTLINE.test(digits) ? digits : null;
}

/** A mainland mobile number (what members sign in with), normalised — or null. */
export function normaliseMobile(raw: string | null | undefined): string | null {
  const p = normalisePhone(raw);
  return p && MOBILE.test(p) ? p : null;
}

/**
 * The duplicate-detection key of a stored phone: its normal form, or — for rows stored before
 * phones were normalised (old imports) — its digits when there are at least 5, so two spellings
 * of the same odd number still meet. Null: no key, never a match.
 */
export function phoneKey(raw: string | null | undefined): string | null {
  const p = normalisePhone(raw);
  if (p) return p;
  const digits = (raw ?? '').normalize('NFKC').replace(/[^0-9]/g, '');
  return digits.length >= 5 ? digits : null;
}
