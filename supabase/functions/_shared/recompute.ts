// Recompute (DESIGN.md §5): features in one set-based SQL call → the pure engine → one bulk
// write of what changed. Runs in the recompute-tags edge function (Deno) with the service
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
//   would compute. `full: true` forces a full run. See planOrgRun() and
//   supabase/migrations/20261125000700_recompute_incremental.sql.
import { createHash } from 'node:crypto';
import type { Sql } from 'npm:postgres@^3.4.9';
import {
  classifyMany,
  CustomerFeaturesSchema,
  nextReviewAt,
  type Dimension,
  type OrgContext,
  OrgContextSchema,
  parseRules,
  type Profile,
  type Rules,
  type Tag,
} from '../../../lib/engine/index.ts';
import { ENGINE_VERSION } from '../../../lib/engine/version.ts';
import { decodeCompact } from './features-compact.ts';
import { reminderStep } from './reminders.ts'; // [reminders] playbook step

import type { RecomputeRequest, RecomputeResult } from './recompute-types.ts';

export type { RecomputeRequest, RecomputeResult };

// Profile columns that are dimensions a rep sees change (→ tag_changes), keyed by the engine's
// dimension name.
const DIMENSION_COLUMNS = {
  relationship: 'relationship_type',
  funnel: 'funnel_stage',
  value: 'value_tier',
  lifecycle: 'lifecycle',
  loyalty: 'loyalty',
  needs: 'needs',
} as const satisfies Partial<Record<Dimension, keyof Profile>>;
type DimColumn = (typeof DIMENSION_COLUMNS)[keyof typeof DIMENSION_COLUMNS];
const DIMENSIONS = Object.entries(DIMENSION_COLUMNS) as [Dimension, DimColumn][];

type Stored = { customer_id: string; state_hash: string | null; next_ms: number | null } & Record<DimColumn, string | null>;

/** Customers zod-parsed per call even on the fast path (all of them when the call is this small). */
const ZOD_SAMPLE = 256;
/** Customers classified together while their features stream in. */
const CLASSIFY_BATCH = 500;
/** Changed customers per write statement. */
const WRITE_CHUNK = 2000;
/** How long a one-customer recompute may reuse an org context (wall clock, and distance of as_of). */
const CONTEXT_TTL_MS = 60_000;
/** An incremental whole-org run with more changed customers than this runs in full instead. */
const INCREMENTAL_MAX = 20_000;
/** Version of what fingerprint() hashes and the write statement stores; part of the org run key. */
const FINGERPRINT_VERSION = '3';

const round = (n: number) => Math.round(n * 1e4) / 1e4; // real column: compare at its precision

/** A profile's hash and the parts the write reuses. */
type Fingerprint = { hash: string; reasons: string; tags: { tag: Tag; dim: string | undefined }[] };

// Everything recompute writes for a customer, hashed: the profile columns (real ones at the
// column's precision), the reasons and the tags. The engine builds its objects in a fixed key
// order, so JSON.stringify is canonical here; a new engine version that changes a reason changes
// the hash and the customer is rewritten once — which is what should happen. A model tag's
// reasons are the very array of its dimension in p.reasons: the hash names the dimension instead
// of serialising it twice. Tag texts are joined with U+001F, which packed() refuses in values.
// This runs for every customer of a whole org (~1.5 s per 100k); the json for tags and history
// is made only for customers that changed.
function fingerprint(p: Profile): Fingerprint {
  const reasons = JSON.stringify(p.reasons);
  let hashed = `${FINGERPRINT_VERSION}${SEP}${JSON.stringify([p.relationship_type, p.relationship_secondary, p.funnel_stage, p.value_tier, p.lifecycle,
    p.loyalty, round(p.churn_risk), p.needs, round(p.priority)])}${SEP}${reasons}`;
  const tags: Fingerprint['tags'] = [];
  // any fixed order will do (code units, not localeCompare: this runs 1M times on a whole org)
  for (const t of [...p.tags].sort((x, y) => (x.tag < y.tag ? -1 : x.tag > y.tag ? 1 : 0))) {
    if (tags.length && tags[tags.length - 1]!.tag.tag === t.tag) continue; // first one wins, as `on conflict do nothing` did
    const dim = dimensionOf(p, t.reasons);
    tags.push({ tag: t, dim });
    hashed += `${SEP}${t.tag}${NUL}${t.kind}${NUL}${t.zh}${NUL}${t.en}${NUL}${dim ?? JSON.stringify(t.reasons)}`;
  }
  return { hash: createHash('sha1').update(hashed).digest('base64'), reasons, tags };
}

/** The dimension whose reasons array `reasons` is (by identity), if any. */
function dimensionOf(p: Profile, reasons: unknown): string | undefined {
  for (const dim in p.reasons) if (p.reasons[dim as Dimension] === reasons) return dim;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Per-isolate caches

const rulesCache = new Map<string, Rules>();
function rulesFor(raw: unknown): Rules {
  const key = JSON.stringify(raw);
  let rules = rulesCache.get(key);
  if (!rules) {
    rules = parseRules(raw); // throws RulesError (→ 422) for a bad override; never cached
    if (rulesCache.size >= 64) rulesCache.clear();
    rulesCache.set(key, rules);
  }
  return rules;
}

type ContextEntry = { ctx: OrgContext; asOfMs: number; storedAt: number };
const contextCache = new Map<string, ContextEntry>();
const contextKey = (org: string, rules: Rules) => `${org}|${rules.value.high_share}|${rules.value.low_share}`;
function rememberContext(org: string, rules: Rules, ctx: OrgContext, asOfMs: number) {
  if (contextCache.size >= 256) contextCache.clear();
  contextCache.set(contextKey(org, rules), { ctx, asOfMs, storedAt: Date.now() });
}
function cachedContext(org: string, rules: Rules, asOfMs: number): OrgContext | undefined {
  const e = contextCache.get(contextKey(org, rules));
  if (!e || Date.now() - e.storedAt > CONTEXT_TTL_MS || Math.abs(e.asOfMs - asOfMs) > CONTEXT_TTL_MS) return undefined;
  return e.ctx;
}
/** For tests: forget cached org contexts. */
export const clearRecomputeCaches = () => {
  contextCache.clear();
  rulesCache.clear();
};

// A column of values as one text[] literal the server builds with string_to_array(): values
// joined by U+001E, null as U+001F. postgres.js' own array parameters escape every element in
// JS and array_in() unescapes it again — 5–6× slower for the ~10 MB of reasons a 2,000-customer
// chunk carries. JSON text never holds a raw control character (JSON.stringify escapes them),
// nor do uuids, enum labels, numbers or the engine's labels; anything else is refused.
const SEP = '\u001e';
const NUL = '\u001f';
const CONTROL = /[\u001e\u001f]/;
function packed(values: (string | number | null)[]): string {
  let text = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string' && CONTROL.test(v)) throw new Error(`recompute: value contains a separator: ${JSON.stringify(v.slice(0, 80))}`);
    text += (i ? SEP : '') + (v === null || v === undefined ? NUL : v);
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Whole-org runs: full or incremental

type OrgRow = { rules: unknown; timezone: string | null; as_of_ms: number };
type OrgPlan = {
  mode: 'full' | 'incremental';
  why?: string;
  org: OrgRow;
  /** engine, fingerprint, feature SQL, timezone and rules: what the stored profiles were made with */
  key: string;
  /** this run's claim on private.recompute_org_state (an overlapping run voids the state) */
  runSeq: string;
  /** incremental: the stored org context (raw jsonb) and the changed customers to classify */
  ctxRaw?: unknown;
  dirty: { ids: string[]; seqs: string[] };
  /** incremental: every customer to classify — the dirty ones, those due for review, those with time events */
  ids?: string[];
  /** incremental at a later as_of: customers due (next_review_at) and with time events */
  due?: number;
  events?: number;
};

/** Two org contexts alike but for the as_of they were computed at. */
const sameContext = (a: unknown, b: unknown) => {
  const strip = (c: unknown) => JSON.stringify({ ...(c as Record<string, unknown>), as_of: null });
  return strip(a) === strip(b);
};

const orgContextQuery = (sql: Sql, org: string, asOf: string, rules: Rules) =>
  sql<{ ctx: unknown }[]>`
    select public.org_feature_context(${org}::uuid, ${asOf}::timestamptz, ${rules.value.high_share}::float8,
                                      ${rules.value.low_share}::float8) as ctx`;

// The last whole-org run left (private.recompute_org_state) its as_of, its key and the org
// context it used; since then, triggers have listed every customer whose inputs were written
// (private.recompute_dirty, ctx = the write can move the org context). If this run has the
// same key and an as_of at or after the state's, every customer not listed is stored exactly as
// a full run would store it — except those time alone changed since: profiles whose
// next_review_at has come, and customers with a time event between the two as_ofs
// (private.recompute_time_events: rows dated in between, windows and links running out). So
// only those are classified — unless the context moved (recomputed and compared when a listed
// write or event could move it) or there are too many. Otherwise a full run: it claims
// the state (key emptied) and forgets the list before it reads any feature, so a write that
// lands during the run is listed for the next one. A run overlapped by another whole-org run
// leaves the state void (run_seq), and the next run is a full one.
async function planOrgRun(sql: Sql, req: RecomputeRequest, asOf: string): Promise<OrgPlan> {
  const [row] = await sql<(OrgRow & { sql_version: string; state_as_of_ms: number | null; state_key: string | null; state_ctx: unknown })[]>`
    select coalesce(r.rules, '{}'::jsonb) as rules, o.settings ->> 'timezone' as timezone,
           floor(extract(epoch from ${asOf}::timestamptz) * 1000)::float8 as as_of_ms,
           private.recompute_sql_version() as sql_version,
           floor(extract(epoch from s.as_of) * 1000)::float8 as state_as_of_ms, s.key as state_key, s.ctx as state_ctx
    from public.orgs o
    left join public.classification_rules r on r.org_id = o.id
    left join private.recompute_org_state s on s.org_id = o.id
    where o.id = ${req.org_id}`;
  if (!row) throw new RecomputeError(404, 'org_not_found', `no org ${req.org_id}`);
  const rules = rulesFor(row.rules);
  const org: OrgRow = { rules: row.rules, timezone: row.timezone, as_of_ms: row.as_of_ms };
  const key = createHash('sha1')
    .update([ENGINE_VERSION, FINGERPRINT_VERSION, row.sql_version, row.timezone ?? '', JSON.stringify(row.rules)].join('\n'))
    .digest('base64');
  let why = req.full
    ? 'requested'
    : !row.state_key
      ? 'no state'
      : row.state_key !== key
        ? 'engine, rules or timezone changed'
        : Number(row.as_of_ms) < Number(row.state_as_of_ms)
          ? 'earlier as_of'
          : '';
  if (!why) {
    const [claim] = await sql<{ run_seq: string }[]>`
      update private.recompute_org_state set run_seq = run_seq + 1
      where org_id = ${req.org_id} and key = ${key} returning run_seq::text`;
    if (!claim) why = 'state changed';
    else {
      const later = Number(row.as_of_ms) > Number(row.state_as_of_ms);
      const stateAsOf = new Date(Number(row.state_as_of_ms)).toISOString();
      const [dirty, due, events] = await Promise.all([
        sql<{ customer_id: string; seq: string; ctx: boolean }[]>`
          select customer_id, seq::text as seq, ctx from private.recompute_dirty where org_id = ${req.org_id}`,
        later
          ? sql<{ customer_id: string }[]>`
              select customer_id from public.customer_profiles
              where org_id = ${req.org_id} and next_review_at <= ${asOf}::timestamptz`
          : [],
        later
          ? sql<{ customer_id: string; ctx: boolean }[]>`
              select customer_id, ctx from private.recompute_time_events(${req.org_id}::uuid, ${stateAsOf}::timestamptz,
                                                                         ${asOf}::timestamptz, ${rules.playbook.survey_every_days}::int)`
          : [],
      ]);
      const ids = [...new Set([...dirty.map((d) => d.customer_id), ...due.map((d) => d.customer_id), ...events.map((e) => e.customer_id)])];
      let ctxRaw: unknown = row.state_ctx;
      if (ids.length > INCREMENTAL_MAX) why = `${ids.length} changed`;
      else if (dirty.some((d) => d.ctx) || events.some((e) => e.ctx)) {
        const [c] = await orgContextQuery(sql, req.org_id, asOf, rules);
        if (!sameContext(c!.ctx, row.state_ctx)) why = 'org context changed';
        ctxRaw = c!.ctx;
      } else if (later) ctxRaw = { ...(row.state_ctx as Record<string, unknown>), as_of: new Date(Number(row.as_of_ms)).toISOString() };
      if (!why)
        return {
          mode: 'incremental',
          org,
          key,
          runSeq: claim.run_seq,
          ctxRaw,
          dirty: { ids: dirty.map((d) => d.customer_id), seqs: dirty.map((d) => d.seq) },
          ids,
          due: due.length,
          events: events.length,
        };
    }
  }
  const [claim] = await sql<{ run_seq: string }[]>`
    with state as (
      insert into private.recompute_org_state as s (org_id, as_of, key, ctx) values (${req.org_id}, ${asOf}::timestamptz, '', '{}')
      on conflict (org_id) do update set key = '', run_seq = s.run_seq + 1
      returning run_seq
    ),
    forget as (delete from private.recompute_dirty where org_id = ${req.org_id})
    select run_seq::text from state`;
  return { mode: 'full', why, org, key, runSeq: claim!.run_seq, dirty: { ids: [], seqs: [] } };
}

// ---------------------------------------------------------------------------------------------

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
  const wholeOrg = ids === null; // every customer, streamed

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
  const storedRead = (
    wholeOrg
      ? sql<Stored[]>`
          select customer_id, state_hash, relationship_type, funnel_stage, value_tier, lifecycle, loyalty, needs,
                 floor(extract(epoch from next_review_at) * 1000)::float8 as next_ms
          from public.customer_profiles where org_id = ${req.org_id}`
      : sql<Stored[]>`
          select customer_id, state_hash, relationship_type, funnel_stage, value_tier, lifecycle, loyalty, needs,
                 floor(extract(epoch from next_review_at) * 1000)::float8 as next_ms
          from public.customer_profiles where org_id = ${req.org_id} and customer_id = any (${ids}::uuid[])`
  ).then((rows) => {
    ms.load = since(t0);
    return new Map(rows.map((r) => [r.customer_id, r]));
  });
  storedRead.catch(() => {}); // surfaced through `ready`
  const ready = (async () => {
    const [org] = plan
      ? [plan.org]
      : await sql<OrgRow[]>`
          select coalesce(r.rules, '{}'::jsonb) as rules, o.settings ->> 'timezone' as timezone,
                 floor(extract(epoch from ${asOf}::timestamptz) * 1000)::float8 as as_of_ms
          from public.orgs o left join public.classification_rules r on r.org_id = o.id where o.id = ${req.org_id}`;
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
  // what to write, column by column (unnest() in the write statement); `firstTag[i]` /
  // `firstChange[i]` = where changed customer i's rows start in the tag / change columns
  const P = { id: [] as string[], rel: [] as string[], sec: [] as (string | null)[], funnel: [] as string[], value: [] as string[],
    lifecycle: [] as string[], loyalty: [] as string[], risk: [] as number[], needs: [] as (string | null)[], priority: [] as number[],
    reasons: [] as string[], hash: [] as string[], next: [] as (string | null)[], firstTag: [] as number[], firstChange: [] as number[] };
  // whole-org runs: customers whose profile came out the same but whose next review moved
  const R = { id: [] as string[], next: [] as (string | null)[] };
  const T = { id: [] as string[], tag: [] as string[], kind: [] as string[], zh: [] as string[], en: [] as string[],
    dim: [] as (string | null)[], reasons: [] as (string | null)[] };
  const C = { id: [] as string[], dim: [] as string[], from: [] as (string | null)[], to: [] as (string | null)[] };

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
      for (let i = 0; i < profiles.length; i++) {
        const p = profiles[i]!;
        const out = fingerprint(p);
        const before = stored!.get(p.customer_id);
        // when time alone can next change this profile (lib/engine/review.ts): not part of the
        // hash — a later run rewrites the row only if the profile itself changed
        const next = nextReviewAt(batch[i]!, p, rules);
        if (before?.state_hash === out.hash) {
          const nextMs = next === null ? null : Date.parse(next);
          // a run of a few customers leaves the stored instant alone: it is the earlier one,
          // which the org state's as_of still needs
          if (plan && (before.next_ms === null ? null : Number(before.next_ms)) !== nextMs) {
            R.id.push(p.customer_id);
            R.next.push(next);
          }
          continue;
        }
        P.id.push(p.customer_id);
        P.rel.push(p.relationship_type);
        P.sec.push(p.relationship_secondary);
        P.funnel.push(p.funnel_stage);
        P.value.push(p.value_tier);
        P.lifecycle.push(p.lifecycle);
        P.loyalty.push(p.loyalty);
        P.risk.push(p.churn_risk);
        P.needs.push(p.needs);
        P.priority.push(p.priority);
        P.reasons.push(out.reasons);
        P.hash.push(out.hash);
        P.next.push(next);
        P.firstTag.push(T.id.length);
        P.firstChange.push(C.id.length);
        for (const { tag: t, dim } of out.tags) {
          T.id.push(p.customer_id);
          T.tag.push(t.tag);
          T.kind.push(t.kind);
          T.zh.push(t.zh);
          T.en.push(t.en);
          // a model tag's reasons are its dimension's: the statement takes them from the profile
          T.dim.push(dim ?? null);
          T.reasons.push(dim === undefined ? JSON.stringify(t.reasons) : null);
        }
        for (const [dim, col] of DIMENSIONS) {
          const from = before ? before[col] : null;
          const to = p[col];
          if (from === to) continue;
          C.id.push(p.customer_id);
          C.dim.push(dim);
          C.from.push(from);
          C.to.push(to);
        }
      }
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
  if (wholeOrg)
    // The inlinable form, so rows stream out while the interactions are still being aggregated
    // and the engine works on them meanwhile (another core). For this transaction only: sorts
    // and hashes in memory, and merge joins on customer_id — the parts arrive in customer order
    // anyway, and a merge join emits its first row after ~0.7 s where hash joins first build
    // every other part (~1.5 s on 100k customers; same total).
    await sql.begin(async (tx) => {
      await tx`set local work_mem = '64MB'`;
      await tx`set local enable_hashjoin = off`;
      await tx<{ f: string }[]>`
        select f from private.customer_features_compact_rows(${req.org_id}::uuid, null, ${asOf}::timestamptz) f`.forEach(onRow);
    });
  else
    await sql<{ f: string }[]>`
      select f from private.customer_features_compact(${req.org_id}::uuid, ${ids}::uuid[], ${asOf}::timestamptz) f`.forEach(onRow);
  if (failed) throw failed;
  ms.features = since(t0);
  let t = performance.now();
  await ready;
  ms.wait = since(t);
  if (pending.length) flush();

  t = performance.now();
  const changed = P.id.length;
  if (changed) {
    const write = async (tx: Sql, from: number, to: number) => {
      const [t0, t1] = [P.firstTag[from]!, to < changed ? P.firstTag[to]! : T.id.length];
      const [c0, c1] = [P.firstChange[from]!, to < changed ? P.firstChange[to]! : C.id.length];
      const column = (col: (string | number | null)[], a: number, b: number) =>
        tx`string_to_array(${packed(col.slice(a, b))}::text, chr(30), chr(31))`;
      const p = (col: (string | number | null)[]) => column(col, from, to);
      const t = (col: (string | number | null)[]) => column(col, t0, t1);
      const c = (col: (string | number | null)[]) => column(col, c0, c1);
      // One statement: the profiles upsert, the engine's stale tags deleted and its current ones
      // upserted (disjoint rows; a tag that came out the same is left as it is), the history
      // appended. Each column travels as one text (see packed()), reasons as small json texts —
      // parsed once: model tags and history take their dimension's reasons from the profile's.
      await tx`
        with new_profiles as (
          select * from unnest(${p(P.id)}::uuid[], ${p(P.rel)}, ${p(P.sec)}, ${p(P.funnel)}, ${p(P.value)}, ${p(P.lifecycle)},
                               ${p(P.loyalty)}, ${p(P.risk)}::real[], ${p(P.needs)}, ${p(P.priority)}::real[], ${p(P.reasons)}::jsonb[],
                               ${p(P.hash)}, ${p(P.next)}::timestamptz[])
                   as n (customer_id, rel, sec, funnel, value, lifecycle, loyalty, risk, needs, priority, reasons, hash, next)
        ),
        new_tags as (
          select n.customer_id, n.tag, n.kind, n.label_zh, n.label_en, coalesce(n.reasons::jsonb, p.reasons -> n.dim) as reasons
          from unnest(${t(T.id)}::uuid[], ${t(T.tag)}, ${t(T.kind)}::public.tag_kind[], ${t(T.zh)}, ${t(T.en)}, ${t(T.dim)},
                      ${t(T.reasons)}) as n (customer_id, tag, kind, label_zh, label_en, dim, reasons)
          left join new_profiles p on p.customer_id = n.customer_id
        ),
        profiles as (
          insert into public.customer_profiles (customer_id, org_id, relationship_type, relationship_secondary, funnel_stage, value_tier,
            lifecycle, loyalty, churn_risk, needs, priority, reasons, computed_at, state_hash, next_review_at)
          select n.customer_id, ${req.org_id}::uuid, n.rel, n.sec, n.funnel, n.value, n.lifecycle, n.loyalty, n.risk, n.needs, n.priority,
                 n.reasons, ${asOf}::timestamptz, n.hash, n.next
          from new_profiles n
          on conflict (customer_id) do update set
            relationship_type = excluded.relationship_type, relationship_secondary = excluded.relationship_secondary,
            funnel_stage = excluded.funnel_stage, value_tier = excluded.value_tier, lifecycle = excluded.lifecycle,
            loyalty = excluded.loyalty, churn_risk = excluded.churn_risk, needs = excluded.needs, priority = excluded.priority,
            reasons = excluded.reasons, computed_at = excluded.computed_at, state_hash = excluded.state_hash,
            next_review_at = excluded.next_review_at
          returning 1
        ),
        stale_tags as (
          -- the engine's tags of these customers that it no longer gives
          delete from public.customer_tags t
          where t.org_id = ${req.org_id} and t.kind <> 'manual' and t.customer_id = any (${p(P.id)}::uuid[])
            and not exists (select 1 from new_tags n where n.customer_id = t.customer_id and n.tag = t.tag)
          returning 1
        ),
        tags as (
          insert into public.customer_tags (org_id, customer_id, tag, kind, label_zh, label_en, reasons)
          select ${req.org_id}::uuid, n.customer_id, n.tag, n.kind, n.label_zh, n.label_en, n.reasons from new_tags n
          on conflict (org_id, customer_id, tag) do update set
            kind = excluded.kind, label_zh = excluded.label_zh, label_en = excluded.label_en, reasons = excluded.reasons,
            created_at = excluded.created_at
          where customer_tags.kind <> 'manual' -- a manual tag of the same name wins
            and (customer_tags.kind, customer_tags.label_zh, customer_tags.label_en, customer_tags.reasons)
                is distinct from (excluded.kind, excluded.label_zh, excluded.label_en, excluded.reasons)
          returning 1
        ),
        history as (
          insert into public.tag_changes (org_id, customer_id, dimension, from_value, to_value, reasons, changed_at)
          select ${req.org_id}::uuid, n.customer_id, n.dim, n.from_value, n.to_value, p.reasons -> n.dim, ${asOf}::timestamptz
          from unnest(${c(C.id)}::uuid[], ${c(C.dim)}, ${c(C.from)}, ${c(C.to)}) as n (customer_id, dim, from_value, to_value)
          join new_profiles p on p.customer_id = n.customer_id
          returning 1
        )
        ${plan ? tx`` : tx`, marked as (
          -- rewritten outside a whole-org run (another as_of, a cached context): the next
          -- incremental whole-org run must look at these again
          insert into private.recompute_dirty as d (customer_id, org_id)
          select n.customer_id, ${req.org_id}::uuid from new_profiles n
          on conflict (customer_id) do update set seq = default
          returning 1
        )`}
        select (select count(*) from profiles) as profiles, (select count(*) from stale_tags) as stale,
               (select count(*) from tags) as tags, (select count(*) from history) as history`;
    };
    if (changed <= WRITE_CHUNK) await write(sql, 0, changed);
    else
      await sql.begin(async (tx) => {
        for (let from = 0; from < changed; from += WRITE_CHUNK) await write(tx as unknown as Sql, from, Math.min(from + WRITE_CHUNK, changed));
      });
  }
  // only the review instant moved (a threshold checked and not crossed): one narrow update
  for (let from = 0; from < R.id.length; from += WRITE_CHUNK * 5) {
    const to = Math.min(from + WRITE_CHUNK * 5, R.id.length);
    await sql`
      update public.customer_profiles p set next_review_at = x.next
      from unnest(string_to_array(${packed(R.id.slice(from, to))}::text, chr(30), chr(31))::uuid[],
                  string_to_array(${packed(R.next.slice(from, to))}::text, chr(30), chr(31))::timestamptz[]) as x (customer_id, next)
      where p.org_id = ${req.org_id} and p.customer_id = x.customer_id`;
  }
  ms.write = since(t);
  const reminderCounts = await reminders.finish(); // [reminders] insert new (on conflict do nothing), close stale
  if (plan) {
    // what this run establishes: every customer not listed as changed from now on is stored as
    // of this as_of, with this key and context — unless another whole-org run overlapped (run_seq)
    const done = plan.dirty;
    await sql.begin(async (tx) => {
      if (done.ids.length)
        await tx`
          delete from private.recompute_dirty d
          using unnest(${done.ids}::uuid[], ${done.seqs}::int8[]) as x (customer_id, seq)
          where d.customer_id = x.customer_id and d.seq = x.seq`;
      await tx`
        update private.recompute_org_state
        set key = case when run_seq = ${plan.runSeq}::int8 then ${plan.key} else '' end, run_seq = run_seq + 1,
            as_of = ${asOf}::timestamptz, ctx = ${tx.json((ctxRaw ?? {}) as Parameters<typeof tx.json>[0])}, finished_at = now()
        where org_id = ${req.org_id}`;
    });
  }
  // an incremental run covers every customer of the org as a full one would (the context counts them)
  const classified = customers;
  if (plan?.mode === 'incremental') customers = ctx!.customers;
  ms.total = since(started);
  for (const k of Object.keys(ms)) ms[k] = Math.round(ms[k]!);
  if (plan)
    await sql`insert into public.recompute_runs (org_id, scope, started_at, finished_at, customers, changed)
              values (${req.org_id}, 'org', now() - make_interval(secs => ${ms.total! / 1000}), now(),
                      ${customers}, ${changed})`;
  return {
    customers, changed, tag_changes: C.id.length, ms, reminders: reminderCounts,
    mode: plan?.mode ?? 'customers', classified, ...(plan?.why ? { why: plan.why } : {}),
    rescheduled: R.id.length, ...(plan?.due !== undefined ? { due: plan.due, events: plan.events! } : {}),
  };
}

export class RecomputeError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}
