// Sign-in input, shared by the login form (client-side hints) and POST /api/auth/login.
// Error messages are codes, not text: the UI translates them (messages/*.json → login.errors).
// The limits and patterns live in login-rules.ts (zod-free, for the browser).
import { z } from 'zod';
import { EMAIL, IDENTIFIER_MAX, type LoginFieldError, PASSWORD_MAX, PHONE } from './login-rules.ts';

export { IDENTIFIER_MAX, type LoginFieldError, PASSWORD_MAX } from './login-rules.ts';

export const LoginSchema = z.object({
  identifier: z
    .string({ error: 'identifier_required' })
    .trim()
    .min(1, { error: 'identifier_required' })
    .max(IDENTIFIER_MAX, { error: 'identifier_too_long' })
    .refine((v) => EMAIL.test(v) || PHONE.test(v), { error: 'identifier_format' }),
  password: z
    .string({ error: 'password_required' })
    .min(1, { error: 'password_required' })
    .max(PASSWORD_MAX, { error: 'password_too_long' }),
  // Where to go after signing in; only same-site paths (see safeNextPath).
  next: z.string().max(2000).optional(),
});
export type LoginInput = z.infer<typeof LoginSchema>;

/** The first error code per field, for the form to show next to the inputs. */
export function loginFieldErrors(error: z.ZodError): Partial<Record<'identifier' | 'password', LoginFieldError>> {
  const out: Partial<Record<'identifier' | 'password', LoginFieldError>> = {};
  for (const issue of error.issues) {
    const field = issue.path[0];
    if ((field === 'identifier' || field === 'password') && !out[field]) out[field] = issue.message as LoginFieldError;
  }
  return out;
}

/** Only a local path ("/customers?q=x"), never "//evil.example" or "https://…": no open redirect. */
export function safeNextPath(next: string | null | undefined, fallback = '/customers'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/api/')) return fallback;
  return next;
}

/** What POST /api/auth/login answers (JSON): the form maps `error` to a translated message. */
export type LoginResponse =
  | { ok: true; redirectTo: string }
  | { ok: false; error: 'invalid_input'; fields: Partial<Record<'identifier' | 'password', LoginFieldError>> }
  | { ok: false; error: 'invalid_credentials' | 'rate_limited' | 'forbidden_origin' | 'server_error' };
