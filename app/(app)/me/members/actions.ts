'use server';
// Server action: an admin adds a member. Input parsed with the shared zod schema; the org is the
// admin's (RLS + insertMembership), never a form field.
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { addMember } from '@/lib/auth/members.ts';
import { requireClaims } from '@/lib/auth/session.ts';
import { type AddMemberState, MemberInput } from '@/lib/validation/member.ts';

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
    return { ok: false, fields };
  }
  const res = await addMember(claims, parsed.data);
  if (!res.ok) return { ok: false, message: t(res.code) };
  revalidatePath('/me/members');
  return { ok: true, message: t('added', { name: parsed.data.display_name }) };
}
