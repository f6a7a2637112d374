// GET /api/health — is each part of the stack answering: the web server (this answer), the
// database (a `select 1` through the app's pool) and the edge functions (the local host's
// /_health). For the launcher's log readers, uptime checks and the fault tests
// (tests/faults/): 200 when every part is up, 503 when one is down. Public, like any health
// check, so it says up/down and a time only — never an error text, a host or a version.
import { appDb } from '@/lib/db/client.ts';

export const dynamic = 'force-dynamic';

type Part = { status: 'up' | 'down' | 'not_checked'; ms?: number };

const TIMEOUT_MS = 2000;

async function probe(check: (signal: AbortSignal) => Promise<unknown>): Promise<Part> {
  const started = performance.now();
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), TIMEOUT_MS);
  try {
    await Promise.race([
      check(ac.signal),
      new Promise((_, reject) => ac.signal.addEventListener('abort', () => reject(new Error('timeout')))),
    ]);
    return { status: 'up', ms: Math.round(performance.now() - started) };
  } catch {
    return { status: 'down', ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

async function functionsPart(): Promise<Part> {
  // Locally FUNCTIONS_URL is the Deno host's; on Supabase the gateway has no health path.
  const base = process.env.FUNCTIONS_URL?.replace(/\/functions\/v1\/?$/, '');
  if (!base || !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(base)) return { status: 'not_checked' };
  return probe(async (signal) => {
    const res = await fetch(`${base}/_health`, { signal, cache: 'no-store' });
    if (!res.ok) throw new Error(String(res.status));
  });
}

export async function GET() {
  const [db, functions] = await Promise.all([probe(() => appDb()`select 1`), functionsPart()]);
  const parts = { web: { status: 'up' } as Part, db, functions };
  const ok = Object.values(parts).every((p) => p.status !== 'down');
  return Response.json(
    { status: ok ? 'up' : 'down', parts },
    { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
