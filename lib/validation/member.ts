// One schema for "add a member" (admin form, server action, tests).
import './zod-csp.ts';
import { z } from 'zod';

/** Mainland mobile numbers as reps type them: spaces, dashes, +86, full-width digits. */
export function normalisePhone(raw: string): string {
  const ascii = raw.replace(/[０-９＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return ascii.replace(/[\s\-()]/g, '').replace(/^(\+?86)(1\d{10})$/, '$2');
}

export const MemberInput = z
  .object({
    display_name: z.string().trim().min(1, { message: 'required' }).max(100),
    email: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.email().max(200).optional()),
    phone: z.preprocess(
      (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : normalisePhone(v)) : v),
      z.string().regex(/^1[3-9]\d{9}$/, { message: 'phone' }).optional(),
    ),
    role: z.enum(['rep', 'manager', 'admin']),
    team_id: z.preprocess((v) => (v === '' ? null : v), z.uuid().nullable().default(null)),
    password: z.string().min(8, { message: 'password_short' }).max(72), // bcrypt reads 72 bytes
  })
  .superRefine((m, ctx) => {
    if (!m.email && !m.phone) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'email_or_phone' });
    if (m.role !== 'admin' && !m.team_id) ctx.addIssue({ code: 'custom', path: ['team_id'], message: 'team_required' });
  });
export type MemberInput = z.infer<typeof MemberInput>;

/** What the add-member server action answers the form (components/me/add-member-form.tsx). */
export type AddMemberState = { ok: boolean; message?: string; fields?: Record<string, string> };
