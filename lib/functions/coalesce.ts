// Coalesced per-log recomputes (issue 12): every log, order, stage change or survey answer asks
// for its customer to be recomputed (recomputeSoon, from Next's `after()`). One function call
// per write made a busy team's writes the recompute's load; here the writes of one org within a
// short window share one call, and a call never overlaps the previous one for the same org
// (writes made meanwhile wait for the next). Nothing depends on the call succeeding: every
// write already marked its customer in private.recompute_dirty (a trigger, in the same
// transaction), so if the function is down the customer stays dirty and the next whole-org run
// (nightly, incremental) picks it up — docs/engine.md, "Next review, chunking and coalescing".
//
// Per server process: on Supabase each Next instance coalesces its own writes, which is the
// point (the calls a rep's burst of writes causes), not a global queue.

export type RecomputeInvoker = (orgId: string, customerIds: string[]) => Promise<unknown>;

export type CoalescerStats = { requests: number; customers: number; calls: number; failures: number };

export class RecomputeCoalescer {
  private pending = new Map<string, { ids: Set<string>; done: Promise<void> }>();
  private running = new Map<string, Promise<unknown>>();
  readonly stats: CoalescerStats = { requests: 0, customers: 0, calls: 0, failures: 0 };

  constructor(
    private readonly invoke: RecomputeInvoker,
    /** how long the first write of a batch waits for others to join it */
    private readonly windowMs = 1000,
    /** customers per call at most (a bigger batch is split) */
    private readonly maxIds = 500,
    private readonly onError: (err: unknown) => void = (err) => console.error('[recompute] will be caught up by the nightly run:', err),
  ) {}

  /** Resolves once a call that started after this request has covered its customers (or failed). Never rejects. */
  request(orgId: string, customerIds: string[]): Promise<void> {
    this.stats.requests++;
    let batch = this.pending.get(orgId);
    if (!batch) {
      const ids = new Set<string>();
      const done = this.flushLater(orgId, ids);
      batch = { ids, done };
      this.pending.set(orgId, batch);
    }
    for (const id of customerIds) batch.ids.add(id);
    return batch.done;
  }

  private async flushLater(orgId: string, ids: Set<string>): Promise<void> {
    await new Promise((r) => setTimeout(r, this.windowMs));
    // one call at a time per org: writes that come while the previous call runs join this batch
    await this.running.get(orgId)?.catch(() => {});
    this.pending.delete(orgId);
    const all = [...ids];
    this.stats.customers += all.length;
    const work = (async () => {
      for (let i = 0; i < all.length; i += this.maxIds) {
        this.stats.calls++;
        try {
          await this.invoke(orgId, all.slice(i, i + this.maxIds));
        } catch (err) {
          this.stats.failures++;
          this.onError(err);
        }
      }
    })();
    this.running.set(orgId, work);
    await work;
    if (this.running.get(orgId) === work) this.running.delete(orgId);
  }
}
