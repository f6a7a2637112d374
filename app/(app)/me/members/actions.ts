'use server';
// Server action: an admin adds a member. Input parsed with the shared zod schema; the org is the
// admin's (RLS + insertMembership), never a form field.
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { addMember } from '@/lib/auth/members.ts';
import { requireClaims } from '@/lib/auth/session.ts';
import { MemberInput } from '@/lib/validation/member.ts';

/** `values`: what was typed, echoed back on a refusal so the form keeps it (React resets a form after its action). */
export type AddMemberState = { ok: boolean; message?: string; fields?: Record<string, string>; values?: Record<string, string> };

const FIELDS = ['display_name', 'phone', 'email', 'role', 'team_id', 'password'] as const;
const typed = (form: FormData) => Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? '')]));

export async function addMemberAction(_prev: AddMemberState, form: FormData): Promise<AddMemberState> {
  const claims = await requireClaims();
  const t = await getTranslations('members.errors');
  const parsed = MemberInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'form');
      const code = ['required', 'phone', 'password_short', 'email_or_phone', 'team_required'].includes(issue.message) ? issue.message : 'invalid';
      fields[key] ??= t(code as 'invalid');
    }
    return { ok: false, fields, values: typed(form) };
  }
  const res = await addMember(claims, parsed.data);
  if (!res.ok) return { ok: false, message: t(res.code), values: typed(form) };
  revalidatePath('/me/members');
  return { ok: true, message: t('added', { name: parsed.data.display_name }) };
}
