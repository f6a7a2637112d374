// Member queries. Run inside withRls: the members policy limits rows to the caller's org.
import type { Tx } from '../with-rls.ts';

export type MemberRole = 'rep' | 'manager' | 'admin';

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
