// The first org and its first admin on a clean deployment (`npm run crm -- bootstrap`), without
// hand-written SQL. The user is made by whoever owns sign-in: GoTrue's Admin API on Supabase
// (supabase-js auth.admin), the local auth tables on the local profile. Idempotent: running it
// again finds the org, the user and the membership and changes nothing (no new password either).
import { randomBytes, randomUUID } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { Sql } from 'postgres';
import { gotruePhone, hasGoTrueSchema, insertAuthUsers } from '../auth/auth-users.ts';

export class BootstrapInputError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

export type BootstrapInput = { slug: string; name: string; admin: string; adminName?: string };
export type Admin = { email: string | null; phone: string | null };
export type BootstrapResult = {
  orgId: string;
  orgCreated: boolean;
  userId: string;
  userCreated: boolean;
  /** Only when the user was created now: shown once, never stored in clear. */
  password?: string;
  memberCreated: boolean;
};

/** Checks the arguments and says what is wrong in zh and en. */
export function parseBootstrapInput(raw: { org?: string; name?: string; admin?: string; 'admin-name'?: string }): BootstrapInput & Admin {
  const slug = raw.org?.trim() ?? '';
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug))
    throw new BootstrapInputError(
      `--org 应为组织代号：小写字母、数字和 -，2–63 个字符（收到 "${raw.org ?? ''}"）`,
      `--org must be a slug: lowercase letters, digits and '-', 2–63 characters (got "${raw.org ?? ''}")`,
    );
  const name = raw.name?.trim() ?? '';
  if (name.length < 1 || name.length > 100)
    throw new BootstrapInputError('--name 应为组织名称，1–100 个字符', '--name must be the organisation name, 1–100 characters');
  const adminName = raw['admin-name']?.trim() || '管理员';
  if (adminName.length > 100) throw new BootstrapInputError('--admin-name 最多 100 个字符', '--admin-name is at most 100 characters');
  const who = raw.admin?.trim() ?? '';
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(who)) return { slug, name, admin: who, adminName, email: who.toLowerCase(), phone: null };
  const digits = who.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  if (/^1\d{10}$/.test(digits)) return { slug, name, admin: who, adminName, email: null, phone: digits };
  throw new BootstrapInputError(
    `--admin 应为管理员的手机号（11 位，可带 +86）或电子邮箱（收到 "${raw.admin ?? ''}"）`,
    `--admin must be the admin's mobile number (11 digits, +86 optional) or e-mail (got "${raw.admin ?? ''}")`,
  );
}

const newPassword = () => randomBytes(12).toString('base64url');

/** Finds or creates the auth user on the local profile (or any database we write auth.users in). */
async function localUser(sql: Sql, a: Admin, displayName: string): Promise<{ id: string; created: boolean; password?: string }> {
  const gotrue = await hasGoTrueSchema(sql);
  const phones = a.phone ? [a.phone, gotruePhone(a.phone)!] : [];
  const [found] = await sql<{ id: string }[]>`
    select id from auth.users where (${a.email}::text is not null and lower(email) = ${a.email}) or phone = any(${phones}) limit 1`;
  if (found) return { id: found.id, created: false };
  const password = newPassword();
  const id = randomUUID();
  await insertAuthUsers(sql, [{ id, email: a.email, phone: a.phone, passwordHash: await bcrypt.hash(password, 10), displayName, at: new Date() }], gotrue);
  return { id, created: true, password };
}

/** Finds or creates the user through GoTrue's Admin API (Supabase). */
async function gotrueUser(a: Admin, displayName: string, env: NodeJS.ProcessEnv): Promise<{ id: string; created: boolean; password?: string }> {
  const url = env.SUPABASE_URL;
  const key = env.SUPABASE_SECRET_KEY || env.SUPABASE_SERVICE_ROLE_KEY;
  if (!url || !key)
    throw new BootstrapInputError(
      'AUTH_PROVIDER=supabase 需要 SUPABASE_URL 和 SUPABASE_SECRET_KEY（或旧版 SUPABASE_SERVICE_ROLE_KEY）',
      'AUTH_PROVIDER=supabase needs SUPABASE_URL and SUPABASE_SECRET_KEY (or the legacy SUPABASE_SERVICE_ROLE_KEY)',
    );
  // Loaded only on this path: the local profile's CLI runs should not pay for supabase-js.
  const { createClient } = await import('@supabase/supabase-js');
  const { serverRealtimeOptions } = await import('../supabase/no-realtime.ts');
  const admin = createClient(url, key, { auth: { persistSession: false, autoRefreshToken: false }, realtime: serverRealtimeOptions }).auth.admin;
  const phone = gotruePhone(a.phone);
  for (let page = 1; ; page++) {
    const { data, error } = await admin.listUsers({ page, perPage: 1000 });
    if (error) throw error;
    const hit = data.users.find((u) => (a.email && u.email?.toLowerCase() === a.email) || (phone && u.phone === phone));
    if (hit) return { id: hit.id, created: false };
    if (data.users.length < 1000) break;
  }
  const password = newPassword();
  const { data, error } = await admin.createUser({
    ...(a.email ? { email: a.email, email_confirm: true } : { phone: phone!, phone_confirm: true }),
    password,
    user_metadata: { display_name: displayName },
  });
  if (error || !data.user) throw error ?? new Error('GoTrue created no user');
  return { id: data.user.id, created: true, password };
}

export async function bootstrap(sql: Sql, input: BootstrapInput & Admin, opts: { provider: 'local' | 'supabase'; env?: NodeJS.ProcessEnv }): Promise<BootstrapResult> {
  const displayName = input.adminName ?? '管理员';
  const user = opts.provider === 'supabase' ? await gotrueUser(input, displayName, opts.env ?? process.env) : await localUser(sql, input, displayName);
  return sql.begin(async (tx) => {
    const inserted = await tx<{ id: string }[]>`insert into public.orgs (slug, name) values (${input.slug}, ${input.name})
                                                 on conflict (slug) do nothing returning id`;
    const [org] = inserted.length ? inserted : await tx<{ id: string }[]>`select id from public.orgs where slug = ${input.slug}`;
    const orgId = org!.id;
    const [member] = await tx<{ org_id: string; role: string }[]>`select org_id, role from public.members where user_id = ${user.id}`;
    if (member && member.org_id !== orgId)
      throw new BootstrapInputError('该账号已是另一个组织的成员', 'this account already belongs to another organisation');
    let memberCreated = false;
    if (!member) {
      await tx`insert into public.members (user_id, org_id, role, display_name, email, phone)
               values (${user.id}, ${orgId}, 'admin', ${displayName}, ${input.email}, ${input.phone})`;
      memberCreated = true;
    } else if (member.role !== 'admin') {
      await tx`update public.members set role = 'admin', active = true where user_id = ${user.id}`;
    }
    return { orgId, orgCreated: inserted.length > 0, userId: user.id, userCreated: user.created, password: user.password, memberCreated };
  });
}
