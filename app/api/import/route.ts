// POST /api/import — preview (dry: true) or import CSV files into the caller's org; managers and admins only.
// Body: { dry, files: [{ file: 'customers.csv', text }] } — the files the CLI imports, same schemas.
// Answer: 200 with newline-delimited JSON events (lib/import/request.ts): 'parsed', 'progress' per
// chunk of rows loaded, then 'done' with every bad row (line + reason in zh/en), the rows loaded and
// duplicate candidates among the imported customers — or 'failed'. Everything runs in one withRls
// transaction as the caller (lib/import/run.ts); a preview, or an import with any bad row, is rolled
// back, so nothing is written unless every row of every file is good. Before streaming:
// 400 bad body (zh/en), 401 signed out, 403 a rep or no membership, 413 over 32 MB.
// The client going away (or the server stopping) mid-import aborts it: rolled back at the next
// chunk, its import_runs record marked interrupted, and the data screen says so on the next visit.
// Events are never written to a stream that is gone (that threw "Controller is already closed").
import { after } from 'next/server';
import { invokeRecompute } from '@/lib/functions/invoke.ts';
import { memberRoute, pgErrorCode } from '@/lib/http/route.ts';
import { dataMessage, dataProblem } from '@/lib/import/problems.ts';
import { type ImportEvent, IMPORT_MAX_BYTES, ImportRequest } from '@/lib/import/request.ts';
import { ImportInterrupted, runImport } from '@/lib/import/run.ts';

// A 50,000-row file takes a while; the import must not be cut off.
export const maxDuration = 300;

export const POST = memberRoute(
  { body: ImportRequest, maxBytes: IMPORT_MAX_BYTES, name: 'POST /api/import' },
  async ({ req, claims, member, body }) => {
    if (member.role !== 'manager' && member.role !== 'admin') return dataProblem(403, 'forbidden');
    const encoder = new TextEncoder();
    // Registered now (after() belongs to the request), run once the streamed import has committed:
    // imported history changes existing customers' tags too, so the whole org is recomputed.
    let settle: (committed: boolean) => void = () => {};
    const outcome = new Promise<boolean>((resolve) => (settle = resolve));
    after(async () => {
      if (!(await outcome)) return;
      await invokeRecompute({ org_id: member.org_id }).catch((err: unknown) =>
        console.error('[recompute] after import; the nightly run will catch up:', err));
    });

    const gone = new AbortController();
    const abort = () => gone.abort();
    req.signal.addEventListener('abort', abort, { once: true });
    // A server stopping (SIGTERM from the launcher or a process manager) ends the import cleanly.
    process.once('SIGTERM', abort);
    let open = true;
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (e: ImportEvent) => {
          if (!open) return;
          try {
            controller.enqueue(encoder.encode(JSON.stringify(e) + '\n'));
          } catch {
            open = false; // the reader is gone
            gone.abort();
          }
        };
        try {
          const { committed } = await runImport({ claims, orgId: member.org_id, request: body, send, signal: gone.signal });
          settle(committed);
        } catch (err) {
          if (err instanceof ImportInterrupted) {
            send({ type: 'failed', error: 'import_interrupted', message: dataMessage('import_interrupted') });
          } else {
            // An RLS refusal the checks did not foresee (e.g. a deal id another team owns).
            const refused = pgErrorCode(err) === '42501';
            if (!refused) console.error('[api] POST /api/import failed', err);
            const key = refused ? 'import_rejected_row' : 'server_error';
            send({ type: 'failed', error: key, message: dataMessage(key) });
          }
        } finally {
          settle(false); // no-op once settled
          process.off('SIGTERM', abort);
          req.signal.removeEventListener('abort', abort);
          if (open) {
            open = false;
            try {
              controller.close();
            } catch {
              /* cancelled meanwhile */
            }
          }
        }
      },
      cancel() {
        open = false;
        gone.abort();
      },
    });
    return new Response(stream, {
      status: 200,
      headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
    });
  },
);
