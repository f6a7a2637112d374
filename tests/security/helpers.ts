// A small HTTP client for the attacks: node:http, so a test can pick its source address on the
// loopback (127.0.0.N — each is a different client to the server's TCP-peer keyed throttle),
// write a chunked body piece by piece, and read raw status/headers without redirects followed.
import http from 'node:http';
import { inject } from 'vitest';

export const DEMO_PASSWORD = 'crystal123';

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string; json: () => unknown; ms: number };

export type Req = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** source address, e.g. '127.0.0.7' (default 127.0.0.1) */
  from?: string;
  cookies?: string;
};

export function base(): URL {
  return new URL(inject('baseUrl'));
}

export function request(pathAndQuery: string, opts: Req = {}): Promise<Answer> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: Number(base().port),
        path: pathAndQuery,
        method: opts.method ?? 'GET',
        localAddress: opts.from ?? '127.0.0.1',
        headers: { ...(opts.cookies ? { cookie: opts.cookies } : {}), host: base().host, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) as unknown, ms: performance.now() - t0 });
        });
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const ORIGIN = () => base().origin;

/** POST /api/auth/login as the JSON form does. */
export function login(identifier: string, password: string, from?: string, extra: Record<string, string> = {}) {
  return request('/api/auth/login', {
    method: 'POST',
    from,
    headers: { 'content-type': 'application/json', accept: 'application/json', origin: ORIGIN(), ...extra },
    body: JSON.stringify({ identifier, password }),
  });
}

/** Signs in and returns the cookie header for the session. */
export async function session(identifier: string, from = '127.0.0.1'): Promise<string> {
  const res = await login(identifier, DEMO_PASSWORD, from);
  if (res.status !== 200) throw new Error(`sign-in as ${identifier} failed: ${res.status} ${res.body}`);
  return cookieHeader(res.headers);
}

export function cookieHeader(headers: http.IncomingHttpHeaders): string {
  return (headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
}

/** JSON POST as a signed-in member (same origin). */
export function postJson(path: string, body: unknown, cookies: string, from?: string) {
  return request(path, {
    method: 'POST',
    from,
    cookies,
    headers: { 'content-type': 'application/json', accept: 'application/json', origin: ORIGIN() },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
