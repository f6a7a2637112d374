// Recompute (docs/design.md, "What a recompute does"; docs/engine.md): features in one set-based SQL call → the pure engine → one bulk
// write of what changed. This file runs the four steps, each in its own module: plan
// (recompute-plan.ts), read (recompute-read.ts), classify + diff (recompute-diff.ts), write
// (recompute-write.ts); request and answer types in recompute-types.ts, shared with the app. Runs in the recompute-tags edge function (Deno) with the service
// connection; nothing is written for a customer whose profile and tags came out the same.
//
// Where the time goes and why it is done this way: docs/benchmarks.md. In short —
// - features come from private.customer_features_compact(_rows)() (one record text per customer,
//   decoded in features-compact.ts) instead of customer_features()' keyed json + a zod parse of
//   every customer; the first rows of every call are still zod-parsed as a tripwire. For a whole
//   org they stream: each batch is classified while the database is still aggregating;
// - "did it change" is one hash per profile (customer_profiles.state_hash, over everything the
//   recompute writes for the customer) instead of loading and canonicalising stored profiles
//   and tags;
// - only changed customers are written, in one statement per chunk (profiles upsert, stale tags
//   deleted, current tags upserted, tag_changes appended);
// - a recompute of a few customers reuses the org context (revenue cut-offs, median cycle) for
//   a minute per isolate instead of computing it over the whole org on every call;
// - a whole-org run at the as_of of the last one, with the same engine, rules, timezone, feature
//   SQL and org context, classifies only the customers whose inputs were written since
//   (private.recompute_dirty, kept by triggers): every other stored profile already is what it
//   would compute; a run at a later as_of also those time alone may have changed (next_review_at,
//   time events). `full: true` forces a full run. See planOrgRun() and the migrations
//   20261125000700_recompute_incremental.sql and 20261206005000_recompute_time_aware.sql.
import type { Sql } from 'npm:postgres@^3.4.9';
import { classifyMany, CustomerFeaturesSchema, type OrgContext, OrgContextSchema, type Rules } from '../../../lib/engine/index.ts';
import { decodeCompact } from './features-compact.ts';
import { ChangeSet, type Stored } from './recompute-diff.ts';
import { cachedContext, orgContextQuery, planOrgRun, RecomputeError, rememberContext, rulesFor } from './recompute-plan.ts';
import { readOrg, readStored, streamFeatures } from './recompute-read.ts';
import type { RecomputeRequest, RecomputeResult } from './recompute-types.ts';
import { finishOrgRun, recordOrgRun, writeChanges, writeReviews } from './recompute-write.ts';
import { reminderStep } from './reminders.ts'; // [reminders] playbook step

export type { RecomputeRequest, RecomputeResult };
export { clearRecomputeCaches, RecomputeError } from './recompute-plan.ts';

/** Customers zod-parsed per call even on the fast path (all of them when the call is this small). */
const ZOD_SAMPLE = 256;
/** Customers classified together while their features stream in. */
const CLASSIFY_BATCH = 500;

export async function recompute(sql: Sql, req: RecomputeRequest): Promise<RecomputeResult> {
  const started = performance.now();
  // ms (wall clock): `features` = the feature stream from query to last row, `first_row` within
  // it; `decode` / `classify` / `diff` = time spent on those while the rows stream in (part of
  // `features` — the database keeps aggregating meanwhile); `context` / `load` = the org context
  // and stored-hash queries (concurrent with the stream); `wait` = for those after the stream;
  // `write`; `total`.
  const ms: Record<string, number> = { features: 0, first_row: 0, decode: 0, classify: 0, diff: 0, context: 0, load: 0, wait: 0, write: 0, total: 0 };
  const timed = <T>(phase: string, fn: () => T): T => {
    const t = performance.now();
    try {
      return fn();
    } finally {
      ms[phase]! += performance.now() - t;
    }
  };
  const asOf = req.as_of ?? new Date().toISOString();
  const since = (t: number) => performance.now() - t;
  // a whole-org run: full, or only the customers that changed since the last one (`plan`)
  const plan = req.customer_ids ? null : await planOrgRun(sql, req, asOf);
  ms.plan = since(started);
  const ids = plan ? (plan.mode === 'incremental' ? plan.ids! : null) : req.customer_ids!;
  const reminders = reminderStep(sql, req.org_id, ids, asOf); // [reminders] reads this run's reminder history meanwhile

  // Everything is read at once, on separate pooled connections: the org (rules, timezone, as_of
  // as the database reads it), the stored hashes, the features stream, and — once the rules say
  // which value shares — the org context (cached for a few customers; for a whole org the SQL
  // one, which equals orgContextFromFeatures() over all features — tests/db/features.test.ts —
  // so every customer can be classified as its row arrives). Whole org and a subset use
  // different statement texts, so neither inherits a cached plan made for the other.
  const t0 = performance.now();
  let rules!: Rules;
  let timezone: string | undefined;
  let asOfIso = '';
  let ctx: OrgContext | undefined;
  let ctxRaw: unknown = plan?.ctxRaw; // a whole-org run's context, kept in its org state
  let stored: Map<string, Stored> | undefined;
  const storedRead = readStored(sql, req.org_id, ids).then((m) => {
    ms.load = since(t0);
    return m;
  });
  storedRead.catch(() => {}); // surfaced through `ready`
  const ready = (async () => {
    const org = plan ? plan.org : await readOrg(sql, req.org_id, asOf);
    if (!org) throw new RecomputeError(404, 'org_not_found', `no org ${req.org_id}`);
    rules = rulesFor(org.rules);
    timezone = org.timezone ?? undefined;
    const asOfMs = Number(org.as_of_ms);
    asOfIso = new Date(asOfMs).toISOString();
    ctx = plan
      ? ctxRaw === undefined ? undefined : OrgContextSchema.parse(ctxRaw)
      : cachedContext(req.org_id, rules, asOfMs);
    if (!ctx) {
      const [c] = await orgContextQuery(sql, req.org_id, asOf, rules);
      ctxRaw = c!.ctx;
      ctx = OrgContextSchema.parse(c!.ctx);
      rememberContext(req.org_id, rules, ctx, asOfMs);
      ms.context = since(t0);
    }
    stored = await storedRead;
  })();
  ready.catch(() => {}); // surfaced by the await below

  let customers = 0;
  const cs = new ChangeSet(); // what to write
  let seen = 0;
  let pending: string[] = []; // compact rows not classified yet
  const flush = () => {
    const rows = pending;
    pending = [];
    customers += rows.length;
    const batch = timed('decode', () =>
      rows.map((row) => {
        const decoded = decodeCompact(row, asOfIso);
        // the contract check: decoded = what the zod schema accepts and produces
        return seen++ < ZOD_SAMPLE ? CustomerFeaturesSchema.parse(decoded) : decoded;
      }),
    );
    const context = ctx!; // flush() runs once `ready` resolved
    const profiles = timed('classify', () => classifyMany(batch, rules, context, { timezone }));
    reminders.add(batch, profiles, rules.playbook); // [reminders] the playbook, for every customer of the run
    timed('diff', () => {
      for (let i = 0; i < profiles.length; i++) cs.add(profiles[i]!, batch[i]!, stored!.get(profiles[i]!.customer_id), rules, plan !== null);
    });
  };

  let isReady = false;
  ready.then(() => (isReady = true), () => {});
  let failed: unknown = null; // thrown after the stream ends, so the connection is left clean
  const onRow = (row: { f: string }) => {
    if (failed) return;
    if (!pending.length && !customers) ms.first_row = since(t0);
    pending.push(row.f);
    if (isReady && pending.length >= CLASSIFY_BATCH) {
      try {
        flush();
      } catch (err) {
        failed = err;
      }
    }
  };
  await streamFeatures(sql, req.org_id, ids, asOf, onRow);
  if (failed) throw failed;
  ms.features = since(t0);
  let t = performance.now();
  await ready;
  ms.wait = since(t);
  if (pending.length) flush();

  t = performance.now();
  const changed = cs.P.id.length;
  await writeChanges(sql, req.org_id, asOf, cs, plan === null);
  await writeReviews(sql, req.org_id, cs);
  ms.write = since(t);
  const reminderCounts = await reminders.finish(); // [reminders] insert new (on conflict do nothing), close stale
  if (plan) await finishOrgRun(sql, req.org_id, asOf, plan, ctxRaw);
  // an incremental run covers every customer of the org as a full one would (the context counts them)
  const classified = customers;
  if (plan?.mode === 'incremental') customers = ctx!.customers;
  ms.total = since(started);
  for (const k of Object.keys(ms)) ms[k] = Math.round(ms[k]!);
  if (plan) await recordOrgRun(sql, req.org_id, ms.total!, customers, changed);
  return {
    customers, changed, tag_changes: cs.C.id.length, ms, reminders: reminderCounts,
    mode: plan?.mode ?? 'customers', classified, ...(plan?.why ? { why: plan.why } : {}),
    rescheduled: cs.R.id.length, ...(plan?.due !== undefined ? { due: plan.due, events: plan.events! } : {}),
  };
}
