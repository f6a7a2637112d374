// The login page's reading of a Supabase Auth refusal. supabase-js signs in against a local HTTP
// server answering exactly as GoTrue answers (status, error_code, msg; with and without the
// X-Supabase-Api-Version header that switches auth-js to error codes), so the mapping is tested
// on the error objects the real client builds. Tried: provider off for phone and for e-mail,
// sign-ups off, a wrong password, throttling.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInRefusal, supabaseServerClient } from '../../../lib/auth/supabase.ts';
import { serverRealtimeOptions } from '../../../lib/supabase/no-realtime.ts';

let reply: { status: number; body: unknown; versioned: boolean };
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (reply.versioned) headers['x-supabase-api-version'] = '2024-01-01';
      res.writeHead(reply.status, headers).end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server?.close());

async function refusal(status: number, body: unknown, versioned = true, creds: { phone: string } | { email: string } = { phone: '+8613800138000' }) {
  reply = { status, body, versioned };
  const client = createClient(url, 'anon-key', { auth: { persistSession: false, autoRefreshToken: false }, realtime: serverRealtimeOptions });
  const { error } = await client.auth.signInWithPassword({ ...creds, password: 'x' } as Parameters<typeof client.auth.signInWithPassword>[0]);
  expect(error).not.toBeNull();
  return signInRefusal(error!);
}

describe('signInRefusal (what the login form says)', () => {
  it('phone provider off → provider_disabled, not invalid credentials', async () => {
    expect(await refusal(422, { code: 422, error_code: 'phone_provider_disabled', msg: 'Phone logins are disabled' })).toBe('provider_disabled');
    expect(await refusal(400, { code: 400, msg: 'Phone logins are disabled' }, false)).toBe('provider_disabled');
  });
  it('e-mail provider off, and sign-ups off → provider_disabled', async () => {
    expect(await refusal(422, { code: 422, error_code: 'email_provider_disabled', msg: 'Email logins are disabled' }, true, { email: 'a@b.cn' })).toBe('provider_disabled');
    expect(await refusal(422, { code: 422, error_code: 'signup_disabled', msg: 'Signups not allowed for this instance' })).toBe('provider_disabled');
    expect(await refusal(400, { error: 'invalid_request', error_description: 'Phone signups are disabled' }, false)).toBe('provider_disabled');
  });
  it('a wrong password stays invalid_credentials; throttling stays rate_limited', async () => {
    expect(await refusal(400, { code: 400, error_code: 'invalid_credentials', msg: 'Invalid login credentials' })).toBe('invalid_credentials');
    expect(await refusal(429, { code: 429, error_code: 'over_request_rate_limit', msg: 'Request rate limit reached' })).toBe('rate_limited');
  });
});

describe('session cookies the server sets for Supabase Auth', () => {
  it('are httpOnly (as the local profile\'s are): no script can read the session', async () => {
    const now = Math.floor(Date.now() / 1000);
    reply = {
      status: 200,
      versioned: true,
      body: { access_token: 'a.b.c', token_type: 'bearer', expires_in: 3600, expires_at: now + 3600, refresh_token: 'r1',
        user: { id: '00000000-0000-4000-8000-000000000001', aud: 'authenticated', role: 'authenticated', phone: '8613800138000', app_metadata: {}, user_metadata: {}, created_at: new Date().toISOString() } },
    };
    process.env.SUPABASE_URL = url;
    process.env.SUPABASE_ANON_KEY = 'anon-key';
    const set: { name: string; options: Record<string, unknown> }[] = [];
    const client = supabaseServerClient({ getAll: () => [], setAll: (list) => set.push(...list) });
    const { error } = await client.auth.signInWithPassword({ phone: '+8613800138000', password: 'x' });
    expect(error).toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    expect(set.length).toBeGreaterThan(0);
    for (const c of set) expect({ name: c.name, httpOnly: c.options.httpOnly }).toEqual({ name: c.name, httpOnly: true });
  });
});
