// Issue 13 findings 2, 4 and 11 against the running app: the open redirect, request bodies that
// never end, and NUL / lone-surrogate text. Each test says what was tried and what main answered.
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyResult } from '../../lib/offline/entry.ts';
import { base, login, postJson, request, session } from './helpers.ts';

const sql = postgres(inject('adminUrl'), { max: 2, onnotice: () => {} });
let rep: string; // cookies of rep1
let customerId: string;

beforeAll(async () => {
  rep = await session('rep1@demo.crystal', '127.0.0.30');
  const [c] = await sql<{ id: string }[]>`
    select c.id from customers c join members m on m.user_id = c.owner_id where m.email = 'rep1@demo.crystal' limit 1`;
  customerId = c!.id;
});
afterAll(() => sql.end());

describe('redirect after sign-in stays on this site', () => {
  // Tried: the attack run's /%09/evil.example (main: 307 location http://evil.example/) and friends.
  const attacks = ['/%09/evil.example', '/%0A/evil.example', '/.//evil.example', '//evil.example', '/%5Cevil.example', '/\\evil.example', 'https://evil.example'];

  it.each(attacks)('signed in, GET /login?next=%s → /customers on this origin', async (next) => {
    const res = await request(`/login?next=${encodeURIComponent(next).replace(/%25/g, '%')}`, { cookies: rep });
    expect(res.status).toBe(307);
    const location = new URL(res.headers.location!, base());
    expect(location.origin).toBe(base().origin);
    expect(location.pathname).toBe('/customers');
  });

  it.each(attacks)('the no-JS sign-in form with next=%s → 303 to /customers', async (next) => {
    const res = await request('/api/auth/login', {
      method: 'POST',
      from: '127.0.0.31',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: base().origin },
      body: new URLSearchParams({ identifier: 'rep2@demo.crystal', password: 'crystal123', next }).toString(),
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/customers');
  });
});

/** The Next server's resident memory (the process running scripts/web-server.mjs on our port). */
function webRssMb(): number {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('web-server.mjs') && cmd.includes(base().port)) {
        const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return Number(rss![1]) / 1024;
      }
    } catch {
      /* gone */
    }
  }
  throw new Error('web server process not found');
}

/** POSTs a chunked body of up to `totalMb` without Content-Length; resolves with the status as soon as the server answers. */
function chunkedFlood(path: string, totalMb: number, headers: Record<string, string>): Promise<{ status: number; ms: number; sentMb: number }> {
  const t0 = performance.now();
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request({ host: '127.0.0.1', port: Number(base().port), path, method: 'POST', localAddress: '127.0.0.32',
      headers: { host: base().host, origin: base().origin, 'transfer-encoding': 'chunked', ...headers } }, (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, sentMb: sent / 1024 / 1024 });
      req.destroy();
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const pump = () => {
      while (!answered && sent < totalMb * 1024 * 1024) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('request bodies are read as they stream, under a limit', () => {
  // Tried: the attack run's chunked 300 MB sign-in POST (main trusted the absent Content-Length,
  // read it all: next-server 209 MB → 1.44 GB, never released). Three at once here.
  it('chunked oversized sign-in bodies → 413 long before the end, and the server does not grow', async () => {
    const before = webRssMb();
    const floods = await Promise.all([1, 2, 3].map(() => chunkedFlood('/api/auth/login', 300, { 'content-type': 'application/json', accept: 'application/json' })));
    for (const f of floods) {
      expect(f.status).toBe(413);
      expect(f.sentMb).toBeLessThan(300); // answered while we were still sending
    }
    const after = webRssMb();
    console.log(`sign-in flood: 3 × chunked POST, answered after ${floods.map((f) => f.sentMb.toFixed(1) + ' MB').join(', ')}; RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB`);
    expect(after - before).toBeLessThan(150);
  });

  it('the same against a signed-in API route (/api/interactions) → 413 with a zh/en message', async () => {
    const f = await chunkedFlood('/api/interactions', 100, { 'content-type': 'application/json', accept: 'application/json', cookie: rep });
    expect(f.status).toBe(413);
  });

  it('a small-looking body over the limit, sent chunked (no Content-Length to refuse it by) → 413 in the form\'s words', async () => {
    const res = await request('/api/auth/login', {
      method: 'POST', from: '127.0.0.33',
      headers: { 'content-type': 'application/json', accept: 'application/json', origin: base().origin, 'transfer-encoding': 'chunked' },
      body: JSON.stringify({ identifier: 'rep1@demo.crystal', password: 'x'.repeat(20_000) }),
    });
    expect(res.status).toBe(413);
    expect(res.json()).toMatchObject({ ok: false, error: 'payload_too_large' });
  });
});

describe('NUL and lone surrogates get a 400 with a clear message, never a 5xx', () => {
  const interaction = (note: string) => ({ id: randomUUID(), customer_id: customerId, kind: 'call', occurred_at: new Date().toISOString(), note });

  // Tried: a note with a NUL (main: 500, and the offline outbox retried it for ever).
  it('a NUL in a logged note → 400 invalid_text in zh/en; nothing stored; the outbox shows it and stops', async () => {
    const body = interaction('客户说\u0000明天再谈');
    const res = await postJson('/api/interactions', body, rep);
    expect(res.status).toBe(400);
    const problem = res.json() as { error: string; message: { zh: string; en: string }; fields: Record<string, unknown> };
    expect(problem.error).toBe('invalid_text');
    expect(problem.message.zh).toContain('无法保存的字符');
    expect(problem.message.en).toContain('cannot be saved');
    expect(Object.keys(problem.fields)).toEqual(['note']);
    expect(await sql`select 1 from interactions where id = ${body.id}`).toHaveLength(0);
    // What the outbox does with exactly this answer: refused, kept with the reason, not retried.
    const entry = { id: body.id, userId: 'u', body, status: 'pending', attempts: 0, createdAt: 0, sentAt: null, problem: null, lastError: null };
    const after = applyResult(entry as never, { kind: 'response', status: res.status, body: problem }, Date.now());
    expect(after).toMatchObject({ status: 'rejected', problem: { status: 400, error: 'invalid_text' } });
  });

  it('a lone surrogate spelled as a JSON escape ("\\ud800") → 400 invalid_text', async () => {
    const raw = JSON.stringify(interaction('x')).replace('"note":"x"', '"note":"half an emoji \\ud83d"');
    const res = await postJson('/api/interactions', raw, rep);
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: 'invalid_text' });
  });

  it('bytes that are not UTF-8 → 400 invalid_json', async () => {
    const res = await request('/api/interactions', {
      method: 'POST', cookies: rep,
      headers: { 'content-type': 'application/json', origin: base().origin },
      body: Buffer.concat([Buffer.from('{"note":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]),
    });
    expect(res.status).toBe(400);
  });

  // Tried: a NUL in the sign-in name (main: 503 — Postgres refused the lookup).
  it('a NUL in the sign-in name → 400 with the form\'s message', async () => {
    const res = await login('rep1@demo.crystal\u0000', 'crystal123', '127.0.0.34');
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, error: 'invalid_input', fields: { identifier: 'invalid_characters' } });
  });

  // Tried: q=a%00b on the customer list (main: the error boundary).
  it('a NUL in a query string → 400 page in zh and en; in an API query → 400 JSON', async () => {
    const page = await request('/customers?q=a%00b', { cookies: rep });
    expect(page.status).toBe(400);
    expect(page.body).toContain('无法保存的字符');
    expect(page.body).toContain('cannot be saved');
    const ok = await request('/customers?q=%E5%BC%A0', { cookies: rep });
    expect(ok.status).toBe(200);
    const api = await request('/api/customers/export?q=a%00b', { cookies: rep });
    expect(api.status).toBe(400);
    expect(JSON.parse(api.body)).toMatchObject({ error: 'invalid_text' });
  });
});
