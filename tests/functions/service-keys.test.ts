// Which keys open the edge functions: the new secret keys (SUPABASE_SECRET_KEYS — a JSON map of
// name → sb_secret_… key as the hosted runtime sets it, or one plain key) and the legacy
// service-role JWT (SUPABASE_SERVICE_ROLE_KEY); anything else is a 401 before any work. Real Deno,
// the functions' own host, Supabase's env names. An invalid body after a good key is a 400: that
// is how a test tells "authorised" from "refused" without running a recompute.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startFunctions, stopChild } from '../../scripts/lib/stack.ts';

const SECRET_A = 'sb_secret_' + 'A'.repeat(32);
const SECRET_B = 'sb_secret_' + 'B'.repeat(32);
const LEGACY = 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.legacy-signature';
const hosts: Awaited<ReturnType<typeof startFunctions>>[] = [];

async function host(env: Record<string, string | undefined>) {
  const saved = { SUPABASE_SECRET_KEYS: process.env.SUPABASE_SECRET_KEYS, SUPABASE_SERVICE_ROLE_KEY: process.env.SUPABASE_SERVICE_ROLE_KEY };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const h = await startFunctions({ adminUrl: inject('adminUrl') });
    hosts.push(h);
    return h.url;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

const call = async (url: string, fn: string, headers: Record<string, string>) =>
  (await fetch(`${url}/functions/v1/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"org_id":"not-a-uuid"}' })).status;

afterAll(async () => {
  for (const h of hosts) await stopChild(h.child);
});

describe('edge function service keys', () => {
  it('hosted shape: JSON map of secret keys plus the legacy JWT — each opens both functions; a wrong key is 401', async () => {
    const url = await host({ SUPABASE_SECRET_KEYS: JSON.stringify({ default: SECRET_A, rotated: SECRET_B }), SUPABASE_SERVICE_ROLE_KEY: LEGACY });
    for (const fn of ['recompute-tags', 'send-reminders']) {
      expect(await call(url, fn, { authorization: `Bearer ${SECRET_A}` }), `${fn} sb_secret default`).not.toBe(401);
      expect(await call(url, fn, { authorization: `Bearer ${SECRET_B}` }), `${fn} sb_secret rotated`).not.toBe(401);
      expect(await call(url, fn, { apikey: SECRET_A }), `${fn} apikey header`).not.toBe(401);
      expect(await call(url, fn, { authorization: `Bearer ${LEGACY}` }), `${fn} legacy JWT`).not.toBe(401);
      // Tried: a wrong key, a secret key's prefix, the JSON map itself, and nothing at all.
      expect(await call(url, fn, { authorization: 'Bearer sb_secret_wrong' }), `${fn} wrong`).toBe(401);
      expect(await call(url, fn, { authorization: `Bearer ${SECRET_A.slice(0, -1)}` }), `${fn} prefix`).toBe(401);
      expect(await call(url, fn, { authorization: `Bearer ${JSON.stringify({ default: SECRET_A })}` }), `${fn} map`).toBe(401);
      expect(await call(url, fn, {}), `${fn} none`).toBe(401);
    }
    expect(await call(url, 'recompute-tags', { authorization: `Bearer ${SECRET_A}` })).toBe(400);
  }, 120_000);

  it('a plain secret key with no legacy key; and malformed JSON authorises nothing', async () => {
    const plain = await host({ SUPABASE_SECRET_KEYS: SECRET_A, SUPABASE_SERVICE_ROLE_KEY: undefined });
    expect(await call(plain, 'recompute-tags', { authorization: `Bearer ${SECRET_A}` })).toBe(400);
    expect(await call(plain, 'recompute-tags', { authorization: `Bearer ${LEGACY}` })).toBe(401);
    const broken = await host({ SUPABASE_SECRET_KEYS: '{"default": "sb_secret_', SUPABASE_SERVICE_ROLE_KEY: undefined });
    expect(await call(broken, 'recompute-tags', { authorization: 'Bearer {"default": "sb_secret_' })).toBe(401);
    expect(await call(broken, 'recompute-tags', { authorization: 'Bearer sb_secret_' })).toBe(401);
  }, 120_000);
});
