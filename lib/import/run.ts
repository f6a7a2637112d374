// The in-app import as one function (POST /api/import streams its events; the DB tests call it
// directly): parse every file with the CLI's schemas, load them in one withRls transaction as the
// caller, look for duplicates among the customers written, and roll everything back for a preview
// or when any row is bad. Events go to `send` as they happen.
//
// Every run is recorded in import_runs (lib/db/queries/import-runs.ts) before it starts and marked
// with how it ended. When `signal` aborts — the client went away, the server is stopping — the
// transaction is rolled back at the next chunk and the run is marked 'interrupted'; if the process
// dies outright, Postgres rolls back and the record's released lock tells the next page load.
import type { Sql } from 'postgres';
import type { Claims } from '../auth/claims.ts';
import { type CandidatePair, findDuplicateCandidates } from '../dedupe/candidates.ts';
import { finishImportRun, type ImportRunStatus, lockImportRun, startImportRun } from '../db/queries/import-runs.ts';
import { withRls } from '../db/with-rls.ts';
import { loadAsMember, type MemberImport } from './load.ts';
import { parseImportFile } from './parse.ts';
import { type ImportEvent, type ImportRequest, MAX_DUPLICATES_SHOWN, MAX_ERRORS_SHOWN } from './request.ts';
import type { ImportFile } from './schemas.ts';

class Rollback extends Error {}
/** The import was abandoned part-way (client gone, server stopping); nothing was written. */
export class ImportInterrupted extends Error {
  constructor() {
    super('import interrupted');
  }
}

export async function runImport(opts: {
  claims: Claims;
  orgId: string;
  request: ImportRequest;
  send: (e: ImportEvent) => void;
  db?: Sql;
  signal?: AbortSignal;
}): Promise<{ committed: boolean; result: Extract<ImportEvent, { type: 'done' }> }> {
  const { claims, orgId, request, send, signal } = opts;
  const stopIfAborted = () => {
    if (signal?.aborted) throw new ImportInterrupted();
  };
  const started = Date.now();
  const parsed = request.files.map((f) => parseImportFile(f.file, f.text));
  const rows = Object.fromEntries(parsed.map((p) => [p.file, p.rows.length])) as Partial<Record<ImportFile, number>>;
  const overallTotal = parsed.reduce((n, p) => n + p.rows.length, 0);
  const runId = await withRls(claims, (tx) => startImportRun(tx, { orgId, userId: claims.sub, dry: request.dry, totalRows: overallTotal }), opts.db);
  const finish = (status: Exclude<ImportRunStatus, 'running'>) =>
    withRls(claims, (tx) => finishImportRun(tx, { id: runId, status }), opts.db).catch((err: unknown) =>
      // The lock check still finds a run the record could not be closed for.
      console.error(`[import] could not mark run ${runId} ${status}:`, err));
  if (signal?.aborted) {
    await finish('interrupted');
    throw new ImportInterrupted();
  }
  send({ type: 'parsed', rows, total: overallTotal });

  let result: MemberImport & { duplicates: CandidatePair[] } = { loaded: {}, errors: [], customerIds: [], duplicates: [] };
  const doneByFile = new Map<string, number>();
  let committed = false;
  try {
    await withRls(
      claims,
      async (tx) => {
        await lockImportRun(tx, { id: runId });
        const [v] = await tx<{ ids: string[] }[]>`select private.visible_owner_ids() as ids`;
        const loaded = await loadAsMember(
          tx,
          {
            orgId,
            member: { userId: claims.sub, visibleOwnerIds: new Set(v!.ids) },
            onProgress: (file, done) => {
              stopIfAborted();
              doneByFile.set(file, done);
              const overall = [...doneByFile.values()].reduce((a, b) => a + b, 0);
              send({ type: 'progress', file: file as ImportFile, done, total: rows[file as ImportFile] ?? 0, overall, overallTotal });
            },
          },
          parsed,
        );
        const duplicates =
          loaded.errors.length === 0 && loaded.customerIds.length
            ? await findDuplicateCandidates(tx, { orgId, onlyIds: loaded.customerIds, limit: MAX_DUPLICATES_SHOWN })
            : [];
        result = { ...loaded, duplicates };
        stopIfAborted(); // gone before the commit: write nothing
        if (request.dry || loaded.errors.length) throw new Rollback();
      },
      opts.db,
    );
    committed = true;
  } catch (err) {
    if (err instanceof ImportInterrupted || signal?.aborted) {
      await finish('interrupted');
      throw new ImportInterrupted();
    }
    if (!(err instanceof Rollback)) {
      await finish('failed');
      throw err;
    }
  }
  await finish(committed ? 'committed' : 'rolled_back');

  const done: Extract<ImportEvent, { type: 'done' }> = {
    type: 'done',
    dry: request.dry,
    ok: result.errors.length === 0,
    loaded: result.loaded,
    errors: result.errors.slice(0, MAX_ERRORS_SHOWN).map((e) => ({
      file: e.file as ImportFile, line: e.line, field: e.field, en: e.message, zh: e.zh ?? e.message,
    })),
    errorCount: result.errors.length,
    duplicates: result.duplicates,
    ms: Date.now() - started,
  };
  send(done);
  return { committed, result: done };
}
