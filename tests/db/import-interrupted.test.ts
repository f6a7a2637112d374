// An in-app import cut short writes nothing and is reported (issue 13: "when the client disconnects
// mid-import, the transaction aborts but the user is never told"). Real PostgreSQL, under RLS as
// the manager, through lib/import/run.ts — what POST /api/import streams:
// - the client goes away (the route aborts the signal) after the first chunk of 5,000 rows:
//   the run throws ImportInterrupted, no customer is written, the run is recorded 'interrupted'
//   and lastInterruptedImport (the data screen's banner) returns it — to that user only;
// - the server process dies mid-import (its connection is terminated, and it never gets to close
//   the record): Postgres rolls back, the record's lock is released, and the next page load marks
//   it 'interrupted'; an import still running (lock held) is left alone.
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { lastInterruptedImport } from '../../lib/db/queries/import-runs.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import type { ImportRequest } from '../../lib/import/request.ts';
import { ImportInterrupted, runImport } from '../../lib/import/run.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, 'import-cut');
  await admin`update members set email = 'repa@cut.test' where user_id = ${w.ids.repA}`;
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

const HEADER = 'external_id,name,kind,industry,region,phone,email,company,owner,created_at';
function customers(n: number, prefix: string): ImportRequest {
  const lines = [HEADER];
  for (let i = 0; i < n; i++) lines.push(`${prefix}-${i},客户${i},b2b,,,,,,repa@cut.test,`);
  return { dry: false, files: [{ file: 'customers.csv', text: lines.join('\n') + '\n' }] };
}
const countPrefix = async (prefix: string) =>
  (await admin<{ n: number }[]>`select count(*)::int as n from customers where org_id = ${w.org1} and external_id like ${prefix + '-%'}`)[0]!.n;
const runsOf = (userId: string) =>
  admin<{ id: string; status: string; total_rows: number }[]>`select id, status, total_rows from import_runs where user_id = ${userId} order by started_at`;

describe('client gone mid-import', () => {
  it('aborting after the first 5,000-row chunk of 12,000 rolls back everything and records the run as interrupted', async () => {
    const prefix = `GONE${randomUUID().slice(0, 6)}`;
    const gone = new AbortController();
    let progressEvents = 0;
    const attempt = runImport({
      claims: claimsFor(w.ids.mgr1),
      orgId: w.org1,
      request: customers(12_000, prefix),
      db: app,
      signal: gone.signal,
      send: (e) => {
        if (e.type === 'progress') {
          progressEvents++;
          gone.abort(); // what the route does when the request's stream is cancelled
        }
      },
    });
    await expect(attempt).rejects.toBeInstanceOf(ImportInterrupted);
    expect(progressEvents).toBe(1); // stopped at the next chunk, not after all of them
    expect(await countPrefix(prefix)).toBe(0);
    const runs = await runsOf(w.ids.mgr1);
    expect(runs.at(-1)).toMatchObject({ status: 'interrupted', total_rows: 12_000 });

    // The data screen tells the importer, and nobody else (a run is its user's own).
    const seen = await withRls(claimsFor(w.ids.mgr1), (tx) => lastInterruptedImport(tx, { userId: w.ids.mgr1 }), app);
    expect(seen).toMatchObject({ status: 'interrupted', total_rows: 12_000, dry: false });
    const asAdmin = await withRls(claimsFor(w.ids.admin), (tx) => lastInterruptedImport(tx, { userId: w.ids.mgr1 }), app);
    expect(asAdmin).toBeNull();
  });

  it('a finished import after it clears the banner; a preview is never reported', async () => {
    const prefix = `OK${randomUUID().slice(0, 6)}`;
    await runImport({ claims: claimsFor(w.ids.mgr1), orgId: w.org1, request: customers(3, prefix), db: app, send: () => {} });
    expect(await countPrefix(prefix)).toBe(3);
    expect((await runsOf(w.ids.mgr1)).at(-1)).toMatchObject({ status: 'committed' });
    expect(await withRls(claimsFor(w.ids.mgr1), (tx) => lastInterruptedImport(tx, { userId: w.ids.mgr1 }), app)).toBeNull();

    const dry = runImport({
      claims: claimsFor(w.ids.mgr1), orgId: w.org1, request: { ...customers(10, prefix + 'D'), dry: true }, db: app,
      signal: AbortSignal.abort(), send: () => {},
    });
    await expect(dry).rejects.toBeInstanceOf(ImportInterrupted);
    expect(await withRls(claimsFor(w.ids.mgr1), (tx) => lastInterruptedImport(tx, { userId: w.ids.mgr1 }), app)).toBeNull();
  });
});

describe('server dies mid-import', () => {
  // As the admin (who may import too), so the manager's runs above don't count as the latest.
  it('a run whose connection died is found by its released lock and marked interrupted; nothing was written', async () => {
    const prefix = `DEAD${randomUUID().slice(0, 6)}`;
    const appName = `import-victim-${randomUUID().slice(0, 8)}`;
    // The dying "server": its own pool, terminated by Postgres mid-import, then gone for good
    // (so it cannot close its record, as a killed process cannot).
    const victim = postgres(inject('appUrl'), { onnotice: () => {}, max: 2, connection: { application_name: appName } });
    let killed = false;
    const attempt = runImport({
      claims: claimsFor(w.ids.admin),
      orgId: w.org1,
      request: customers(12_000, prefix),
      db: victim,
      send: (e) => {
        if (e.type === 'progress' && !killed) {
          killed = true;
          void admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${appName}`.then(() =>
            victim.end({ timeout: 0 }));
        }
      },
    });
    await expect(attempt).rejects.toThrow();
    expect(killed).toBe(true);
    expect(await countPrefix(prefix)).toBe(0);
    const [run] = await admin<{ id: string; status: string }[]>`
      select id, status from import_runs where user_id = ${w.ids.admin} order by started_at desc limit 1`;
    expect(run!.status).toBe('running'); // nobody closed it: the process "died"
    // Past the few seconds' grace a record gets before its import locks it.
    await admin`update import_runs set started_at = now() - interval '1 minute' where id = ${run!.id}`;

    // Another import that is still running holds its record's lock: it must not be called interrupted.
    const [live] = await admin<{ id: string }[]>`
      insert into import_runs (org_id, user_id, dry, total_rows, started_at)
      values (${w.org1}, ${w.ids.admin}, false, 7, now() - interval '2 minutes') returning id`;
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = admin.begin(async (tx) => {
      await tx`select 1 from import_runs where id = ${live!.id} for update`;
      locked();
      await held;
    });
    await isLocked;
    try {
      const seen = await withRls(claimsFor(w.ids.admin), (tx) => lastInterruptedImport(tx, { userId: w.ids.admin }), app);
      expect(seen).toMatchObject({ id: run!.id, status: 'interrupted', total_rows: 12_000 });
      const [liveNow] = await admin<{ status: string }[]>`select status from import_runs where id = ${live!.id}`;
      expect(liveNow!.status).toBe('running');
    } finally {
      release();
      await holder;
    }
  });
});
