// Sign-in input, shared by the login form (client-side hints) and POST /api/auth/login.
// Error messages are codes, not text: the UI translates them (messages/*.json → login.errors).
// The limits and patterns live in login-rules.ts (zod-free, for the browser).
import './zod-csp.ts';
import { z } from 'zod';
import { EMAIL, IDENTIFIER_MAX, type LoginFieldError, PASSWORD_MAX, PHONE } from './login-rules.ts';
import { isCleanText } from './text.ts';

export { IDENTIFIER_MAX, type LoginFieldError, PASSWORD_MAX } from './login-rules.ts';

export const LoginSchema = z.object({
  identifier: z
    .string({ error: 'identifier_required' })
    .trim()
    .min(1, { error: 'identifier_required' })
    .max(IDENTIFIER_MAX, { error: 'identifier_too_long' })
    .refine(isCleanText, { error: 'invalid_characters', abort: true })
    .refine((v) => EMAIL.test(v) || PHONE.test(v), { error: 'identifier_format' }),
  password: z
    .string({ error: 'password_required' })
    .min(1, { error: 'password_required' })
    .max(PASSWORD_MAX, { error: 'password_too_long' })
    .refine(isCleanText, { error: 'invalid_characters' }),
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

// Any origin works as the base: only whether the resolved URL stays on it matters.
const BASE = 'https://crystal.invalid';

/**
 * Where to send someone after signing in: a path on this site, or the fallback. `next` is
 * resolved the way a browser resolves a Location header (new URL(next, origin)) and must land on
 * the same origin — so '//evil.example', '/\\evil', '/%09/evil.example' and '/.//evil' can't
 * leave the site however a parser reads them. Backslashes and control characters (a browser
 * drops tabs and newlines inside URLs) are refused outright, and the answer is the resolved,
 * re-serialised path, never the raw input.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/customers'): string {
  if (!next || !next.startsWith('/') || next.length > 2000) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(next)) return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = url.pathname + url.search + url.hash;
  // A path that starts with two slashes is read as a host when it is used as a Location.
  if (path.startsWith('//') || /%(09|0a|0d|5c)/i.test(url.pathname)) return fallback;
  if (url.pathname === '/login' || url.pathname.startsWith('/api/')) return fallback;
  return path;
}

/** What POST /api/auth/login answers (JSON): the form maps `error` to a translated message. */
export type LoginResponse =
  | { ok: true; redirectTo: string }
  | { ok: false; error: 'invalid_input'; fields: Partial<Record<'identifier' | 'password', LoginFieldError>> }
  | { ok: false; error: 'rate_limited'; retryAfter: number }
  | { ok: false; error: 'invalid_credentials' | 'forbidden_origin' | 'payload_too_large' | 'server_error' | 'provider_disabled' };
