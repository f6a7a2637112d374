'use server';
// Server action: an admin adds a member (memberAction: signed in, a member, an admin). Input parsed
// with the shared zod schema; the org is the admin's (RLS + insertMembership), never a form field.
import { revalidatePath } from 'next/cache';
import { getTranslations } from 'next-intl/server';
import { addMember } from '@/lib/auth/members.ts';
import { memberAction } from '@/lib/http/action.ts';
import { type AddMemberState, MemberInput } from '@/lib/validation/member.ts';

const FIELDS = ['display_name', 'phone', 'email', 'role', 'team_id', 'password'] as const;
const typed = (form: FormData) => Object.fromEntries(FIELDS.map((f) => [f, String(form.get(f) ?? '')]));

type ErrorKey = 'required' | 'phone' | 'password_short' | 'email_or_phone' | 'team_required' | 'invalid' | 'forbidden';
const FIELD_CODES = new Set<string>(['required', 'phone', 'password_short', 'email_or_phone', 'team_required']);

export async function addMemberAction(_prev: AddMemberState, form: FormData): Promise<AddMemberState> {
  const values = typed(form);
  const say = async (key: ErrorKey): Promise<AddMemberState> => ({ ok: false, message: (await getTranslations('members.errors'))(key), values });
  const add = memberAction(
    {
      name: 'addMemberAction',
      input: MemberInput,
      roles: ['admin'],
      invalid: async (problems): Promise<AddMemberState> => {
        const t = await getTranslations('members.errors');
        const fields: Record<string, string> = {};
        for (const [field, code] of Object.entries(problems)) fields[field] = t((FIELD_CODES.has(code) ? code : 'invalid') as ErrorKey);
        return { ok: false, fields, values };
      },
      refused: () => say('forbidden'),
      failed: () => say('invalid'),
    },
    async ({ claims, input }): Promise<AddMemberState> => {
      const t = await getTranslations('members.errors');
      const res = await addMember(claims, input);
      if (!res.ok) return { ok: false, message: t(res.code), values };
      revalidatePath('/me/members');
      return { ok: true, message: t('added', { name: input.display_name }) };
    },
  );
  return add(Object.fromEntries(form));
}
