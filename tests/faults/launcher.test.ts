// The launcher survives faults (issue 13, "The launcher does not survive faults"), tested with real
// processes — embedded Postgres, Deno, next start — and real signals, nothing mocked:
//
// 1. kill -9 of the postmaster while reps log interactions the way the offline outbox does
//    (parallel POST /api/interactions, each with its own idempotency id, retried on a network
//    error or a 5xx until stored): the launcher says it restarts Postgres, /api/health comes back
//    up, and every log is stored exactly once — 0 lost, 0 duplicated.
//    (Before: the launcher stayed up while every page answered 500/503 until a manual restart.)
// 2. kill -9 of the launcher itself leaves Postgres, Deno and Next running (checked, so the test
//    sees the orphans); the next start stops them and comes up.
//    (Before: "postmaster.pid already exists … failed to start: undefined".)
// 3. SIGTERM while a manager imports 50,000 customers: no uncaught exception in next-server
//    (before: "Controller is already closed" thrown from the import stream), nothing written, and
//    after the next start the data screen tells the manager the import was interrupted.
// 4. SIGTERM stops everything cleanly: exit 0, no child or anything in a child's process group
//    outlives the launcher, postmaster.pid and runtime.json are gone, the port is free.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alive, BASE, DATA_DIR, health, type Launcher, postmasterPid, runtime, signIn, startLauncher, waitFor, waitForLog, waitUp,
} from './helpers.ts';

let current: Launcher | undefined;

beforeAll(async () => {
  current = startLauncher({ fresh: true });
  await waitUp(current);
});

afterAll(async () => {
  // Whatever a failed test left: a clean stop, then a kill.
  if (current && current.child.exitCode === null && current.child.signalCode === null) {
    current.child.kill('SIGTERM');
    await Promise.race([current.exited, new Promise((r) => setTimeout(r, 60_000))]);
    if (current.child.exitCode === null) current.child.kill('SIGKILL');
  }
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function groupsAlive(pgids: number[]): string[] {
  const out = execFileSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' });
  return out.split('\n').filter((l) => {
    const m = /^\s*(\d+)\s+(\d+)/.exec(l);
    return m !== null && pgids.includes(Number(m[2]));
  });
}

describe('the launcher heals', () => {
  it('kill -9 of Postgres under logging load: restarted, every log stored once (0 lost, 0 duplicated)', async () => {
    const rt = runtime();
    const admin = postgres(rt.adminUrl, { max: 1, onnotice: () => {} });
    const [rep] = await admin<{ user_id: string; email: string }[]>`
      select user_id, email from members where role = 'rep' and active and email is not null order by email limit 1`;
    const customers = (await admin<{ id: string }[]>`
      select id from customers where owner_id = ${rep!.user_id} and merged_into is null order by id limit 20`).map((c) => c.id);
    await admin.end();
    expect(customers.length).toBeGreaterThan(0);
    const cookie = await signIn(rep!.email, 'crystal123');

    const N = 400;
    const marker = `fault-${randomUUID()}`;
    const ids = Array.from({ length: N }, () => randomUUID());
    let completed = 0;
    let retries = 0;
    const outcomes: string[] = [];

    // What the offline outbox does: same id on every attempt; a network error or a 5xx is retried
    // (the outbox backs off; here 250 ms), a 2xx ends it, any other 4xx is a refusal.
    async function log(i: number): Promise<void> {
      const body = JSON.stringify({
        id: ids[i], customer_id: customers[i % customers.length], kind: 'call', occurred_at: new Date().toISOString(), note: `${marker} #${i}`,
      });
      const deadline = Date.now() + 180_000;
      while (Date.now() < deadline) {
        try {
          const res = await fetch(`${BASE}/api/interactions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie, origin: BASE },
            body,
            signal: AbortSignal.timeout(30_000),
          });
          if (res.status === 201 || res.status === 200) {
            outcomes.push(res.status === 201 ? 'stored' : 'replayed');
            completed++;
            return;
          }
          const text = await res.text();
          if (res.status < 500) {
            outcomes.push(`refused ${res.status} ${text.slice(0, 200)}`);
            completed++;
            return;
          }
        } catch {
          /* connection refused / reset / timeout: retried */
        }
        retries++;
        await sleep(250);
      }
      outcomes.push('gave up');
      completed++;
    }

    let next = 0;
    const workers = Array.from({ length: 8 }, async () => {
      while (next < N) await log(next++);
    });

    // A fifth of the way in, kill the postmaster as the OOM killer would.
    await waitFor('the first 80 logs', () => completed >= 80, 120_000);
    const victim = postmasterPid();
    expect(victim).toBeGreaterThan(0);
    process.kill(victim!, 'SIGKILL');
    const killedAt = completed;

    await Promise.all(workers);
    console.log(`[faults] ${N} logs, postmaster killed after ${killedAt}; ${retries} retries; ` +
      `${outcomes.filter((o) => o === 'stored').length} stored, ${outcomes.filter((o) => o === 'replayed').length} replayed`);
    expect(outcomes.filter((o) => o !== 'stored' && o !== 'replayed')).toEqual([]);
    expect(killedAt).toBeLessThan(N); // the kill really happened under load

    await waitForLog(current!, /\[launcher\] postgres killed by SIGKILL; restarting in/, 5000);
    await waitForLog(current!, /\[launcher\] postgres is back \(pid \d+, restart 1\)/, 60_000);
    expect(postmasterPid()).not.toBe(victim);
    const h = await waitFor('health up', async () => {
      const r = await health();
      return r.status === 200 && r;
    }, 60_000);
    expect(h.body).toMatchObject({ status: 'up', parts: { web: { status: 'up' }, db: { status: 'up' }, functions: { status: 'up' } } });

    const check = postgres(runtime().adminUrl, { max: 1, onnotice: () => {} });
    try {
      const [counts] = await check<{ rows: number; distinct_ids: number; of_ours: number }[]>`
        select count(*)::int as rows, count(distinct id)::int as distinct_ids,
               count(*) filter (where id = any(${ids}::uuid[]))::int as of_ours
          from interactions where note like ${marker + ' #%'}`;
      expect(counts).toEqual({ rows: N, distinct_ids: N, of_ours: N }); // 0 lost, 0 duplicated
    } finally {
      await check.end();
    }
  });

  it('kill -9 of the launcher leaves its children; the next start stops them and comes up', async () => {
    const before = runtime();
    const launcherPid = current!.child.pid!;
    expect(before.pid).toBe(launcherPid);
    const orphans = before.children;
    expect(orphans.map((c) => c.name).sort()).toEqual(['functions', 'postgres', 'web']);

    current!.child.kill('SIGKILL');
    await current!.exited;
    await sleep(500);
    // The fault as found: nothing stops the children of a SIGKILLed launcher.
    for (const c of orphans) expect(alive(c.pid), `${c.name} (pid ${c.pid}) should still run as an orphan`).toBe(true);
    expect(postmasterPid()).toBe(orphans.find((c) => c.name === 'postgres')!.pid);

    current = startLauncher();
    await waitUp(current);
    const log = current.log();
    for (const c of orphans) {
      expect(log).toContain(`${c.name} (pid ${c.pid}) was left running by a launcher that died (pid ${launcherPid}); stopping it`);
      expect(alive(c.pid), `${c.name} (pid ${c.pid}) should be stopped`).toBe(false);
    }
    expect(log).not.toMatch(/failed to start|postmaster\.pid already exists/);
    expect((await health()).status).toBe(200);
  });

  it('SIGTERM during a 50,000-row import: no uncaught exception, nothing written, the data screen says so after restart', async () => {
    const admin = postgres(runtime().adminUrl, { max: 1, onnotice: () => {} });
    const [mgr] = await admin<{ user_id: string; email: string; org_id: string; team_id: string }[]>`
      select user_id, email, org_id, team_id from members where role = 'manager' and active and email is not null order by email limit 1`;
    const [rep] = await admin<{ email: string }[]>`
      select email from members where team_id = ${mgr!.team_id} and role = 'rep' and active and email is not null order by email limit 1`;
    const countCustomers = async (sql: typeof admin) =>
      (await sql<{ n: number }[]>`select count(*)::int as n from customers where org_id = ${mgr!.org_id}`)[0]!.n;
    const before = await countCustomers(admin);
    await admin.end();
    const cookie = await signIn(mgr!.email, 'crystal123');

    const prefix = `SIGTERM${randomUUID().slice(0, 6)}`;
    const lines = ['external_id,name,kind,industry,region,phone,email,company,owner,created_at'];
    for (let i = 0; i < 50_000; i++) lines.push(`${prefix}-${i},导入客户${i},b2b,,,,,,${rep!.email},`);
    const res = await fetch(`${BASE}/api/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: BASE },
      body: JSON.stringify({ dry: false, files: [{ file: 'customers.csv', text: lines.join('\n') + '\n' }] }),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = '';
    while (!/"type":"progress"/.test(seen)) {
      const { done, value } = await reader.read();
      if (done) throw new Error(`import ended before its first progress event: ${seen}`);
      seen += value;
    }
    const logBefore = current!.log().length;

    current!.child.kill('SIGTERM'); // the launcher stops Next (SIGTERM to its group) mid-import
    // The client sees the stream end or break — either way without a 'done'.
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        seen += value;
      }
    } catch {
      /* connection reset by the stopping server */
    }
    expect(seen).not.toMatch(/"type":"done"/);
    expect(await Promise.race([current!.exited, sleep(60_000).then(() => 'timeout')])).toBe(0);
    const during = current!.log().slice(logBefore);
    expect(during).not.toMatch(/uncaught|unhandled|Controller is already closed|ERR_INVALID_STATE/i);

    current = startLauncher();
    await waitUp(current);
    const check = postgres(runtime().adminUrl, { max: 1, onnotice: () => {} });
    try {
      expect(await countCustomers(check)).toBe(before); // all or nothing: nothing
    } finally {
      await check.end();
    }
    const page = await fetch(`${BASE}/me/data`, { headers: { cookie: await signIn(mgr!.email, 'crystal123') } });
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('data-testid="import-interrupted"');
    expect(html).toMatch(/50000|50,000/);
  });

  it('SIGTERM stops everything: no child, nor anything in its process group, outlives the launcher', async () => {
    const rt = runtime();
    const children = rt.children;
    expect(children).toHaveLength(3);
    const pgids = children.map((c) => c.pid); // each child leads its own group

    current!.child.kill('SIGTERM');
    const code = await Promise.race([current!.exited, sleep(60_000).then(() => 'timeout' as const)]);
    expect(code).toBe(0);
    expect(current!.log()).toMatch(/\[launcher\] got SIGTERM; stopping…[\s\S]*\[launcher\] stopped/);

    for (const c of children) expect(alive(c.pid), `${c.name} (pid ${c.pid}) outlived the launcher`).toBe(false);
    expect(groupsAlive(pgids)).toEqual([]);
    expect(existsSync(path.join(DATA_DIR, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(DATA_DIR, 'runtime.json'))).toBe(false);
    await expect(fetch(`${BASE}/api/health`)).rejects.toThrow();
  });
});
