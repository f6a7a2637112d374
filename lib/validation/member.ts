// One schema for "add a member" (admin form, server action, tests).
import './zod-csp.ts';
import { z } from 'zod';
import { LIMITS, MEMBER_ROLES, normaliseMobile } from '../domain/vocabulary.ts';

export const MemberInput = z
  .object({
    display_name: z.string().trim().min(1, { message: 'required' }).max(LIMITS.memberNameMax),
    email: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.email().max(200).optional()),
    phone: z.preprocess(
      // Members sign in with a mainland mobile; anything else stays as typed and is refused.
      (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : (normaliseMobile(v) ?? v)) : v),
      z.string().regex(/^1[3-9]\d{9}$/, { message: 'phone' }).optional(),
    ),
    role: z.enum(MEMBER_ROLES),
    team_id: z.preprocess((v) => (v === '' ? null : v), z.uuid().nullable().default(null)),
    password: z.string().min(8, { message: 'password_short' }).max(72), // bcrypt reads 72 bytes
  })
  .superRefine((m, ctx) => {
    if (!m.email && !m.phone) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'email_or_phone' });
    if (m.role !== 'admin' && !m.team_id) ctx.addIssue({ code: 'custom', path: ['team_id'], message: 'team_required' });
  });
export type MemberInput = z.infer<typeof MemberInput>;

/** What the add-member server action answers the form (components/me/add-member-form.tsx). */
/** `values`: what was typed, echoed back on a refusal so the form keeps it (React resets a form after its action). */
export type AddMemberState = { ok: boolean; message?: string; fields?: Record<string, string>; values?: Record<string, string> };
