// Request facts route handlers and the proxy need: client IP, https or not, same origin.
// The client IP keys sign-in throttling, so it comes from the TCP peer (stamped by
// scripts/web-server.mjs as x-crystal-peer); forwarded headers count only when that peer is a
// proxy this deployment names in TRUST_PROXY — otherwise any client could pick its own address.

import ipaddr from 'ipaddr.js';
import { NextResponse } from 'next/server';

type HeaderSource = { get(name: string): string | null };

export const PEER_HEADER = 'x-crystal-peer';

/** An address as one canonical string ('::ffff:10.0.0.1' → '10.0.0.1'), or null when it is not one. */
export function canonicalAddress(raw: string | null | undefined): string | null {
  const s = (raw ?? '').trim().replace(/^\[(.*)\]$/, '$1');
  if (!s || !ipaddr.isValid(s)) return null;
  const a = ipaddr.process(s); // unwraps IPv4-mapped IPv6
  return a.toString();
}

type Matcher = (addr: string) => boolean;

/**
 * TRUST_PROXY: the reverse proxies whose X-Forwarded-For we believe — a comma-separated list of
 * addresses and CIDR ranges, or `loopback` (127.0.0.0/8, ::1: a proxy on this machine).
 * Unset: nobody is trusted, the peer is the client.
 */
export function trustedProxies(spec = process.env.TRUST_PROXY): Matcher {
  const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
  for (const part of (spec ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    if (part === 'loopback') {
      ranges.push(ipaddr.parseCIDR('127.0.0.0/8'), ipaddr.parseCIDR('::1/128'));
    } else if (part.includes('/')) {
      ranges.push(ipaddr.parseCIDR(part));
    } else {
      const a = ipaddr.process(part);
      ranges.push([a, a.kind() === 'ipv4' ? 32 : 128]);
    }
  }
  return (addr) => {
    const canonical = canonicalAddress(addr);
    if (!canonical) return false;
    const a = ipaddr.parse(canonical);
    return ranges.some(([net, bits]) => net.kind() === a.kind() && a.match(net, bits));
  };
}

let cachedTrust: { spec: string | undefined; match: Matcher } | null = null;
const trust = (): Matcher => {
  if (!cachedTrust || cachedTrust.spec !== process.env.TRUST_PROXY) cachedTrust = { spec: process.env.TRUST_PROXY, match: trustedProxies() };
  return cachedTrust.match;
};

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy — then X-Forwarded-For
 * read from the right, skipping trusted proxies (the left end is whatever the client wrote).
 * 'unknown' when the app runs without scripts/web-server.mjs (no peer header).
 */
export function clientIp(headers: HeaderSource, isTrusted: Matcher = trust()): string {
  const peer = canonicalAddress(headers.get(PEER_HEADER));
  if (!peer) return 'unknown';
  if (!isTrusted(peer)) return peer;
  const hops = (headers.get('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = canonicalAddress(hops[i]);
    if (!hop) return peer; // garbage in the chain: stop at the last hop we can vouch for
    if (!isTrusted(hop)) return hop;
  }
  return peer;
}

/**
 * Secure cookies and HSTS only when the browser talks https to us. The app itself serves plain
 * http (scripts/web-server.mjs), so https means a TLS-terminating proxy — believed only when the
 * peer is one named in TRUST_PROXY (a client's own X-Forwarded-Proto counts for nothing).
 * Without the peer header (the app run without scripts/web-server.mjs) the forwarded proto is
 * all there is.
 */
export function isHttps(headers: HeaderSource, url: string | URL, isTrusted: Matcher = trust()): boolean {
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  const peer = canonicalAddress(headers.get(PEER_HEADER));
  if (peer) return isTrusted(peer) && proto === 'https';
  if (proto) return proto === 'https';
  return new URL(url).protocol === 'https:';
}

/**
 * A cross-site form or fetch must not sign someone in or out (login CSRF). Browsers send
 * Origin on POST; when it is there it must name this host. No Origin (curl, old clients) passes:
 * cookies are SameSite=Lax, so such a request carries no session anyway.
 */
export function isSameOrigin(headers: HeaderSource, url: string | URL): boolean {
  const origin = headers.get('origin');
  if (!origin || origin === 'null') return origin === null;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() || headers.get('host') || new URL(url).host;
  return originHost === host;
}

/** A plain HTML form post (no JS yet) gets redirects; fetch from the login form gets JSON. */
export function wantsJson(headers: HeaderSource): boolean {
  return (headers.get('accept') ?? '').includes('application/json') || (headers.get('content-type') ?? '').includes('application/json');
}

/**
 * 303 to a path on this site. The Location stays relative, so it is right behind any reverse
 * proxy whatever Host the app itself saw.
 */
export function seeOther(path: string): NextResponse {
  return new NextResponse(null, { status: 303, headers: { location: path, 'cache-control': 'no-store' } });
}
