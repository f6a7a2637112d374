// The login form checks sign-in input in the browser without zod (lib/validation/login-rules.ts),
// the route checks it with LoginSchema (zod). Tried here: empty, blank, too long, neither phone nor
// e-mail, padded with spaces, non-strings, and thousands of random strings — the browser's check
// must give the same first error per field (or none) as the server, or the form would post input
// the server refuses, or refuse input the server takes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LoginSchema, loginFieldErrors } from '../../../lib/validation/auth.ts';
import { checkLogin, IDENTIFIER_MAX, PASSWORD_MAX } from '../../../lib/validation/login-rules.ts';

function server(identifier: unknown, password: unknown) {
  const parsed = LoginSchema.safeParse({ identifier, password });
  return parsed.success ? { errors: {}, identifier: parsed.data.identifier } : { errors: loginFieldErrors(parsed.error) };
}

function same(identifier: unknown, password: unknown) {
  const browser = checkLogin(identifier, password);
  const s = server(identifier, password);
  expect(browser.errors).toEqual(s.errors);
  if (s.identifier !== undefined) expect(browser.identifier).toBe(s.identifier);
}

describe('checkLogin (browser) agrees with LoginSchema (server)', () => {
  it.each([
    ['', ''],
    ['   ', 'x'],
    ['rep1@demo.crystal', ''],
    ['  rep1@demo.crystal  ', 'crystal123'],
    ['13900000011', 'crystal123'],
    ['+86 139-0000-0011', 'pw'],
    ['not an address', 'pw'],
    ['1234', 'pw'],
    ['a@b', 'pw'],
    ['x'.repeat(IDENTIFIER_MAX - 10) + '@example.cn', 'pw'],
    ['x'.repeat(IDENTIFIER_MAX + 1), 'p'.repeat(PASSWORD_MAX + 1)],
    ['rep1@demo.crystal', 'p'.repeat(PASSWORD_MAX)],
  ])('identifier %j, password %j', (identifier, password) => same(identifier, password));

  it('missing or non-string fields are "required"', () => {
    same(undefined, undefined);
    expect(checkLogin(undefined, undefined).errors).toEqual({ identifier: 'identifier_required', password: 'password_required' });
  });

  it('random strings: same answer', () => {
    const idLike = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.emailAddress().map((e) => ` ${e} `),
      fc.stringMatching(/^\+?[\d\s\-()]{0,30}$/),
    );
    fc.assert(fc.property(idLike, fc.string({ maxLength: 140 }), (i, p) => same(i, p)), { numRuns: 3000 });
  });
});
