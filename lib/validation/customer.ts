// One zod schema per customer concern, shared by whoever reads that input:
// - CustomerInput: the create/edit form (client-side hints) and its server action (the check that
//   counts) — values arrive as FormData strings, '' meaning "not given".
// - CustomerListQuery: the customer list's URL (?q=&rel=&stage=&value=&life=&risk=&sort=) and
//   its "load more" action.
// Error messages are codes, not text: the form translates them (messages/*.json → customerForm.errors).
import './zod-csp.ts';
import { z } from 'zod';
import { CUSTOMER_KINDS, LIMITS, NEEDS_KINDS, normalisePhone } from '../domain/vocabulary.ts';
import { FUNNEL_STAGES, LIFECYCLES, RELATIONSHIP_TYPES, VALUE_TIERS } from '../engine/labels.ts';
import { inputProblems } from './problems.ts';


// ---------------------------------------------------------------------------
// Create / edit

export { CUSTOMER_KINDS };
export const CUSTOMER_FIELDS = ['name', 'company', 'phone', 'email', 'wechat', 'kind', 'industry', 'region', 'needs', 'owner_id'] as const;
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];
export type CustomerFieldError =
  | 'name_required'
  | 'too_long'
  | 'phone_invalid'
  | 'email_invalid'
  | 'owner_invalid'
  | 'invalid';

export const NAME_MAX = LIMITS.customerNameMax;
export const COMPANY_MAX = LIMITS.companyMax;
export const TEXT_MAX = LIMITS.customerTextMax;
export const PHONE_MAX = LIMITS.phoneInputMax;

/** '' and whitespace mean "not given" (a FormData field is always a string). */
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);
const optionalText = (max: number) =>
  z.preprocess(
    blank,
    z
      .string({ error: 'invalid' })
      .trim()
      .max(max, { error: 'too_long' })
      .nullish()
      .transform((v) => v ?? null),
  );

export const CustomerInput = z.object({
  name: z
    .string({ error: 'name_required' })
    .trim()
    .min(1, { error: 'name_required' })
    .max(NAME_MAX, { error: 'too_long' }),
  company: optionalText(COMPANY_MAX),
  phone: z.preprocess(
    blank,
    z
      .string({ error: 'phone_invalid' })
      .max(PHONE_MAX, { error: 'phone_invalid' })
      .transform((v, ctx) => {
        const phone = normalisePhone(v);
        if (!phone) ctx.addIssue({ code: 'custom', message: 'phone_invalid' });
        return phone ?? v;
      })
      .nullish()
      .transform((v) => v ?? null),
  ),
  email: z.preprocess(
    (v) => {
      const b = blank(v);
      return typeof b === 'string' ? b.trim().toLowerCase() : b;
    },
    z
      .email({ error: 'email_invalid' })
      .max(LIMITS.emailMax, { error: 'too_long' })
      .nullish()
      .transform((v) => v ?? null),
  ),
  wechat: optionalText(TEXT_MAX),
  kind: z.preprocess(blank, z.enum(CUSTOMER_KINDS, { error: 'invalid' }).nullish().transform((v) => v ?? 'b2b')),
  industry: optionalText(TEXT_MAX),
  region: optionalText(TEXT_MAX),
  needs: z.preprocess(blank, z.enum(NEEDS_KINDS, { error: 'invalid' }).nullish().transform((v) => v ?? null)),
  // Managers and admins pick one from their team; for a rep the action ignores it (RLS would refuse anyway).
  owner_id: z.preprocess(blank, z.uuid({ error: 'owner_invalid' }).nullish().transform((v) => v ?? null)),
  // Ticked after the "this number is already a customer" warning: save anyway.
  confirm_duplicate: z.preprocess((v) => v === true || v === 'on' || v === '1' || v === 'true', z.boolean()),
});
export type CustomerInput = z.infer<typeof CustomerInput>;

/** The first error code per field, for the form to show under each input. */
/** The form's field codes from a failed parse (the form's hints and the server action's answer). */
export function customerFieldErrors(error: z.ZodError): Partial<Record<CustomerField, CustomerFieldError>> {
  return customerFieldCodes(inputProblems(error));
}

/** Codes per field (lib/validation/problems.ts) narrowed to the form's fields and the codes it has words for. */
export function customerFieldCodes(problems: Record<string, string>): Partial<Record<CustomerField, CustomerFieldError>> {
  const known = new Set<string>(['name_required', 'too_long', 'phone_invalid', 'email_invalid', 'owner_invalid']);
  const out: Partial<Record<CustomerField, CustomerFieldError>> = {};
  for (const [field, code] of Object.entries(problems)) {
    if (!(CUSTOMER_FIELDS as readonly string[]).includes(field)) continue;
    out[field as CustomerField] = (known.has(code) ? code : 'invalid') as CustomerFieldError;
  }
  return out;
}

// ---------------------------------------------------------------------------
// The list's URL

export const CUSTOMER_SORTS = ['priority', 'contact', 'name'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

// A bad value in a shared or hand-edited link is dropped, not an error page.
const optionalEnum = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined);

export const CustomerListQuery = z.object({
  q: z.string().trim().max(100).catch('').default(''),
  rel: optionalEnum(RELATIONSHIP_TYPES),
  stage: optionalEnum(FUNNEL_STAGES),
  value: optionalEnum(VALUE_TIERS),
  life: optionalEnum(LIFECYCLES),
  risk: z.preprocess((v) => v === '1' || v === true, z.boolean()),
  sort: z.enum(CUSTOMER_SORTS).catch('priority').default('priority'),
  cursor: z.string().max(4096).nullish().catch(null),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;
export type CustomerListFilters = Omit<CustomerListQuery, 'cursor'>;

/** searchParams values may be arrays (?q=a&q=b): take the first of each. */
export function listQueryFromSearchParams(params: Record<string, string | string[] | undefined>): CustomerListFilters {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return CustomerListQuery.omit({ cursor: true }).parse({
    q: first(params.q),
    rel: first(params.rel),
    stage: first(params.stage),
    value: first(params.value),
    life: first(params.life),
    risk: first(params.risk),
    sort: first(params.sort),
  });
}

/** The URL of a list state, leaving defaults out (so the plain list stays `/customers`). */
export function customersHref(f: Partial<CustomerListFilters>): string {
  const p = new URLSearchParams();
  if (f.q) p.set('q', f.q);
  if (f.rel) p.set('rel', f.rel);
  if (f.stage) p.set('stage', f.stage);
  if (f.value) p.set('value', f.value);
  if (f.life) p.set('life', f.life);
  if (f.risk) p.set('risk', '1');
  if (f.sort && f.sort !== 'priority') p.set('sort', f.sort);
  const qs = p.toString();
  return qs ? `/customers?${qs}` : '/customers';
}

// ---------------------------------------------------------------------------
// What the save action answers the form (it redirects to the customer's page on success).

/** The raw strings the user typed, echoed back so the form keeps them after a refused save. */
export type CustomerFormValues = Partial<Record<CustomerField, string>>;

export type SaveCustomerState =
  | { status: 'idle' }
  | { status: 'invalid'; fields: Partial<Record<CustomerField, CustomerFieldError>>; values: CustomerFormValues }
  /** The number is already a customer's: `existing` when the caller can open that one. */
  | { status: 'duplicate'; existing: { id: string; name: string } | null; values: CustomerFormValues }
  | { status: 'error'; error: 'forbidden' | 'not_found' | 'server_error'; values: CustomerFormValues };

export function customerFormValues(form: FormData): CustomerFormValues {
  const out: CustomerFormValues = {};
  for (const f of CUSTOMER_FIELDS) {
    const v = form.get(f);
    if (typeof v === 'string') out[f] = v;
  }
  return out;
}
