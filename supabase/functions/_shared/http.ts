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

/** True when the request carries the service key (Authorization: Bearer … or apikey header). Constant-time. */
export async function isServiceCall(req: Request): Promise<boolean> {
  const expected = Deno.env.get('SUPABASE_SERVICE_ROLE_KEY');
  if (!expected) return false;
  const given = req.headers.get('authorization')?.replace(/^Bearer\s+/i, '') ?? req.headers.get('apikey') ?? '';
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0 && given.length > 0;
}
