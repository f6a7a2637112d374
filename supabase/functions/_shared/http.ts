// What every Crystal CRM edge function needs: the service-key check, JSON replies with zh/en
// messages, and one pooled connection to the database per isolate.
import postgres from 'npm:postgres@^3.4.9';

export type Sql = ReturnType<typeof postgres>;
let pool: Sql | undefined;

/** The service connection (SUPABASE_DB_URL is set by Supabase and by the local launcher). */
export function db(): Sql {
  const url = Deno.env.get('SUPABASE_DB_URL');
  if (!url) throw new Error('SUPABASE_DB_URL is not set');
  pool ??= postgres(url, { max: 4, idle_timeout: 20, onnotice: () => {}, prepare: !/pooler\.supabase\.com/.test(url) });
  return pool;
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
}

export function problem(status: number, code: string, zh: string, en: string, detail?: unknown): Response {
  return json(status, { error: code, message: { zh, en }, ...(detail === undefined ? {} : { detail }) });
}

async function sha256(s: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));
}

/**
 * Every key that authorises a service call. Supabase gives a function the new secret keys as
 * SUPABASE_SECRET_KEYS — on the hosted platform a JSON object of name → `sb_secret_…` key; a plain
 * key is taken as one key too — and the legacy service-role JWT as SUPABASE_SERVICE_ROLE_KEY. The
 * app and the Vault-held key the cron jobs send (README "Deploy to Supabase") may be either.
 */
export function serviceKeys(env: (name: string) => string | undefined = (n) => Deno.env.get(n)): string[] {
  const keys: string[] = [];
  const raw = env('SUPABASE_SECRET_KEYS')?.trim();
  if (raw) {
    if (/^[[{]/.test(raw)) {
      try {
        for (const v of Object.values(JSON.parse(raw) as Record<string, unknown>)) if (typeof v === 'string' && v.trim()) keys.push(v.trim());
      } catch {
        // Malformed JSON authorises nothing (and is not mistaken for a key).
      }
    } else keys.push(raw);
  }
  const legacy = env('SUPABASE_SERVICE_ROLE_KEY')?.trim();
  if (legacy) keys.push(legacy);
  return keys;
}

/** True when the request carries a service key (Authorization: Bearer … or apikey header). Constant-time per key. */
export async function isServiceCall(req: Request): Promise<boolean> {
  const keys = serviceKeys();
  const given = req.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? req.headers.get('apikey') ?? '';
  if (!keys.length || !given) return false;
  const a = await sha256(given);
  let ok = false;
  for (const key of keys) {
    const b = await sha256(key);
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
    ok = ok || diff === 0;
  }
  return ok;
}

/**
 * The front door of a service-only POST function: POST, a service key, a JSON body. Answers the
 * parsed body, or the 405 / 401 / 400 to send back (each with its zh/en message).
 */
export async function serviceJson(req: Request): Promise<{ raw: unknown } | Response> {
  if (req.method !== 'POST') return problem(405, 'method_not_allowed', '只支持 POST', 'POST only');
  if (!(await isServiceCall(req))) return problem(401, 'unauthorized', '需要服务密钥', 'service key required');
  try {
    return { raw: await req.json() };
  } catch {
    return problem(400, 'invalid_json', '请求体不是有效的 JSON', 'body is not valid JSON');
  }
}
