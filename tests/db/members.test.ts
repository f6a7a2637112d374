// Admins create members (local provider): the auth user and the membership in one transaction
// as the admin, under RLS; nobody else can, and the new member can sign in.
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { signInLocal } from '../../lib/auth/local.ts';
import { listMembers } from '../../lib/db/queries/members.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { MemberInput } from '../../lib/validation/member.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;
// lib/auth/members.ts uses the app pool (appDb); point it at the test database.
vi.stubEnv('APP_DATABASE_URL', inject('appUrl'));
vi.stubEnv('JWT_SECRET', 'test-secret-that-is-at-least-32-characters-long');
const { addMember } = await import('../../lib/auth/members.ts');

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 2 });
  w = await buildWorld(admin, 'members');
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

const input = (over: Record<string, unknown> = {}) =>
  MemberInput.parse({ display_name: '新同事', phone: '+86 139 1234 5678', role: 'rep', team_id: w.team1, password: 'welcome-2026', ...over });

describe('admins create members', () => {
  it('an admin adds a rep to a team; the rep can sign in and sees their org', async () => {
    const res = await addMember(claimsFor(w.ids.admin), input());
    expect(res.ok).toBe(true);
    const [m] = await admin`select org_id, role, team_id, phone from members where user_id = ${res.ok ? res.userId : ''}`;
    expect(m).toEqual({ org_id: w.org1, role: 'rep', team_id: w.team1, phone: '13912345678' });
    const login = await signInLocal({ identifier: '139 1234 5678', password: 'welcome-2026', ip: '10.9.9.9' }, app);
    expect(login.ok).toBe(true);
  });

  it('a rep or a manager cannot, another org\'s admin cannot use this org\'s team, and no auth user is left behind', async () => {
    const [before] = await admin`select count(*)::int as n from auth.users`;
    for (const who of [w.ids.repA, w.ids.mgr1]) {
      expect(await addMember(claimsFor(who), input({ phone: '13911112222' }))).toEqual({ ok: false, code: 'forbidden' });
    }
    // An admin of org 2 writes into org 2 only; team 1 is org 1's, so the composite FK refuses it.
    expect(await addMember(claimsFor(w.ids.other), input({ phone: '13911112222' }))).toEqual({ ok: false, code: 'invalid_team' });
    const [after] = await admin`select count(*)::int as n from auth.users`;
    expect(after!.n).toBe(before!.n);
  });

  it('a phone already in use is a duplicate, and a team of another org is refused, with nothing created', async () => {
    expect(await addMember(claimsFor(w.ids.admin), input({ display_name: '重复' }))).toEqual({ ok: false, code: 'duplicate' });
    const [team] = await admin`select id from teams where org_id = ${w.org2}`;
    const [before] = await admin`select count(*)::int as n from auth.users`;
    expect(await addMember(claimsFor(w.ids.admin), input({ phone: '13933334444', team_id: team!.id }))).toEqual({ ok: false, code: 'invalid_team' });
    const [after] = await admin`select count(*)::int as n from auth.users`;
    expect(after!.n).toBe(before!.n);
  });

  it('validates input with field paths (zh/en texts are keyed by these codes)', () => {
    const bad = MemberInput.safeParse({ display_name: '', phone: '12345', role: 'boss', password: 'short' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['display_name', 'phone', 'role', 'password']));
    expect(MemberInput.safeParse({ display_name: 'a', role: 'rep', team_id: w.team1, password: '12345678' }).error?.issues[0]?.message).toBe('email_or_phone');
    expect(MemberInput.parse({ display_name: 'a', phone: '１３９１２３４５６７８', role: 'admin', password: '12345678' }).phone).toBe('13912345678');
  });
});

describe('the member list (issue 15: pinyin, not character code)', () => {
  it('admins, managers, reps; within each by team and name in pinyin order, Latin names among them', async () => {
    // Tried: names whose character codes sort differently from their pinyin (张 < 李 by code, l < z by pinyin).
    const names = ['张伟', '李娜', 'Bob', '安琪'];
    for (const n of names) {
      const [u] = await admin`insert into auth.users (id, email) values (gen_random_uuid(), ${`${encodeURIComponent(n)}@pinyin.test`}) returning id`;
      await admin`insert into members (user_id, org_id, role, team_id, display_name) values (${u!.id}, ${w.org1}, 'rep', ${w.emptyTeam}, ${n})`;
    }
    const list = await withRls(claimsFor(w.ids.admin), (tx) => listMembers(tx), app);
    expect(list.filter((m) => names.includes(m.display_name)).map((m) => m.display_name)).toEqual(['安琪', 'Bob', '李娜', '张伟']);
    expect(list[0]!.role).toBe('admin');
    expect(list.findIndex((m) => m.role === 'rep')).toBeGreaterThan(list.findLastIndex((m) => m.role === 'manager'));
  });
});
