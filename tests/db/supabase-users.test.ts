// Users our scripts write straight into auth.users (demo seed with --target supabase, and
// `crm bootstrap`'s SQL path), checked against GoTrue's real auth schema on the faithful database:
// every column GoTrue scans into a Go string is '' not NULL, phones carry the 86 country code as
// GoTrue stores them, and each user has the identities GoTrue signs in through. (GoTrue itself
// does not run here; the Admin API path of bootstrap is exercised by npm run supabase:rehearse
// only as far as a hosted project allows — see the README.)
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bootstrap, parseBootstrapInput } from '../../lib/admin/bootstrap.ts';
import { GOTRUE_NOT_NULL, hasGoTrueSchema } from '../../lib/auth/auth-users.ts';
import { seedDemoOrg } from '../../lib/demo/generate.ts';

let admin: Sql;
beforeAll(() => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
});
afterAll(async () => admin?.end());

async function shapeProblems(userIds: string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const col of GOTRUE_NOT_NULL) {
    const [r] = await admin`select count(*)::int as n from auth.users where id = any(${userIds}) and ${admin(col)} is null`;
    if (r!.n) problems.push(`${col} NULL for ${r!.n} users`);
  }
  const [bad] = await admin`select count(*)::int as n from auth.users where id = any(${userIds})
                              and (aud <> 'authenticated' or role <> 'authenticated' or instance_id is null
                                   or (phone is not null and phone !~ '^861[0-9]{10}$')
                                   or (email is not null and email_confirmed_at is null) or (phone is not null and phone_confirmed_at is null))`;
  if (bad!.n) problems.push(`${bad!.n} users with a bad aud/role/instance/phone/confirmation`);
  const [noId] = await admin`select count(*)::int as n from auth.users u where u.id = any(${userIds})
                               and ((u.email is not null and not exists (select 1 from auth.identities i where i.user_id = u.id and i.provider = 'email'))
                                 or (u.phone is not null and not exists (select 1 from auth.identities i where i.user_id = u.id and i.provider = 'phone')))`;
  if (noId!.n) problems.push(`${noId!.n} users without their identities`);
  return problems;
}

describe('auth.users written by our scripts, in GoTrue shape', () => {
  it('the faithful database has GoTrue schema (so the scripts pick the GoTrue shape)', async () => {
    expect(await hasGoTrueSchema(admin)).toBe(true);
  });

  it('seed (--target supabase): every demo login is readable by GoTrue', async () => {
    const slug = `gt-seed-${randomUUID().slice(0, 6)}`;
    const seeded = await seedDemoOrg(admin, { slug, customers: 20, seed: 3 });
    const users = await admin`select user_id from members where org_id = ${seeded.orgId}`;
    expect(users.length).toBe(9);
    expect(await shapeProblems(users.map((u) => u.user_id as string))).toEqual([]);
  });

  it('bootstrap (SQL path): the admin is readable by GoTrue, and a second run finds the same user by its 86 phone', async () => {
    const phone = `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const input = parseBootstrapInput({ org: `gt-boot-${randomUUID().slice(0, 6)}`, name: '真·启动', admin: phone });
    const first = await bootstrap(admin, input, { provider: 'local' });
    expect(first.userCreated).toBe(true);
    expect(await shapeProblems([first.userId])).toEqual([]);
    const [u] = await admin`select phone from auth.users where id = ${first.userId}`;
    expect(u!.phone).toBe(`86${phone}`);
    const again = await bootstrap(admin, input, { provider: 'local' });
    expect(again).toMatchObject({ userId: first.userId, orgId: first.orgId, userCreated: false, orgCreated: false, memberCreated: false });
  });
});
