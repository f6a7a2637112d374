// The record of each in-app import (table import_runs, migration 20261206003000), so an import cut
// short by a client that went away or a server that stopped is reported to the user when they
// come back instead of vanishing. The import's own transaction holds a row lock on its record
// (lockImportRun); a record still 'running' that nobody holds a lock on belongs to an import
// whose process or connection died — Postgres rolled its transaction back.
import type { Tx } from '../with-rls.ts';

export type ImportRunStatus = 'running' | 'committed' | 'rolled_back' | 'failed' | 'interrupted';
export type ImportRun = { id: string; dry: boolean; total_rows: number; status: ImportRunStatus; started_at: Date; finished_at: Date | null };

/** In its own (committed) transaction, before the import's transaction starts. */
export async function startImportRun(tx: Tx, p: { orgId: string; userId: string; dry: boolean; totalRows: number }): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    insert into import_runs (org_id, user_id, dry, total_rows)
    values (${p.orgId}, ${p.userId}, ${p.dry}, ${p.totalRows}) returning id`;
  return row!.id;
}

/** Inside the import's transaction: held until it commits or rolls back (or its connection dies). */
export async function lockImportRun(tx: Tx, p: { id: string }): Promise<void> {
  await tx`select 1 from import_runs where id = ${p.id} for update`;
}

export async function finishImportRun(tx: Tx, p: { id: string; status: Exclude<ImportRunStatus, 'running'> }): Promise<void> {
  await tx`update import_runs set status = ${p.status}, finished_at = now() where id = ${p.id}`;
}

/**
 * The caller's latest real import (not a preview) of the last week if it was interrupted, else
 * null. Records left 'running' by a dead import are marked 'interrupted' on the way: a live import
 * holds its record's lock, so `skip locked` passes over it (the few seconds' grace covers the gap
 * between writing a record and the import's transaction locking it).
 */
export async function lastInterruptedImport(tx: Tx, p: { userId: string }): Promise<ImportRun | null> {
  await tx`
    update import_runs set status = 'interrupted', finished_at = now()
    where id in (
      select id from import_runs
      where user_id = ${p.userId} and status = 'running' and started_at < now() - interval '5 seconds'
      for update skip locked)`;
  const [last] = await tx<ImportRun[]>`
    select id, dry, total_rows, status, started_at, finished_at from import_runs
    where user_id = ${p.userId} and not dry and started_at > now() - interval '7 days'
    order by started_at desc limit 1`;
  return last?.status === 'interrupted' ? last : null;
}
