// POST /api/auth/password — Me → 修改密码: { current, next, confirm }. The current password is
// checked (throttled like a sign-in: it is a password guess too), then the new one is stored and
// every session of the user ends — other phones are signed out at their next request — and this
// device gets a fresh session. JSON in → JSON out; the page's plain form post → 303 back to it.
import { type NextRequest, NextResponse } from 'next/server';
import { ACCESS_TTL_SECONDS, changePasswordLocal, REFRESH_TTL_SECONDS } from '@/lib/auth/local.ts';
import { ACCESS_COOKIE, authProvider, cookieOptions, getClaims, REFRESH_COOKIE } from '@/lib/auth/session.ts';
import { clientIp, isHttps, isSameOrigin, seeOther, wantsJson } from '@/lib/http/request.ts';
import { readFormBody } from '@/lib/http/route.ts';
import { PasswordChangeInput, type PasswordChangeError } from '@/lib/validation/password.ts';

const STATUS: Record<PasswordChangeError, number> = {
  current_required: 400, wrong_password: 400, too_short: 400, too_long: 400, invalid_characters: 400, mismatch: 400,
  same_as_current: 400, rate_limited: 429, unauthenticated: 401, forbidden_origin: 403, payload_too_large: 413,
  unsupported: 501, server_error: 503,
};

export async function POST(req: NextRequest) {
  const json = wantsJson(req.headers);
  const fail = (error: PasswordChangeError, retryAfter?: number) => {
    if (!json) return seeOther(error === 'unauthenticated' ? '/login?next=/me/password' : `/me/password?error=${error}${retryAfter ? `&wait=${retryAfter}` : ''}`);
    const headers: Record<string, string> = { 'cache-control': 'no-store', ...(retryAfter ? { 'retry-after': String(retryAfter) } : {}) };
    return NextResponse.json({ ok: false, error, ...(retryAfter ? { retryAfter } : {}) }, { status: STATUS[error], headers });
  };

  if (!isSameOrigin(req.headers, req.url)) return fail('forbidden_origin');
  const claims = await getClaims();
  if (!claims) return fail('unauthenticated');
  const raw = await readFormBody(req, 4 * 1024);
  if (raw === 'too_large') return fail('payload_too_large');
  const parsed = PasswordChangeInput.safeParse(raw);
  if (!parsed.success) return fail((parsed.error.issues[0]?.message ?? 'wrong_password') as PasswordChangeError);
  // The Supabase profile changes passwords through Supabase Auth (reauthentication there).
  if (authProvider() !== 'local') return fail('unsupported');

  try {
    const result = await changePasswordLocal({ userId: claims.sub, current: parsed.data.current, next: parsed.data.next, ip: clientIp(req.headers) });
    if (!result.ok) return fail(result.code, result.retryAfterSeconds);
    const res = json ? NextResponse.json({ ok: true }, { headers: { 'cache-control': 'no-store' } }) : seeOther('/me/password?done=1');
    const secure = isHttps(req.headers, req.url);
    res.cookies.set(ACCESS_COOKIE, result.session.accessToken, cookieOptions(secure, ACCESS_TTL_SECONDS));
    res.cookies.set(REFRESH_COOKIE, result.session.refreshToken, cookieOptions(secure, REFRESH_TTL_SECONDS));
    return res;
  } catch (err) {
    console.error('[auth] password change failed', err);
    return fail('server_error');
  }
}
