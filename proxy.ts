// Proxy (Next 16's middleware, Node runtime): keeps the session fresh and sends signed-out
// visitors to /login before any page renders.
//
// Local provider: the access JWT lives 1 h, the refresh token 30 d. When the access cookie is
// gone or invalid but a refresh cookie exists, rotate it here, set the new cookies on the
// response AND on the forwarded request, so the page rendering this very request already
// sees the new session (cookies() reads the request). Supabase provider: @supabase/ssr does
// the same through its cookie adapter.
//
// This is a convenience, not the security boundary: pages call requireClaims() and every
// query runs under RLS.
import { type NextRequest, NextResponse } from 'next/server';
import { ACCESS_TTL_SECONDS, refreshLocal, REFRESH_TTL_SECONDS, type Session, verifyAccessToken } from '@/lib/auth/local.ts';
import { ACCESS_COOKIE, authProvider, cookieOptions, REFRESH_COOKIE } from '@/lib/auth/session.ts';
import { supabaseServerClient } from '@/lib/auth/supabase.ts';
import { problems } from '@/lib/http/problem.ts';
import { isHttps } from '@/lib/http/request.ts';
import { contentSecurityPolicy, HSTS, newNonce } from '@/lib/http/security-headers.ts';
import { isCleanText } from '@/lib/validation/text.ts';
import { safeNextPath } from '@/lib/validation/auth.ts';

// /~offline: the service worker's offline fallback, precached at install whether signed in or not.
const PUBLIC_PAGES = ['/login', '/~offline'];

// API routes answer 401 themselves and are never redirected; the proxy only renews the session
// for them, so a long-open page (or the offline outbox syncing) keeps working past the 1 h
// access token. /api/auth/* manages the cookies itself.
const isApi = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/');

/** Where a request goes when it is (not) signed in; null = carry on. */
function route(request: NextRequest, signedIn: boolean): NextResponse | null {
  const { pathname } = request.nextUrl;
  if (isApi(pathname)) return null;
  if (!signedIn && !PUBLIC_PAGES.includes(pathname)) return loginRedirect(request);
  if (signedIn && pathname === '/login') return homeRedirect(request);
  return null;
}

// A page load fires several requests at once (document, RSC prefetches of the tab bar), all
// carrying the same refresh token. Refresh tokens rotate, so only the first would succeed and
// the others would sign the user out. Share one refresh per token for a short while instead.
// (Per process; across several servers the database's 10 s reuse interval — auth.local_rotate_refresh — covers it.)
// A shared answer is never trusted past a revocation: before it is handed out again its session
// is checked as alive (verifyAccessToken asks the database), so a refresh token replayed after
// sign-out, "sign out on all devices" or a password change gets nothing — at once, not in 10 s.
type Pending = { at: number; session: Promise<Session | null> };
const globalForRefresh = globalThis as unknown as { crystalRefreshes?: Map<string, Pending> };
const refreshes = (globalForRefresh.crystalRefreshes ??= new Map());
const SHARE_MS = 10_000;

async function refreshOnce(token: string): Promise<Session | null> {
  const now = Date.now();
  for (const [key, p] of refreshes) if (now - p.at > SHARE_MS) refreshes.delete(key);
  const hit = refreshes.get(token);
  if (hit) {
    const shared = await hit.session;
    if (shared && (await verifyAccessToken(shared.accessToken))) return shared;
    refreshes.delete(token);
    return null;
  }
  const session = refreshLocal(token).catch((err: unknown) => {
    console.error('[proxy] refresh failed', err);
    return null;
  });
  refreshes.set(token, { at: now, session });
  return session;
}

/** Already signed in but on /login (a bookmark, the back button): continue where they were going. */
const homeRedirect = (request: NextRequest) =>
  NextResponse.redirect(new URL(safeNextPath(request.nextUrl.searchParams.get('next')), request.url));

function loginRedirect(request: NextRequest): NextResponse {
  const url = new URL('/login', request.url);
  const { pathname, search } = request.nextUrl;
  if (pathname !== '/' && pathname !== '/login') url.searchParams.set('next', pathname + search);
  return NextResponse.redirect(url);
}

async function localProxy(request: NextRequest): Promise<NextResponse> {
  const secure = isHttps(request.headers, request.url);
  const refreshToken = request.cookies.get(REFRESH_COOKIE)?.value;
  let signedIn = Boolean(await verifyAccessToken(request.cookies.get(ACCESS_COOKIE)?.value));
  let session: Session | null = null;
  let clear = false;

  if (!signedIn && refreshToken) {
    session = await refreshOnce(refreshToken);
    if (session) {
      signedIn = true;
      request.cookies.set(ACCESS_COOKIE, session.accessToken);
      request.cookies.set(REFRESH_COOKIE, session.refreshToken);
    } else {
      clear = true;
      request.cookies.delete(ACCESS_COOKIE);
      request.cookies.delete(REFRESH_COOKIE);
    }
  }

  const response = route(request, signedIn) ?? NextResponse.next({ request: { headers: request.headers } });

  if (session) {
    response.cookies.set(ACCESS_COOKIE, session.accessToken, cookieOptions(secure, ACCESS_TTL_SECONDS));
    response.cookies.set(REFRESH_COOKIE, session.refreshToken, cookieOptions(secure, REFRESH_TTL_SECONDS));
  } else if (clear) {
    response.cookies.set(ACCESS_COOKIE, '', cookieOptions(secure, 0));
    response.cookies.set(REFRESH_COOKIE, '', cookieOptions(secure, 0));
  }
  return response;
}

// As @supabase/ssr documents for Next.js: let the client refresh through the cookie adapter,
// copying every cookie it sets onto the request (for this render) and the response (for the browser).
async function supabaseProxy(request: NextRequest): Promise<NextResponse> {
  let response = NextResponse.next({ request });
  const supabase = supabaseServerClient({
    getAll: () => request.cookies.getAll(),
    setAll: (list) => {
      list.forEach(({ name, value }) => request.cookies.set(name, value));
      response = NextResponse.next({ request });
      list.forEach(({ name, value, options }) => response.cookies.set(name, value, options));
    },
  });
  // getClaims() verifies the JWT (and refreshes an expired session through setAll above).
  const { data } = await supabase.auth.getClaims();
  const redirect = route(request, Boolean(data?.claims));
  if (!redirect) return response;
  response.cookies.getAll().forEach((c) => redirect.cookies.set(c));
  return redirect;
}

/**
 * A NUL or a lone surrogate in the path or the query (`?q=a%00b`) can't reach Postgres — it would
 * be a 500 from the first query that uses it (the attack run saw the error boundary). Refused here
 * once for every page and API route: 400, in both languages.
 */
function uncleanUrl(url: URL): boolean {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return true; // not UTF-8
  }
  if (!isCleanText(path)) return true;
  for (const [k, v] of url.searchParams) if (!isCleanText(k) || !isCleanText(v)) return true;
  return false;
}

function refuseUncleanUrl(request: NextRequest): NextResponse {
  if (isApi(request.nextUrl.pathname)) return problems.invalidText('query');
  const { zh, en } = problems.invalidTextMessage();
  const html = `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>400</title>` +
    `<main style="font:16px system-ui;padding:24px"><h1 style="font-size:18px">无法打开这个链接</h1><p>${zh}</p><p lang="en">${en}</p><p><a href="/customers">返回客户 · Back to customers</a></p></main>`;
  return new NextResponse(html, { status: 400, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

const isSurvey = (pathname: string) => pathname.startsWith('/s/');

// Supabase profile: the browser may talk to the project directly.
const connectExtra = process.env.SUPABASE_URL ? [new URL(process.env.SUPABASE_URL).origin] : [];

export async function proxy(request: NextRequest) {
  if (uncleanUrl(request.nextUrl)) return refuseUncleanUrl(request);
  const https = isHttps(request.headers, request.url);
  const csp = contentSecurityPolicy(newNonce(), { dev: process.env.NODE_ENV === 'development', https, connect: connectExtra });
  // On the request: Next takes the nonce for the scripts it renders from here.
  request.headers.set('content-security-policy', csp);
  const { pathname } = request.nextUrl;
  const response = isSurvey(pathname)
    ? NextResponse.next({ request: { headers: request.headers } }) // anonymous: no session to keep
    : authProvider() === 'supabase'
      ? await supabaseProxy(request)
      : await localProxy(request);
  response.headers.set('content-security-policy', csp);
  if (https) response.headers.set('strict-transport-security', HSTS);
  return response;
}

export const config = {
  matcher: [
    // Pages (survey links /s/* included: they get the CSP too) and API routes. Not: sign-in/out
    // (they set the cookies themselves and read their own bodies under a limit — a proxy would
    // buffer a copy of every request body), Next's assets, and public files — the PWA manifest,
    // service worker, icons, anything with an extension. Those get the static headers of
    // next.config.mjs only.
    '/((?!api/auth/|_next/static|_next/image|.*\\.[a-zA-Z0-9]+$).*)',
  ],
};
