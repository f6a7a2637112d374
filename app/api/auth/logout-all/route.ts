// POST /api/auth/logout-all — 退出所有设备: every session of the signed-in user ends (each phone
// is signed out at its next request; its refresh token rotates into nothing), this one included.
// A plain form post (the Me tab) → 303 to /login; JSON → { ok, ended }.
import { type NextRequest, NextResponse } from 'next/server';
import { cookies } from 'next/headers';
import { endAllSessionsLocal } from '@/lib/auth/local.ts';
import { ACCESS_COOKIE, authProvider, cookieOptions, getClaims, REFRESH_COOKIE } from '@/lib/auth/session.ts';
import { supabaseServerClient } from '@/lib/auth/supabase.ts';
import { isHttps, isSameOrigin, seeOther, wantsJson } from '@/lib/http/request.ts';

export async function POST(req: NextRequest) {
  if (!isSameOrigin(req.headers, req.url)) return NextResponse.json({ ok: false, error: 'forbidden_origin' }, { status: 403 });
  const claims = await getClaims();
  if (!claims) return wantsJson(req.headers) ? NextResponse.json({ ok: false, error: 'unauthenticated' }, { status: 401 }) : seeOther('/login');
  let ended = 0;
  if (authProvider() === 'supabase') {
    const jar = await cookies();
    const supabase = supabaseServerClient({ getAll: () => jar.getAll(), setAll: (list) => list.forEach((c) => jar.set(c.name, c.value, c.options)) });
    await supabase.auth.signOut({ scope: 'global' });
  } else {
    ended = await endAllSessionsLocal(claims.sub);
  }
  const res = wantsJson(req.headers) ? NextResponse.json({ ok: true, ended }) : seeOther('/login');
  const secure = isHttps(req.headers, req.url);
  res.cookies.set(ACCESS_COOKIE, '', cookieOptions(secure, 0));
  res.cookies.set(REFRESH_COOKIE, '', cookieOptions(secure, 0));
  res.headers.set('cache-control', 'no-store');
  return res;
}
