// Admins add members (rep / manager / admin, team). Local provider: the auth user and the
// membership are written in one withRls transaction as the admin. Supabase provider: the Auth
// Admin API creates the user (service key, server-only), then the membership is written as the
// admin under RLS; if that is refused the new auth user is deleted again.
import { createClient } from '@supabase/supabase-js';
import { insertMembership, createLocalAuthUser } from '../db/queries/members.ts';
import { withRls } from '../db/with-rls.ts';
import { serverRealtimeOptions } from '../supabase/no-realtime.ts';
import type { MemberInput } from '../validation/member.ts';
import type { Claims } from './claims.ts';
import { hashPassword } from './local.ts';
import { authProvider } from './provider.ts';

export type AddMemberResult = { ok: true; userId: string } | { ok: false; code: 'forbidden' | 'duplicate' | 'invalid_team' };

function failure(err: unknown): AddMemberResult {
  const code = (err as { code?: string }).code;
  if (code === '42501') return { ok: false, code: 'forbidden' };
  if (code === '23505') return { ok: false, code: 'duplicate' };
  if (code === '23503') return { ok: false, code: 'invalid_team' }; // team of another org (composite FK)
  throw err;
}

export async function addMember(claims: Claims, input: MemberInput): Promise<AddMemberResult> {
  const membership = (userId: string) => ({
    userId, displayName: input.display_name, role: input.role, teamId: input.team_id,
    email: input.email, phone: input.phone,
  });
  if (authProvider() === 'local') {
    const passwordHash = await hashPassword(input.password);
    try {
      const userId = await withRls(claims, async (tx) => {
        const id = await createLocalAuthUser(tx, { email: input.email, phone: input.phone, passwordHash, displayName: input.display_name });
        await insertMembership(tx, membership(id));
        return id;
      });
      return { ok: true, userId };
    } catch (err) {
      return failure(err);
    }
  }

  // Supabase: check the caller is an admin before touching Auth at all.
  const isAdmin = await withRls(claims, async (tx) => (await tx`select 1 from public.members where user_id = ${claims.sub} and role = 'admin' and active`).length === 1);
  if (!isAdmin) return { ok: false, code: 'forbidden' };
  const admin = createClient(process.env.SUPABASE_URL!, process.env.SUPABASE_SERVICE_ROLE_KEY!, {
    auth: { persistSession: false, autoRefreshToken: false },
    realtime: serverRealtimeOptions,
  }).auth.admin;
  const { data, error } = await admin.createUser({
    email: input.email,
    phone: input.phone ? `+86${input.phone}` : undefined,
    password: input.password,
    email_confirm: true,
    phone_confirm: true,
    user_metadata: { display_name: input.display_name },
  });
  if (error || !data.user) return error?.status === 422 ? { ok: false, code: 'duplicate' } : failure(error);
  try {
    await withRls(claims, (tx) => insertMembership(tx, membership(data.user.id)));
    return { ok: true, userId: data.user.id };
  } catch (err) {
    await admin.deleteUser(data.user.id);
    return failure(err);
  }
}
