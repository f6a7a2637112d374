// Issue 13 finding 10 against the running app: security headers on every kind of response (a
// same-site page could frame /customers on main: no CSP, no X-Frame-Options, no nosniff, no
// Referrer-Policy). That the app still works under the CSP in Chromium: tests/e2e/csp.spec.ts.
import { describe, expect, it } from 'vitest';
import { request, session } from './helpers.ts';

const common = (h: Record<string, unknown>) => {
  expect(h['x-frame-options']).toBe('DENY');
  expect(h['x-content-type-options']).toBe('nosniff');
};

describe('security headers', () => {
  it('pages: a nonce CSP the inline scripts carry, frame-ancestors none, strict-origin-when-cross-origin', async () => {
    const rep = await session('rep1@demo.crystal', '127.0.0.60');
    for (const path of ['/login', '/customers', '/me']) {
      const res = await request(path, { cookies: path === '/login' ? undefined : rep });
      expect(res.status, path).toBe(200);
      common(res.headers);
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce, path).toBeTruthy();
      // Every script Next rendered carries this response's nonce (else the browser would block it).
      const scripts = [...res.body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of scripts) expect(s, path).toContain(`nonce="${nonce}"`);
      expect(res.headers['strict-transport-security']).toBeUndefined(); // plain http here
    }
    // A fresh nonce per response.
    const [a, b] = await Promise.all([request('/login'), request('/login')]);
    expect(a.headers['content-security-policy']).not.toBe(b.headers['content-security-policy']);
  });

  it('survey links send no Referer at all (the token is in the URL)', async () => {
    const res = await request('/s/not-a-real-token-0000000000');
    common(res.headers);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
  });

  it('API answers, sign-in and static files get the static set', async () => {
    for (const path of ['/api/push/subscribe?endpoint=x', '/manifest.webmanifest', '/sw.js']) {
      const res = await request(path);
      common(res.headers);
    }
    const signIn = await request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    common(signIn.headers);
  });

  it('HSTS is not sent because a client claims https (only a trusted proxy can say so)', async () => {
    const res = await request('/login', { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });
});
