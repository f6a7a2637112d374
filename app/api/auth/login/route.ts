// POST /api/auth/login — sign in with phone or e-mail + password; sets the session cookies.
// JSON in → JSON out (the login form); a plain form post (before JS loads) → 303 redirect.
import { type NextRequest, NextResponse } from 'next/server';
import { cookies } from 'next/headers';
import { ACCESS_TTL_SECONDS, REFRESH_TTL_SECONDS, signInLocal } from '@/lib/auth/local.ts';
import { ACCESS_COOKIE, authProvider, cookieOptions, REFRESH_COOKIE } from '@/lib/auth/session.ts';
import { signInRefusal, supabaseServerClient } from '@/lib/auth/supabase.ts';
import { LoginSchema, loginFieldErrors, type LoginResponse, safeNextPath } from '@/lib/validation/auth.ts';
import { clientIp, isHttps, isSameOrigin, seeOther, wantsJson } from '@/lib/http/request.ts';
import { readFormBody } from '@/lib/http/route.ts';

const STATUS: Record<Exclude<LoginResponse, { ok: true }>['error'], number> = {
  invalid_input: 400,
  invalid_credentials: 401,
  provider_disabled: 403,
  forbidden_origin: 403,
  payload_too_large: 413,
  rate_limited: 429,
  server_error: 503,
};

/** Supabase Auth wants phones in E.164; a bare 11-digit mainland mobile number gets +86. */
function e164(phone: string): string {
  const digits = phone.replace(/[^\d+]/g, '');
  return /^1\d{10}$/.test(digits) ? `+86${digits}` : digits;
}

// Two short fields: anything bigger is not a sign-in form. Read as it streams and cut off at the
// limit (a chunked upload has no Content-Length to refuse it by).
const MAX_BODY_BYTES = 8 * 1024;

export async function POST(req: NextRequest) {
  const json = wantsJson(req.headers);
  const answer = (body: LoginResponse, next?: string) => {
    const headers: Record<string, string> = { 'cache-control': 'no-store' };
    if (!body.ok && body.error === 'rate_limited') headers['retry-after'] = String(body.retryAfter);
    if (json) return NextResponse.json(body, { status: body.ok ? 200 : STATUS[body.error], headers });
    if (body.ok) return seeOther(body.redirectTo);
    const query = new URLSearchParams({ error: body.error === 'invalid_input' ? (Object.values(body.fields)[0] ?? 'invalid_input') : body.error });
    if (!body.ok && body.error === 'rate_limited') query.set('wait', String(body.retryAfter));
    if (next) query.set('next', next);
    return seeOther(`/login?${query}`);
  };

  if (!isSameOrigin(req.headers, req.url)) return answer({ ok: false, error: 'forbidden_origin' });

  const raw = await readFormBody(req, MAX_BODY_BYTES);
  if (raw === 'too_large') return answer({ ok: false, error: 'payload_too_large' });
  const parsed = LoginSchema.safeParse(raw);
  if (!parsed.success) return answer({ ok: false, error: 'invalid_input', fields: loginFieldErrors(parsed.error) });
  const { identifier, password } = parsed.data;
  const redirectTo = safeNextPath(parsed.data.next);

  try {
    if (authProvider() === 'supabase') {
      const jar = await cookies();
      const supabase = supabaseServerClient({
        getAll: () => jar.getAll(),
        setAll: (list) => list.forEach((c) => jar.set(c.name, c.value, c.options)),
      });
      const credentials = identifier.includes('@') ? { email: identifier, password } : { phone: e164(identifier), password };
      const { error } = await supabase.auth.signInWithPassword(credentials);
      if (error) {
        const refusal = signInRefusal(error);
        return answer(refusal === 'rate_limited' ? { ok: false, error: 'rate_limited', retryAfter: 60 } : { ok: false, error: refusal }, parsed.data.next);
      }
      return answer({ ok: true, redirectTo });
    }

    const result = await signInLocal({ identifier, password, ip: clientIp(req.headers) });
    if (!result.ok) {
      return answer(result.code === 'rate_limited' ? { ok: false, error: 'rate_limited', retryAfter: result.retryAfterSeconds } : { ok: false, error: result.code }, parsed.data.next);
    }
    const res = answer({ ok: true, redirectTo });
    const secure = isHttps(req.headers, req.url);
    res.cookies.set(ACCESS_COOKIE, result.session.accessToken, cookieOptions(secure, ACCESS_TTL_SECONDS));
    res.cookies.set(REFRESH_COOKIE, result.session.refreshToken, cookieOptions(secure, REFRESH_TTL_SECONDS));
    return res;
  } catch (err) {
    console.error('[auth] sign-in failed', err);
    return answer({ ok: false, error: 'server_error' });
  }
}
