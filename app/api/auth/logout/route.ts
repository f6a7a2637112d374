// POST /api/auth/logout — sign out: revoke the refresh token and clear both session cookies.
import { type NextRequest, NextResponse } from 'next/server';
import { cookies } from 'next/headers';
import { signOutLocal } from '@/lib/auth/local.ts';
import { ACCESS_COOKIE, authProvider, cookieOptions, REFRESH_COOKIE } from '@/lib/auth/session.ts';
import { supabaseServerClient } from '@/lib/auth/supabase.ts';
import { isHttps, isSameOrigin, seeOther, wantsJson } from '@/lib/http/request.ts';

export async function POST(req: NextRequest) {
  if (!isSameOrigin(req.headers, req.url)) return NextResponse.json({ ok: false, error: 'forbidden_origin' }, { status: 403 });

  const jar = await cookies();
  try {
    if (authProvider() === 'supabase') {
      const supabase = supabaseServerClient({
        getAll: () => jar.getAll(),
        setAll: (list) => list.forEach((c) => jar.set(c.name, c.value, c.options)),
      });
      await supabase.auth.signOut();
    } else {
      await signOutLocal(req.cookies.get(REFRESH_COOKIE)?.value);
    }
  } catch (err) {
    // Still clear the cookies: the user asked to leave this device.
    console.error('[auth] sign-out failed', err);
  }

  const res = wantsJson(req.headers) ? NextResponse.json({ ok: true }) : seeOther('/login');
  const secure = isHttps(req.headers, req.url);
  res.cookies.set(ACCESS_COOKIE, '', cookieOptions(secure, 0));
  res.cookies.set(REFRESH_COOKIE, '', cookieOptions(secure, 0));
  res.headers.set('cache-control', 'no-store');
  return res;
}
