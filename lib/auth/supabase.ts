// Supabase provider (AUTH_PROVIDER=supabase): Supabase Auth issues the session cookies;
// the server trusts only claims verified by auth.getClaims() (asymmetric keys checked against
// the project's JWKS; symmetric keys fall back to the Auth server).
import { createServerClient } from '@supabase/ssr';
import { serverRealtimeOptions } from '../supabase/no-realtime.ts';
import { type Claims, ClaimsSchema } from './claims.ts';

export type CookieJar = {
  getAll: () => { name: string; value: string }[];
  setAll?: (cookies: { name: string; value: string; options: Record<string, unknown> }[]) => void;
};

export function supabaseServerClient(jar: CookieJar) {
  const url = process.env.SUPABASE_URL;
  const key = process.env.SUPABASE_ANON_KEY ?? process.env.SUPABASE_PUBLISHABLE_KEY;
  if (!url || !key) throw new Error('AUTH_PROVIDER=supabase needs SUPABASE_URL and SUPABASE_ANON_KEY');
  return createServerClient(url, key, {
    realtime: serverRealtimeOptions,
    cookies: {
      getAll: jar.getAll,
      setAll: (cookies) => {
        try {
          // httpOnly like the local profile's session cookies: the browser never runs supabase-js
          // (sign-in, refresh and sign-out all happen on the server), so no script needs to read
          // the session, and an XSS could not take it.
          jar.setAll?.(cookies.map((c) => ({ ...c, options: { ...c.options, httpOnly: true } })));
        } catch {
          // Server Components cannot set cookies; the proxy refreshes them on the next request.
        }
      },
    },
  });
}

export async function getSupabaseClaims(jar: CookieJar): Promise<Claims | null> {
  const { data, error } = await supabaseServerClient(jar).auth.getClaims();
  if (error || !data?.claims) return null;
  const parsed = ClaimsSchema.safeParse(data.claims);
  return parsed.success ? parsed.data : null;
}

/**
 * What a Supabase Auth sign-in refusal means for the login form. A provider the project has not
 * enabled ("Phone logins are disabled", error_code phone_provider_disabled / email_provider_disabled
 * / provider_disabled) is a deployment setting, not a wrong password: saying "invalid credentials"
 * would send the user hunting for a password that is fine (README "Deploy to Supabase", step 3).
 */
export function signInRefusal(error: { status?: number; code?: string; message?: string }): 'rate_limited' | 'provider_disabled' | 'invalid_credentials' {
  if (error.status === 429) return 'rate_limited';
  if (/provider_disabled|signup_disabled/.test(error.code ?? '') || /(logins|signups) are disabled|provider (is )?(not enabled|disabled)/i.test(error.message ?? ''))
    return 'provider_disabled';
  return 'invalid_credentials';
}
