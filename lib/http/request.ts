// Request facts route handlers and the proxy need: client IP, https or not, same origin.
// The app runs behind a reverse proxy in production, so forwarded headers come first.

import { NextResponse } from 'next/server';

type HeaderSource = { get(name: string): string | null };

/** x-forwarded-for first hop, else x-real-ip, else 'unknown' (the rate limiter's key). */
export function clientIp(headers: HeaderSource): string {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded) return forwarded.slice(0, 100);
  const real = headers.get('x-real-ip')?.trim();
  if (real) return real.slice(0, 100);
  return 'unknown';
}

/** Secure cookies only when the browser talks https to us (directly or through a proxy). */
export function isHttps(headers: HeaderSource, url: string | URL): boolean {
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
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
