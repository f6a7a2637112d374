// The web server the launcher runs: Next.js behind a plain node:http server (Next's documented
// custom-server API), for one reason — the app needs the TCP peer address to key sign-in
// throttling, and Next's request API no longer exposes it (NextRequest.ip is gone since Next 15;
// Next fills x-forwarded-for from the socket only when the client did not send one, so a client
// can choose its own). Here every request gets `x-crystal-peer` = the socket's address,
// overwriting whatever the client sent; lib/http/request.ts clientIp() trusts forwarded headers
// only when that peer is a proxy named in TRUST_PROXY.
//
//   node scripts/web-server.mjs start|dev <port>
import http from 'node:http';

const [mode = 'start', portArg = '3000'] = process.argv.slice(2);
const port = Number(portArg);
const dev = mode === 'dev';
// As `next start` / `next dev` do, before Next (and React) load.
process.env.NODE_ENV = dev ? 'development' : 'production';
const { default: next } = await import('next');
const app = next({ dev, webpack: dev, port, hostname: 'localhost', dir: process.cwd() });
await app.prepare();
const handle = app.getRequestHandler();
const upgrade = app.getUpgradeHandler();

const PEER_HEADER = 'x-crystal-peer'; // lib/http/request.ts reads it
const server = http.createServer((req, res) => {
  req.headers[PEER_HEADER] = req.socket.remoteAddress ?? 'unknown';
  void handle(req, res);
});
server.on('upgrade', (req, socket, head) => void upgrade(req, socket, head));
server.listen(port, () => console.log(`✓ Ready on http://localhost:${port}`));

const stop = () => {
  server.close();
  void app.close().finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
