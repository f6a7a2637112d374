// Member queries. Run inside withRls: the members policy limits rows to the caller's org.
import type { MemberRole } from '../../domain/vocabulary.ts';
import { searchKey } from '../../search/pinyin.ts';
import type { Tx } from '../with-rls.ts';

export type { MemberRole };

export type CurrentMember = {
  user_id: string;
  org_id: string;
  role: MemberRole;
  display_name: string;
  email: string | null;
  phone: string | null;
  team_id: string | null;
  team_name: string | null;
  org_name: string;
};

/** The signed-in user's membership with team and org names; null when they have none (or it is inactive). */
export async function getCurrentMember(tx: Tx, params: { userId: string }): Promise<CurrentMember | null> {
  const [row] = await tx<CurrentMember[]>`
    select m.user_id, m.org_id, m.role, m.display_name, m.email, m.phone, m.team_id,
           t.name as team_name, o.name as org_name
      from public.members m
      join public.orgs o on o.id = m.org_id
      left join public.teams t on t.org_id = m.org_id and t.id = m.team_id
     where m.user_id = ${params.userId} and m.active`;
  return row ?? null;
}

export type MemberListItem = { user_id: string; display_name: string; role: MemberRole; team_name: string | null; email: string | null; phone: string | null; active: boolean };

/**
 * The org's members: admins, then managers, then reps; within each, by team and name in pinyin
 * order (the phone's contacts order: 安娜, Bob, 李四, 张三) — Postgres would sort by character code.
 */
export async function listMembers(tx: Tx): Promise<MemberListItem[]> {
  const rows = await tx<MemberListItem[]>`
    select m.user_id, m.display_name, m.role, t.name as team_name, m.email, m.phone, m.active
      from public.members m left join public.teams t on t.org_id = m.org_id and t.id = m.team_id`;
  const key = new Map<string, string>();
  const pinyinOf = (s: string | null) => {
    if (s === null) return '';
    if (!key.has(s)) key.set(s, searchKey(s).split(' ')[0] ?? s);
    return key.get(s)!;
  };
  const rank = { admin: 0, manager: 1, rep: 2 } as const;
  return rows.sort(
    (a, b) =>
      rank[a.role] - rank[b.role] ||
      pinyinOf(a.team_name).localeCompare(pinyinOf(b.team_name)) ||
      pinyinOf(a.display_name).localeCompare(pinyinOf(b.display_name)) ||
      a.display_name.localeCompare(b.display_name),
  );
}

export function listTeams(tx: Tx): Promise<{ id: string; name: string }[]> {
  return tx<{ id: string; name: string }[]>`select id, name from public.teams order by name`;
}

/**
 * Adds a member to the caller's org. `userId` is the auth user (created by the provider: the
 * local shim's auth.local_create_user in the same transaction, or Supabase's Admin API);
 * RLS lets only the org's admins insert, and the org is the caller's, never an input.
 */
export async function insertMembership(
  tx: Tx,
  m: { userId: string; displayName: string; role: MemberRole; teamId: string | null; email?: string; phone?: string },
): Promise<void> {
  await tx`
    insert into public.members (user_id, org_id, role, team_id, display_name, email, phone)
    select ${m.userId}, me.org_id, ${m.role}, ${m.teamId}, ${m.displayName}, ${m.email ?? null}, ${m.phone ?? null}
      from public.members me where me.user_id = (select auth.uid())`;
}

/** Local provider: the auth user, created by the shim's security-definer function (admins only). */
export async function createLocalAuthUser(tx: Tx, u: { email?: string; phone?: string; passwordHash: string; displayName: string }): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    select auth.local_create_user(${u.email ?? null}, ${u.phone ?? null}, ${u.passwordHash}, ${u.displayName}) as id`;
  return row!.id;
}
