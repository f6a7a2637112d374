// Issue 13 finding 6 against the running app: sessions that end. Each test says what was tried;
// on main every one of them kept working (the old tokens after a password change, a refresh token
// replayed within 30 s of sign-out through the proxy's share cache, a banned user for up to an hour).
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { base, cookieHeader, DEMO_PASSWORD, login, request } from './helpers.ts';

const sql = postgres(inject('adminUrl'), { max: 2, onnotice: () => {} });
afterAll(() => sql.end());

const cookie = (header: string, name: string) => header.split('; ').find((c) => c.startsWith(`${name}=`)) ?? '';
async function signIn(who: string, from: string, password = DEMO_PASSWORD) {
  const res = await login(who, password, from);
  expect(res.status, res.body).toBe(200);
  return cookieHeader(res.headers);
}
/** A signed-in page: 200, or 307 to /login when the session is gone. */
const customers = (cookies: string) => request('/customers', { cookies });
const origin = () => base().origin;

describe('ending sessions', () => {
  it('a refresh token replayed right after sign-out gets nothing (the share cache never outlives a revocation)', async () => {
    const jar = await signIn('rep2@demo.crystal', '127.0.0.40');
    const rt = cookie(jar, 'crm_rt');
    // The access token gone (expired, say): the proxy refreshes with the refresh token — and shares that answer.
    const refreshed = await customers(rt);
    expect(refreshed.status).toBe(200);
    const newJar = cookieHeader(refreshed.headers);
    // Sign out with the rotated session.
    const out = await request('/api/auth/logout', { method: 'POST', cookies: newJar, headers: { origin: origin(), accept: 'application/json' } });
    expect(out.status).toBe(200);
    // Tried: replaying the first refresh token at once (main: the cached session for 30 s).
    const replay = await customers(rt);
    expect(replay.status).toBe(307);
    expect(replay.headers.location).toMatch(/\/login/);
    // And the access token of the rotated session is dead too.
    expect((await customers(cookie(newJar, 'crm_at'))).status).toBe(307);
  });

  it('a password change (current password required) signs out every other device at its next request', async () => {
    const phone = await signIn('manager2@demo.crystal', '127.0.0.41');
    const laptop = await signIn('manager2@demo.crystal', '127.0.0.42');
    expect((await customers(phone)).status).toBe(200);
    const change = (body: Record<string, string>) =>
      request('/api/auth/password', { method: 'POST', cookies: laptop, from: '127.0.0.42',
        headers: { 'content-type': 'application/json', accept: 'application/json', origin: origin() }, body: JSON.stringify(body) });
    const wrong = await change({ current: 'not-my-password', next: 'brand new pw 1', confirm: 'brand new pw 1' });
    expect(wrong.status).toBe(400);
    expect(wrong.json()).toMatchObject({ ok: false, error: 'wrong_password' });
    expect((await customers(phone)).status).toBe(200); // nothing ended by a failed attempt
    const ok = await change({ current: DEMO_PASSWORD, next: 'brand new pw 1', confirm: 'brand new pw 1' });
    expect(ok.status).toBe(200);
    expect((await customers(phone)).status).toBe(307); // main: still signed in
    expect((await customers(laptop)).status).toBe(307); // the old session of the device that changed it too…
    expect((await customers(cookieHeader(ok.headers))).status).toBe(200); // …which got a fresh one
    expect((await login('manager2@demo.crystal', DEMO_PASSWORD, '127.0.0.43')).status).toBe(401);
    expect((await login('manager2@demo.crystal', 'brand new pw 1', '127.0.0.43')).status).toBe(200);
  });

  it('退出所有设备 ends every session of the user', async () => {
    const a = await signIn('rep6@demo.crystal', '127.0.0.44');
    const b = await signIn('rep6@demo.crystal', '127.0.0.45');
    const res = await request('/api/auth/logout-all', { method: 'POST', cookies: a, headers: { origin: origin(), accept: 'application/json' } });
    expect(res.json()).toMatchObject({ ok: true, ended: 2 });
    expect((await customers(a)).status).toBe(307);
    expect((await customers(b)).status).toBe(307);
    expect((await customers(cookie(b, 'crm_rt'))).status).toBe(307); // its refresh token rotates into nothing
  });

  it('a ban ends access at the next request (main: up to an hour)', async () => {
    const jar = await signIn('rep4@demo.crystal', '127.0.0.46');
    expect((await customers(jar)).status).toBe(200);
    await sql`update auth.users set banned_until = now() + interval '1 day' where email = 'rep4@demo.crystal'`;
    try {
      expect((await customers(jar)).status).toBe(307);
      const api = await request('/api/push/subscribe?endpoint=x', { cookies: jar });
      expect(api.status).toBe(401);
    } finally {
      await sql`update auth.users set banned_until = null where email = 'rep4@demo.crystal'`;
    }
  });
});
