// Auth claims as GoTrue issues them, end to end on the Supabase-faithful database: an ES256 token
// with every claim GoTrue puts in it (aud, role, app_metadata, user_metadata, aal, amr,
// session_id, is_anonymous…), verified the way the app verifies it (getClaims against a JWKS),
// then handed to withRls over the app's own login, where GoTrue's own auth.uid()/auth.jwt() and
// our RLS policies read it. Runs only in the db-supabase project (file name supabase-*).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Claims } from '../../lib/auth/claims.ts';
import { getSupabaseClaims } from '../../lib/auth/supabase.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { buildWorld, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;
let server: http.Server;
let sign: (claims: Record<string, unknown>) => Promise<string>;
const kid = 'gotrue-test-key';

// A GoTrue access token's payload (supabase/auth internal/tokens: AccessTokenClaims).
function gotrueClaims(sub: string, extra: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: 'http://127.0.0.1:54321/auth/v1',
    sub,
    aud: 'authenticated',
    exp: now + 3600,
    iat: now,
    email: '',
    phone: '8613800138000',
    app_metadata: { provider: 'phone', providers: ['phone'] },
    user_metadata: { display_name: '甲' },
    role: 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: now }],
    session_id: randomUUID(),
    is_anonymous: false,
    ...extra,
  };
}

const jar = (token: string, exp: number, sub: string) => {
  const session = { access_token: token, refresh_token: 'r', token_type: 'bearer', expires_in: 3600, expires_at: exp, user: { id: sub } };
  return { getAll: () => [{ name: 'sb-127-auth-token', value: 'base64-' + Buffer.from(JSON.stringify(session)).toString('base64url') }] };
};

async function verified(payload: ReturnType<typeof gotrueClaims>): Promise<Claims> {
  const claims = await getSupabaseClaims(jar(await sign(payload), payload.exp, payload.sub));
  expect(claims).not.toBeNull();
  return claims!;
}

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, `claims-${randomUUID().slice(0, 6)}`);
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  server = http.createServer((req, res) => {
    if (req.url?.endsWith('/auth/v1/.well-known/jwks.json')) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(401).end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  process.env.SUPABASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.SUPABASE_ANON_KEY = 'anon-key';
  sign = (c) => new SignJWT(c).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).sign(privateKey);
});
afterAll(async () => {
  server?.close();
  await admin?.end();
  await app?.end();
});

describe('GoTrue-shaped claims on the Supabase-faithful database', () => {
  it('runs on the faithful database: GoTrue auth schema present, app login is not postgres', async () => {
    const [r] = await admin`select to_regclass('auth.sessions') is not null as gotrue, current_user as me`;
    expect(r).toEqual({ gotrue: true, me: 'postgres' });
    const [a] = await app`select current_user as me`;
    expect(a!.me).toBe('crystal_app');
  });

  it("a rep's verified token reaches GoTrue's auth.uid()/auth.jwt() and RLS shows only their book", async () => {
    const payload = gotrueClaims(w.ids.repA);
    const claims = await verified(payload);
    expect(claims).toMatchObject({ sub: w.ids.repA, is_anonymous: false, session_id: payload.session_id, app_metadata: { provider: 'phone' } });
    const seen = await withRls(claims, async (tx) => {
      const [who] = await tx`select auth.uid() as uid, auth.role() as role, auth.jwt() ->> 'session_id' as sid, current_user as me`;
      const rows = await tx`select id from customers where id in (${w.custA}, ${w.custB}, ${w.custOther})`;
      return { who, ids: rows.map((r) => r.id as string) };
    }, app);
    expect(seen.who).toEqual({ uid: w.ids.repA, role: 'authenticated', sid: payload.session_id, me: 'authenticated' });
    expect(seen.ids).toEqual([w.custA]);
  });

  it('a manager sees the team; an admin of another org sees nothing of this one', async () => {
    const mgr = await verified(gotrueClaims(w.ids.mgr1));
    const other = await verified(gotrueClaims(w.ids.other));
    const q = (tx: Parameters<Parameters<typeof withRls>[1]>[0]) => tx`select id from customers where id in (${w.custA}, ${w.custB}, ${w.custC}) order by name`;
    expect((await withRls(mgr, q, app)).length).toBe(2);
    expect((await withRls(other, q, app)).length).toBe(0);
  });

  it('an anonymous sign-in (is_anonymous: true, no membership) sees no rows', async () => {
    const anonUser = randomUUID();
    await admin`insert into auth.users (id, aud, role, is_anonymous, created_at, updated_at) values (${anonUser}, 'authenticated', 'authenticated', true, now(), now())`;
    const claims = await verified(gotrueClaims(anonUser, { is_anonymous: true, phone: '', app_metadata: {}, amr: [{ method: 'anonymous', timestamp: 0 }] }));
    expect(claims.is_anonymous).toBe(true);
    const rows = await withRls(claims, (tx) => tx`select 1 from customers union all select 1 from members union all select 1 from orgs`, app);
    expect(rows.length).toBe(0);
  });

  it('tried: a service_role token is refused before the database, and withRls refuses the role even if one got through', async () => {
    const svc = await getSupabaseClaims(jar(await sign(gotrueClaims(w.ids.admin, { role: 'service_role' })), 2e9, w.ids.admin));
    expect(svc).toBeNull(); // ClaimsSchema: role must be authenticated
    const forged = { sub: w.ids.admin, role: 'service_role', aud: 'authenticated', exp: 2e9 } as unknown as Claims;
    await expect(withRls(forged, (tx) => tx`select 1`, app)).rejects.toThrow(/refusing role/);
  });
});
