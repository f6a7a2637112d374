// auth.users rows written by our own scripts (demo seed, `crm bootstrap` on the local profile).
// Two shapes, because two readers: the local shim's sign-in, and GoTrue on Supabase. GoTrue scans
// the token/change columns into Go strings and fails on NULL, keeps phones as E.164 digits with
// the country code (8613800138000), and signs in through auth.identities — so on a database with
// GoTrue's schema a user gets all of that, or GoTrue cannot read it.
import type { Sql, TransactionSql } from 'postgres';

export type AuthUserInput = { id: string; email: string | null; phone: string | null; passwordHash: string; displayName: string; at: Date };

/** True when auth.users is GoTrue's (Supabase) rather than the local shim's. */
export async function hasGoTrueSchema(sql: Sql | TransactionSql): Promise<boolean> {
  const [r] = await sql`select to_regclass('auth.identities') is not null
                              and exists (select 1 from information_schema.columns where table_schema = 'auth'
                                           and table_name = 'users' and column_name = 'email_change_token_new') as yes`;
  return Boolean(r?.yes);
}

/** 13800138000 / +86 138-0013-8000 → 8613800138000 (GoTrue's form); null stays null. */
export function gotruePhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  return /^1\d{10}$/.test(digits) ? `86${digits}` : digits;
}

// Every column GoTrue reads as a non-null string (supabase/auth internal/models/user.go).
const GOTRUE_STRING_COLUMNS = [
  'confirmation_token', 'recovery_token', 'email_change_token_new', 'email_change', 'email_change_token_current',
  'phone_change', 'phone_change_token', 'reauthentication_token',
] as const;
export const GOTRUE_NOT_NULL = GOTRUE_STRING_COLUMNS;

export async function insertAuthUsers(tx: Sql | TransactionSql, users: AuthUserInput[], gotrue: boolean): Promise<void> {
  if (!users.length) return;
  const providers = (u: AuthUserInput) => [...(u.email ? ['email'] : []), ...(u.phone ? ['phone'] : [])];
  await tx`insert into auth.users ${tx(
    users.map((u) => ({
      instance_id: '00000000-0000-0000-0000-000000000000',
      id: u.id,
      aud: 'authenticated',
      role: 'authenticated',
      email: u.email,
      phone: gotrue ? gotruePhone(u.phone) : u.phone,
      encrypted_password: u.passwordHash,
      email_confirmed_at: u.email ? u.at : null,
      phone_confirmed_at: u.phone ? u.at : null,
      raw_app_meta_data: { provider: providers(u)[0] ?? 'email', providers: providers(u) },
      raw_user_meta_data: { display_name: u.displayName },
      created_at: u.at,
      updated_at: u.at,
      confirmation_token: '',
      recovery_token: '',
      ...(gotrue ? Object.fromEntries(GOTRUE_STRING_COLUMNS.map((c) => [c, ''])) : {}),
    })),
  )}`;
  if (!gotrue) return;
  const identities = users.flatMap((u) => [
    ...(u.email
      ? [{ provider_id: u.id, user_id: u.id, provider: 'email', identity_data: { sub: u.id, email: u.email, email_verified: true, phone_verified: false } }]
      : []),
    ...(u.phone ? [{ provider_id: u.id, user_id: u.id, provider: 'phone', identity_data: { sub: u.id, phone: gotruePhone(u.phone), phone_verified: true } }] : []),
  ]).map((i) => ({ ...i, last_sign_in_at: null, created_at: users[0]!.at, updated_at: users[0]!.at }));
  if (identities.length) await tx`insert into auth.identities ${tx(identities)}`;
}
