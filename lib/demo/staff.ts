// The demo org's people: 1 admin, 2 managers, 6 reps in two teams, each an auth.users row and a
// members row. Logins are fixed so the ones `npm start` prints stay the same between runs.
import bcrypt from 'bcryptjs';
import type { TransactionSql } from 'postgres';
import { hasGoTrueSchema, insertAuthUsers } from '../auth/auth-users.ts';
import { STAFF_NAMES, TEAM_NAMES } from './names.ts';
import { fnv1a, type Rng } from './prng.ts';

export const DEMO_PASSWORD = 'crystal123';

export type DemoLogin = {
  role: 'admin' | 'manager' | 'rep';
  name: string;
  email: string;
  phone: string;
  team: string | null;
  password: string;
};

export type StaffMember = DemoLogin & { userId: string; teamIndex: 0 | 1 | null };
export type Staff = { teams: { id: string; name: string }[]; members: StaffMember[]; reps: StaffMember[] };

/**
 * Login addresses for an org: `<who>@<slug>.crystal` — so the default org gets admin@demo.crystal —
 * and phones 139 BBBB 00NN, where block BBBB is 0000 for `demo` and derived from the slug
 * otherwise (auth.users.phone is unique across orgs, and tests seed several orgs side by side).
 */
function plannedLogins(slug: string, block: number): Omit<StaffMember, 'userId'>[] {
  const phone = (n: number) => `139${String(block).padStart(4, '0')}${String(n).padStart(4, '0')}`;
  const email = (who: string) => `${who}@${slug}.crystal`;
  const base = { password: DEMO_PASSWORD };
  return [
    { ...base, role: 'admin', name: STAFF_NAMES.admin, email: email('admin'), phone: phone(0), team: null, teamIndex: null },
    ...STAFF_NAMES.managers.map((name, i) => ({
      ...base,
      role: 'manager' as const,
      name,
      email: email(`manager${i + 1}`),
      phone: phone(i + 1),
      team: TEAM_NAMES[i]!,
      teamIndex: i as 0 | 1,
    })),
    ...STAFF_NAMES.reps.map((name, i) => ({
      ...base,
      role: 'rep' as const,
      name,
      email: email(`rep${i + 1}`),
      phone: phone(11 + i),
      team: TEAM_NAMES[i < 3 ? 0 : 1]!,
      teamIndex: (i < 3 ? 0 : 1) as 0 | 1,
    })),
  ];
}

export async function createStaff(tx: TransactionSql, orgId: string, slug: string, ids: Rng, createdAt: Date): Promise<Staff> {
  let block = slug === 'demo' ? 0 : 1000 + (fnv1a(slug) % 9000);
  let planned = plannedLogins(slug, block);
  const emails = planned.map((p) => p.email);

  // Users left behind by a deleted demo org of this slug (members cascade from users, not the
  // other way) would block the unique e-mails; they belong to no org, so they can go.
  await tx`delete from auth.users u where u.email = any(${emails})
           and not exists (select 1 from public.members m where m.user_id = u.id)`;
  const [taken] = await tx`select count(*)::int as n from auth.users where email = any(${emails})`;
  if (taken && taken.n > 0) throw new Error(`demo logins *@${slug}.crystal already belong to another org`);
  // Another slug may hash to the same phone block: move to the next free one.
  for (let tries = 0; ; tries++) {
    const phones = planned.flatMap((p) => [p.phone, `86${p.phone}`]);
    const [clash] = await tx`select count(*)::int as n from auth.users where phone = any(${phones})`;
    if (!clash || clash.n === 0) break;
    if (tries > 100) throw new Error('no free phone block for the demo logins');
    block = block >= 9999 ? 1000 : block + 1;
    planned = plannedLogins(slug, block);
  }

  const teams = TEAM_NAMES.map((name) => ({ id: ids.uuid(), name }));
  await tx`insert into public.teams ${tx(teams.map((t) => ({ id: t.id, org_id: orgId, name: t.name, created_at: createdAt })))}`;

  // bcrypt at cost 10 takes ~70 ms: hash once, share it (salted once is fine for demo accounts).
  const hash = await bcrypt.hash(DEMO_PASSWORD, 10);
  const members: StaffMember[] = planned.map((p) => ({ ...p, userId: ids.uuid() }));
  // Local shim or GoTrue's schema (Supabase): each gets the user shape its sign-in reads.
  await insertAuthUsers(
    tx,
    members.map((m) => ({ id: m.userId, email: m.email, phone: m.phone, passwordHash: hash, displayName: m.name, at: createdAt })),
    await hasGoTrueSchema(tx),
  );
  await tx`insert into public.members ${tx(
    members.map((m) => ({
      user_id: m.userId,
      org_id: orgId,
      role: m.role,
      team_id: m.teamIndex === null ? null : teams[m.teamIndex]!.id,
      display_name: m.name,
      email: m.email,
      phone: m.phone,
      created_at: createdAt,
    })),
  )}`;
  return { teams, members, reps: members.filter((m) => m.role === 'rep') };
}

export function toLogin(m: StaffMember): DemoLogin {
  return { role: m.role, name: m.name, email: m.email, phone: m.phone, team: m.team, password: m.password };
}

/**
 * The demo logins of an org seeded earlier (the no-op path). Only the *@<slug>.crystal accounts:
 * if the slug names a real org, its people's passwords are not ours to print.
 */
export async function existingLogins(tx: TransactionSql, orgId: string, slug: string): Promise<DemoLogin[]> {
  const rows = await tx<{ role: DemoLogin['role']; name: string; email: string | null; phone: string | null; team: string | null }[]>`
    select m.role, m.display_name as name, coalesce(m.email, u.email) as email, coalesce(m.phone, u.phone) as phone, t.name as team
    from public.members m
    join auth.users u on u.id = m.user_id
    left join public.teams t on t.id = m.team_id
    where m.org_id = ${orgId} and lower(u.email) like ${`%@${slug}.crystal`}
    order by case m.role when 'admin' then 0 when 'manager' then 1 else 2 end, m.email`;
  return rows.map((r) => ({ role: r.role, name: r.name, email: r.email ?? '', phone: r.phone ?? '', team: r.team, password: DEMO_PASSWORD }));
}
