// getClaims() — the one way server code learns who is calling, on either provider.
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import type { Claims } from './claims.ts';
import { verifyAccessToken } from './local.ts';
import { authProvider } from './provider.ts';
import { getSupabaseClaims } from './supabase.ts';

export const ACCESS_COOKIE = 'crm_at';
export const REFRESH_COOKIE = 'crm_rt';

export { authProvider };

export async function getClaims(): Promise<Claims | null> {
  const jar = await cookies();
  if (authProvider() === 'supabase') return getSupabaseClaims({ getAll: () => jar.getAll(), setAll: (c) => c.forEach((x) => jar.set(x.name, x.value, x.options)) });
  return verifyAccessToken(jar.get(ACCESS_COOKIE)?.value);
}

/** For pages and actions that need a signed-in user: no claims → the login page. */
export async function requireClaims(): Promise<Claims> {
  const claims = await getClaims();
  if (!claims) redirect('/login');
  return claims;
}

export function cookieOptions(secure: boolean, maxAge: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', maxAge };
}
