// A stand-in push service for tests: a real https server (self-signed certificate made with
// openssl for this run; Deno trusts it through DENO_CERT) that records every push request and
// answers what the test scripted per endpoint. `openPush` then checks a request the way a push
// service and a browser would: the VAPID JWT's ES256 signature against the sender's public key
// (jose, RFC 8292) and the aes128gcm payload decrypted with the device's private key
// (http_ece — the RFC 8188/8291 reference implementation by the RFC's author).
import { execFileSync } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { importJWK, jwtVerify, type JWTPayload } from 'jose';

type Ece = { decrypt(buffer: Buffer, params: { version: 'aes128gcm'; privateKey: ReturnType<typeof createECDH>; authSecret: string }): Buffer };
const ece = createRequire(import.meta.url)('http_ece') as Ece;

export type PushRequest = { path: string; headers: Record<string, string | string[] | undefined>; body: Buffer; at: number };
export type Reply = { status: number; headers?: Record<string, string>; delayMs?: number };
export type Receiver = {
  origin: string;
  /** the CA certificate to trust (DENO_CERT) */
  certPath: string;
  requests: PushRequest[];
  /** Answers for the next requests to `path`, in order; afterwards (and by default) 201. */
  script(path: string, replies: Reply[]): void;
  close(): Promise<void>;
};

export async function startPushReceiver(): Promise<Receiver> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'crystal-push-'));
  // A throw-away CA and a server certificate it signs (rustls, Deno's TLS, refuses a CA
  // certificate used as the server's own); Deno trusts the CA for this run only.
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore', cwd: dir });
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ecKey, '-days', '1', '-subj', '/CN=crystal push test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
  openssl('req', '-new', ...ecKey, '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  writeFileSync(file('server.ext'), 'basicConstraints=critical,CA:FALSE\nsubjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '1', '-extfile', 'server.ext', '-out', 'server.pem');
  const certPath = file('ca.pem');
  const requests: PushRequest[] = [];
  const scripts = new Map<string, Reply[]>();
  const server: Server = createServer({ cert: readFileSync(file('server.pem')), key: readFileSync(file('server.key')) }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const p = req.url ?? '/';
      requests.push({ path: p, headers: req.headers, body: Buffer.concat(chunks), at: Date.now() });
      const reply = scripts.get(p)?.shift() ?? { status: 201 };
      setTimeout(() => {
        res.writeHead(reply.status, reply.headers);
        res.end();
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `https://127.0.0.1:${port}`,
    certPath,
    requests,
    script: (p, replies) => void scripts.set(p, [...replies]),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser's subscription: its P-256 key pair and auth secret, endpoint on the receiver. */
export function makeDevice(receiver: Receiver, name: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16).toString('base64url');
  const p = `/push/${name}`;
  return { path: p, endpoint: receiver.origin + p, p256dh: ecdh.getPublicKey().toString('base64url'), auth, ecdh };
}
export type Device = ReturnType<typeof makeDevice>;

/**
 * Verifies a push request as its push service and its browser would, and returns the JWT claims
 * and the decrypted JSON. Throws when the signature, the key or the encryption is wrong.
 */
export async function openPush(req: PushRequest, device: Device, vapidPublicKey: string): Promise<{ claims: JWTPayload; payload: unknown }> {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(String(req.headers.authorization ?? ''));
  if (!m) throw new Error(`no VAPID authorization header: ${String(req.headers.authorization)}`);
  if (m[2] !== vapidPublicKey) throw new Error('VAPID k= is not the sender key');
  const raw = Buffer.from(vapidPublicKey, 'base64url');
  const key = await importJWK({ kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33, 65).toString('base64url') }, 'ES256');
  const { payload: claims } = await jwtVerify(m[1]!, key, { algorithms: ['ES256'] });
  if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`content-encoding ${String(req.headers['content-encoding'])}`);
  const plain = ece.decrypt(req.body, { version: 'aes128gcm', privateKey: device.ecdh, authSecret: device.auth });
  return { claims, payload: JSON.parse(plain.toString('utf8')) as unknown };
}
