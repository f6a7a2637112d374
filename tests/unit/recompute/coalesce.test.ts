// Coalesced per-log recomputes (lib/functions/coalesce.ts, issue 12 item 4): 50 simulated reps in
// five orgs write back to back (a log, an order, a stage change … every 10–60 ms); each write asks
// for its customer's recompute. What was tried: that every write is covered by a call that started
// after it (no write left stale), that calls never overlap within an org, that the calls are at most
// half the writes, and that a function that is down neither rejects the caller nor stops later calls.
// The invoker here records calls and takes a few ms like a small recompute; the real call is the
// function's HTTP endpoint (tests/functions/recompute-tags.test.ts), and the dirty list that catches
// up after a failed call is tested in tests/functions/recompute-incremental.test.ts.
import { describe, expect, it } from 'vitest';
import { RecomputeCoalescer } from '../../../lib/functions/coalesce.ts';
import { Rng } from '../../../lib/demo/prng.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RecomputeCoalescer', () => {
  it('50 reps writing back to back: every write covered by a later call, calls ≤ half the writes, none overlapping in an org', async () => {
    const rng = new Rng('coalesce');
    let clock = 0; // a logical clock: write and call-start order
    const calls: { org: string; ids: string[]; start: number }[] = [];
    const busy = new Set<string>();
    let overlaps = 0;
    const co = new RecomputeCoalescer(async (org, ids) => {
      if (busy.has(org)) overlaps++;
      busy.add(org);
      calls.push({ org, ids, start: ++clock });
      await sleep(5 + Math.floor(rng.next() * 40));
      busy.delete(org);
    }, 100);
    const writes: { org: string; id: string; at: number }[] = [];
    const reps = Array.from({ length: 50 }, (_, i) => ({ org: `org-${i % 5}`, customers: [0, 1, 2].map((k) => `c-${i}-${k}`) }));
    await Promise.all(
      reps.map(async (rep) => {
        const waits: Promise<void>[] = [];
        for (let n = 0; n < 8; n++) {
          await sleep(10 + Math.floor(rng.next() * 50));
          const id = rep.customers[Math.floor(rng.next() * 3)]!;
          writes.push({ org: rep.org, id, at: ++clock });
          waits.push(co.request(rep.org, [id]));
        }
        await Promise.all(waits);
      }),
    );
    for (const w of writes)
      expect(calls.some((c) => c.org === w.org && c.start > w.at && c.ids.includes(w.id)), `${w.id} written at ${w.at}`).toBe(true);
    expect(overlaps).toBe(0);
    expect(calls.length).toBeLessThanOrEqual(writes.length / 2);
    expect(co.stats).toMatchObject({ requests: writes.length, calls: calls.length, failures: 0 });
    console.log(`coalesce: ${writes.length} writes by 50 reps → ${calls.length} recompute calls (${(calls.length / writes.length).toFixed(2)} per write)`);
  });

  it('a function that is down: the caller is not failed, the error is reported, and the next batch still calls', async () => {
    const errors: unknown[] = [];
    let up = false;
    const seen: string[][] = [];
    const co = new RecomputeCoalescer(async (_org, ids) => {
      seen.push(ids);
      if (!up) throw new Error('recompute-tags failed: 503');
    }, 20, 500, (e) => errors.push(e));
    await expect(co.request('o', ['a'])).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    up = true;
    await co.request('o', ['b']);
    expect(seen).toEqual([['a'], ['b']]);
    expect(co.stats).toMatchObject({ calls: 2, failures: 1 });
  });

  it('a big batch is split into calls of at most maxIds customers, one after the other', async () => {
    const sizes: number[] = [];
    const co = new RecomputeCoalescer(async (_org, ids) => void sizes.push(ids.length), 10, 2);
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => co.request('o', [id])));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
