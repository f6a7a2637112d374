// The sign-in rules without zod: the login form checks them in the browser before posting, and
// LoginSchema (lib/validation/auth.ts, zod, server side) is built from the same constants and
// patterns. Kept apart so /login's first load carries no zod (issue 18); a unit test
// (tests/unit/login-rules.test.ts) holds the two to the same answers.
import { isCleanText } from './text.ts';

export const IDENTIFIER_MAX = 254; // longest valid e-mail address
export const PASSWORD_MAX = 128; // bcrypt only reads 72 bytes; more is a paste accident or abuse

// A phone number as people type it: digits with optional +, spaces, dashes, parentheses.
export const PHONE = /^\+?[\d\s\-()]{5,24}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type LoginFieldError =
  | 'identifier_required'
  | 'identifier_too_long'
  | 'identifier_format'
  | 'password_required'
  | 'password_too_long'
  | 'invalid_characters';

/** The browser's check: the first error code per field, and the trimmed identifier to send. */
export function checkLogin(
  identifier: unknown,
  password: unknown,
): { identifier: string; errors: Partial<Record<'identifier' | 'password', LoginFieldError>> } {
  const errors: Partial<Record<'identifier' | 'password', LoginFieldError>> = {};
  const id = typeof identifier === 'string' ? identifier.trim() : '';
  if (!id) errors.identifier = 'identifier_required';
  else if (id.length > IDENTIFIER_MAX) errors.identifier = 'identifier_too_long';
  else if (!isCleanText(id)) errors.identifier = 'invalid_characters';
  else if (!EMAIL.test(id) && !PHONE.test(id)) errors.identifier = 'identifier_format';
  if (typeof password !== 'string' || password.length === 0) errors.password = 'password_required';
  else if (password.length > PASSWORD_MAX) errors.password = 'password_too_long';
  else if (!isCleanText(password)) errors.password = 'invalid_characters';
  return { identifier: id, errors };
}
