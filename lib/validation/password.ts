// Me → 修改密码: the current password (proves it is the user, not someone at an unlocked phone)
// and the new one twice. Codes, not text: the page translates them (messages → me.password.errors).
import './zod-csp.ts';
import { z } from 'zod';
import { PASSWORD_MAX } from './auth.ts';
import { isCleanText } from './text.ts';

export const NEW_PASSWORD_MIN = 8;
export const NEW_PASSWORD_MAX = 72; // bcrypt reads 72 bytes (as MemberInput)

export const PasswordChangeInput = z
  .object({
    current: z.string({ error: 'current_required' }).min(1, { error: 'current_required' }).max(PASSWORD_MAX, { error: 'wrong_password' }),
    next: z
      .string({ error: 'too_short' })
      .min(NEW_PASSWORD_MIN, { error: 'too_short' })
      .max(NEW_PASSWORD_MAX, { error: 'too_long' })
      .refine(isCleanText, { error: 'invalid_characters' }),
    confirm: z.string({ error: 'mismatch' }),
  })
  .refine((v) => v.next === v.confirm, { path: ['confirm'], error: 'mismatch' })
  .refine((v) => v.next !== v.current, { path: ['next'], error: 'same_as_current' });

export type PasswordChangeError =
  | 'current_required' | 'wrong_password' | 'too_short' | 'too_long' | 'invalid_characters' | 'mismatch' | 'same_as_current'
  | 'rate_limited' | 'unauthenticated' | 'forbidden_origin' | 'payload_too_large' | 'unsupported' | 'server_error';

export const PASSWORD_CHANGE_ERRORS: readonly PasswordChangeError[] = [
  'current_required', 'wrong_password', 'too_short', 'too_long', 'invalid_characters', 'mismatch', 'same_as_current',
  'rate_limited', 'unauthenticated', 'forbidden_origin', 'payload_too_large', 'unsupported', 'server_error',
];
