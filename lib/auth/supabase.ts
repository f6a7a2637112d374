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
          jar.setAll?.(cookies);
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
