// Edge input checks of issue 13, pure parts: where a sign-in sends you next (open redirect), whose
// address a request comes from (spoofed X-Forwarded-For), the account key every spelling of a
// phone shares, and NUL / lone-surrogate text. The same findings are attacked end to end against
// a real launcher in tests/security/.
import { describe, expect, it } from 'vitest';
import { accountKey } from '../../../lib/auth/local.ts';
import { clientIp, trustedProxies } from '../../../lib/http/request.ts';
import { LoginSchema, safeNextPath } from '../../../lib/validation/auth.ts';
import { findUncleanText, isCleanText } from '../../../lib/validation/text.ts';

const headers = (h: Record<string, string>) => new Headers(h);

describe('safeNextPath: a next= that a browser would resolve off-site goes to the fallback', () => {
  // Tried: each of these was a way off the site with main's prefix check, or is a classic one.
  it.each([
    ['/%09/evil.example', 'the attack run: a browser drops the decoded tab → //evil.example'],
    ['/\t/evil.example', 'a raw tab'],
    ['/\n/evil.example', 'a raw newline'],
    ['/.//evil.example', 'dot segment collapsing to //evil.example'],
    ['//evil.example', 'protocol-relative'],
    ['/\\evil.example', 'backslash, which browsers read as a slash'],
    ['/%5Cevil.example', 'an encoded backslash in the path'],
    ['https://evil.example/', 'absolute URL'],
    ['javascript:alert(1)', 'script URL'],
    ['/./\\/evil.example', 'dot then backslash'],
    ['', 'empty'],
    ['/login?next=/x', 'back to the login page (loop)'],
    ['/api/auth/logout', 'an API route'],
  ])('%j (%s) → fallback', (next) => {
    expect(safeNextPath(next)).toBe('/customers');
  });

  it('keeps ordinary paths, with their query and hash', () => {
    expect(safeNextPath('/customers/1f0c?log=1#top')).toBe('/customers/1f0c?log=1#top');
    expect(safeNextPath('/reminders')).toBe('/reminders');
    // Resolved and re-serialised: what is returned is what a browser would request.
    expect(safeNextPath('/customers?q=水晶')).toBe('/customers?q=%E6%B0%B4%E6%99%B6');
    expect(safeNextPath('/a/../me')).toBe('/me');
  });

  it('whatever it returns is same-origin when used as a Location (property over many inputs)', () => {
    const pieces = ['/', '//', '\\', '.', '%09', '%2F', '%5C', '\t', 'evil.example', '@', ':', '?', '#', 'a'];
    for (let i = 0; i < 1500; i++) {
      let s = '';
      for (let j = 0; j < 1 + (i % 6); j++) s += pieces[(i * 7 + j * 13 + (i >> j)) % pieces.length];
      const out = safeNextPath(s);
      expect(new URL(out, 'https://app.example').origin, s).toBe('https://app.example');
      expect(out.startsWith('//'), s).toBe(false);
    }
  }, 60_000);
});

describe('clientIp: forwarded headers count only from a proxy named in TRUST_PROXY', () => {
  it('no TRUST_PROXY: a client-written X-Forwarded-For is ignored, the TCP peer counts', () => {
    const none = trustedProxies('');
    expect(clientIp(headers({ 'x-crystal-peer': '203.0.113.9', 'x-forwarded-for': '198.51.100.1' }), none)).toBe('203.0.113.9');
    // Tried: a new spoofed address per request to get a fresh allowance each time.
    for (let i = 0; i < 5; i++) {
      expect(clientIp(headers({ 'x-crystal-peer': '::ffff:203.0.113.9', 'x-forwarded-for': `10.9.9.${i}` }), none)).toBe('203.0.113.9');
    }
  });

  it('a trusted proxy: the right-most address it did not add itself', () => {
    const lb = trustedProxies('10.0.0.0/8, loopback');
    // The client wrote "1.1.1.1" first; the proxy appended the real client 198.51.100.7.
    expect(clientIp(headers({ 'x-crystal-peer': '10.0.0.5', 'x-forwarded-for': '1.1.1.1, 198.51.100.7' }), lb)).toBe('198.51.100.7');
    expect(clientIp(headers({ 'x-crystal-peer': '127.0.0.1', 'x-forwarded-for': '198.51.100.7, 10.0.0.5' }), lb)).toBe('198.51.100.7');
    // A peer outside the list is the client, whatever it forwards.
    expect(clientIp(headers({ 'x-crystal-peer': '192.0.2.1', 'x-forwarded-for': '198.51.100.7' }), lb)).toBe('192.0.2.1');
  });

  it('no peer header (the app run without scripts/web-server.mjs): one shared "unknown", never the client\'s word', () => {
    expect(clientIp(headers({ 'x-forwarded-for': '198.51.100.1' }), trustedProxies('loopback'))).toBe('unknown');
  });
});

describe('accountKey: every spelling of one account is one throttling key', () => {
  it('phones in any spelling → the stored 11 digits', () => {
    const spellings = ['13900000016', '139 0000 0016', '139-00000016', '+86 139 0000 0016', '+8613900000016', '008613900000016', '１３９００００００１６', '(139) 0000-0016'];
    expect(new Set(spellings.map(accountKey))).toEqual(new Set(['13900000016']));
  });
  it('e-mails: case, spaces and full-width forms', () => {
    expect(new Set(['Rep1@Demo.Crystal', ' rep1@demo.crystal ', 'REP1＠demo.crystal'].map(accountKey))).toEqual(new Set(['rep1@demo.crystal']));
  });
});

describe('NUL and lone surrogates', () => {
  it('isCleanText refuses NUL and unpaired halves, keeps real text and emoji', () => {
    expect(isCleanText('a\u0000b')).toBe(false);
    expect(isCleanText('a\ud800')).toBe(false);
    expect(isCleanText('\udc00a')).toBe(false);
    expect(isCleanText('水晶球 😀 ok')).toBe(true);
  });
  it('findUncleanText names the field, nested and in keys', () => {
    expect(findUncleanText({ note: 'fine', kind: 'call' })).toBeNull();
    expect(findUncleanText({ note: 'a\u0000b' })).toBe('note');
    expect(findUncleanText({ files: [{ text: 'x' }, { text: '\ud83d' }] })).toBe('files.1.text');
    expect(findUncleanText({ ['k\u0000']: 1 })).toBe('body');
  });
  it('the sign-in form refuses a NUL in the name with its own message (main answered 503)', () => {
    const r = LoginSchema.safeParse({ identifier: 'rep1@demo.crystal\u0000', password: 'x' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('invalid_characters');
  });
});

describe('isHttps: X-Forwarded-Proto only from a trusted proxy', () => {
  it('a client claiming https directly gets no Secure cookies / HSTS; a trusted proxy does', async () => {
    const { isHttps } = await import('../../../lib/http/request.ts');
    const none = trustedProxies('');
    const lb = trustedProxies('10.0.0.0/8');
    expect(isHttps(headers({ 'x-crystal-peer': '198.51.100.4', 'x-forwarded-proto': 'https' }), 'http://app/', none)).toBe(false);
    expect(isHttps(headers({ 'x-crystal-peer': '10.0.0.2', 'x-forwarded-proto': 'https' }), 'http://app/', lb)).toBe(true);
    expect(isHttps(headers({ 'x-crystal-peer': '10.0.0.2', 'x-forwarded-proto': 'http' }), 'http://app/', lb)).toBe(false);
  });
});
