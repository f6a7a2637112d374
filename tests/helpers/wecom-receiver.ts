// A stand-in for WeCom's server (qyapi.weixin.qq.com) for tests: a real https server with a
// throw-away CA (openssl; Deno trusts it through DENO_CERT) that answers gettoken and
// message/send as WeCom documents them and checks each request exactly:
//   GET  /cgi-bin/gettoken?corpid=…&corpsecret=…   → {errcode:0, errmsg:'ok', access_token, expires_in:7200}
//                                                     wrong pair → {errcode:40001, errmsg:'invalid credential'}
//   POST /cgi-bin/message/send?access_token=…       JSON {touser, msgtype:'textcard', agentid (number),
//        textcard:{title ≤128 bytes, description ≤512 bytes, url http(s), btntxt ≤4 chars}}
//        an unknown token → 40014, an expired one → 42001; a malformed body → 40xxx and the test fails
// Tests can expire tokens and script the next errcodes; every request is recorded with what was wrong.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import os from 'node:os';
import path from 'node:path';

export type WecomRequest = { method: string; path: string; query: Record<string, string>; body: unknown; problems: string[] };

export async function startWecomReceiver(corp: { corpid: string; secret: string; agentid: number }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crystal-wecom-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore', cwd: dir });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ecKey, '-days', '1', '-subj', '/CN=crystal wecom test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
  openssl('req', '-new', ...ecKey, '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(path.join(dir, 'server.ext'), 'basicConstraints=critical,CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', 'server.ext', '-out', 'server.pem');

  const requests: WecomRequest[] = [];
  const live = new Map<string, 'ok' | 'expired'>();
  const nextErrcodes: number[] = [];
  let issued = 0;
  const bytes = (s: unknown) => (typeof s === 'string' ? Buffer.byteLength(s) : Infinity);

  const server = createServer({ cert: readFileSync(path.join(dir, 'server.pem')), key: readFileSync(path.join(dir, 'server.key')) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://x');
      const query = Object.fromEntries(url.searchParams);
      const problems: string[] = [];
      let body: unknown = null;
      const reply = (json: object) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
        res.end(JSON.stringify(json));
      };
      if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          problems.push('body is not JSON');
        }
      }
      const record = () => requests.push({ method: req.method ?? '', path: url.pathname, query, body, problems });
      if (url.pathname === '/cgi-bin/gettoken') {
        if (req.method !== 'GET') problems.push('gettoken must be GET');
        if (Object.keys(query).sort().join(',') !== 'corpid,corpsecret') problems.push(`gettoken query: ${Object.keys(query).join(',')}`);
        record();
        if (query.corpid !== corp.corpid || query.corpsecret !== corp.secret) return reply({ errcode: 40001, errmsg: 'invalid credential' });
        const token = `tok-${++issued}-${Math.random().toString(36).slice(2)}`;
        live.set(token, 'ok');
        return reply({ errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
      }
      if (url.pathname === '/cgi-bin/message/send') {
        if (req.method !== 'POST') problems.push('message/send must be POST');
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) problems.push('content-type is not JSON');
        const b = body as { touser?: unknown; msgtype?: unknown; agentid?: unknown; textcard?: Record<string, unknown> } | null;
        if (!b || typeof b.touser !== 'string' || !b.touser) problems.push('touser missing');
        if (b?.msgtype !== 'textcard') problems.push('msgtype is not textcard');
        if (b?.agentid !== corp.agentid) problems.push(`agentid ${String(b?.agentid)} is not the number ${corp.agentid}`);
        const card = b?.textcard;
        if (!card) problems.push('textcard missing');
        else {
          if (bytes(card.title) > 128) problems.push('title longer than 128 bytes');
          if (bytes(card.description) > 512) problems.push('description longer than 512 bytes');
          if (typeof card.url !== 'string' || !/^https?:\/\//.test(card.url)) problems.push('url is not http(s)');
          if (card.btntxt !== undefined && (typeof card.btntxt !== 'string' || [...card.btntxt].length > 4)) problems.push('btntxt longer than 4 characters');
        }
        record();
        const state = live.get(query.access_token ?? '');
        if (!state) return reply({ errcode: 40014, errmsg: 'invalid access_token' });
        if (state === 'expired') return reply({ errcode: 42001, errmsg: 'access_token expired' });
        if (problems.length) return reply({ errcode: 40058, errmsg: problems.join('; ') });
        const forced = nextErrcodes.shift();
        if (forced !== undefined) return reply({ errcode: forced, errmsg: 'scripted' });
        return reply({ errcode: 0, errmsg: 'ok', invaliduser: '', msgid: `m${requests.length}` });
      }
      record();
      res.writeHead(404);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `https://127.0.0.1:${port}`,
    certPath: path.join(dir, 'ca.pem'),
    requests,
    /** WeCom expiring every token issued so far (the next send sees 42001). */
    expireTokens: () => {
      for (const k of live.keys()) live.set(k, 'expired');
    },
    /** The next message/send answers with these errcodes, in order. */
    scriptErrcodes: (...codes: number[]) => nextErrcodes.push(...codes),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
