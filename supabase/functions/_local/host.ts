// Local edge-functions host (local profile only; `_`-prefixed folders are never deployed),
// run under real Deno by the launcher. Serves every
// supabase/functions/<name>/index.ts at /functions/v1/<name>, as Supabase does, with the
// env a function gets there (SUPABASE_URL, SUPABASE_DB_URL, SUPABASE_SERVICE_ROLE_KEY, …).
// Functions are written for Supabase (`Deno.serve(handler)`); the host captures each handler
// at import instead of letting it bind a port, then routes by name.
type Handler = (req: Request, info?: unknown) => Response | Promise<Response>;

const dir = new URL('../', import.meta.url); // supabase/functions/
const port = Number(Deno.env.get('FUNCTIONS_PORT') ?? '54321');
const handlers = new Map<string, Handler>();
const failed = new Map<string, string>();

const realServe = Deno.serve;
let loading = '';
// Deno.serve(handler) | Deno.serve(options, handler) | Deno.serve({ handler, ...options })
const capture = (...args: unknown[]) => {
  const handler = args.find((a): a is Handler => typeof a === 'function') ?? (args[0] as { handler?: Handler } | undefined)?.handler;
  if (typeof handler !== 'function') throw new Error(`${loading}: Deno.serve called without a handler`);
  handlers.set(loading, handler);
  return { finished: new Promise(() => {}), shutdown: async () => {}, ref() {}, unref() {}, addr: { hostname: '127.0.0.1', port, transport: 'tcp' } };
};
const patchable = Deno as unknown as { serve: unknown };
patchable.serve = capture;
for (const entry of [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name))) {
  if (!entry.isDirectory || entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
  loading = entry.name;
  try {
    await import(new URL(`${entry.name}/index.ts`, dir).href);
    if (!handlers.has(entry.name)) failed.set(entry.name, 'index.ts did not call Deno.serve');
  } catch (err) {
    failed.set(entry.name, err instanceof Error ? err.message : String(err));
    console.error(`${entry.name} failed to load:`, err);
  }
}
patchable.serve = realServe;

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

realServe(
  {
    port,
    hostname: '127.0.0.1',
    onListen: () => console.log(`listening on http://127.0.0.1:${port} (${[...handlers.keys()].join(', ') || 'none'})`),
  },
  async (req) => {
    const url = new URL(req.url);
    if (url.pathname === '/_health') return json(200, { functions: [...handlers.keys()], failed: Object.fromEntries(failed) });
    const m = /^\/functions\/v1\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (!m) return json(404, { error: 'not_found' });
    const name = m[1]!;
    const handler = handlers.get(name);
    if (!handler) return json(failed.has(name) ? 503 : 404, { error: failed.get(name) ?? `no function ${name}` });
    // On Supabase the function sees /<name>/…, not the gateway prefix.
    const inner = new URL(`/${name}${m[2] ?? ''}${url.search}`, url);
    try {
      return await handler(new Request(inner, req));
    } catch (err) {
      console.error(`${name} threw:`, err);
      return json(500, { error: 'function_error' });
    }
  },
);
