// Recompute, step 1 of 4 — plan: which customers a whole-org run classifies (all of them, or
// only the dirty ones, the ones due for review and the ones with time events since the last
// run), with which rules and org context — and the per-isolate caches of parsed rules and org
// contexts that runs of a few customers reuse.
import { createHash } from 'node:crypto';
import type { Sql } from 'npm:postgres@^3.4.9';
import { type OrgContext, parseRules, type Rules } from '../../../lib/engine/index.ts';
import { ENGINE_VERSION } from '../../../lib/engine/version.ts';
import { FINGERPRINT_VERSION } from './recompute-diff.ts';
import type { RecomputeRequest } from './recompute-types.ts';

/** How long a one-customer recompute may reuse an org context (wall clock, and distance of as_of). */
const CONTEXT_TTL_MS = 60_000;
/** An incremental whole-org run with more changed customers than this runs in full instead. */
const INCREMENTAL_MAX = 20_000;

// ---------------------------------------------------------------------------------------------
// Per-isolate caches

const rulesCache = new Map<string, Rules>();
export function rulesFor(raw: unknown): Rules {
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
export function rememberContext(org: string, rules: Rules, ctx: OrgContext, asOfMs: number) {
  if (contextCache.size >= 256) contextCache.clear();
  contextCache.set(contextKey(org, rules), { ctx, asOfMs, storedAt: Date.now() });
}
export function cachedContext(org: string, rules: Rules, asOfMs: number): OrgContext | undefined {
  const e = contextCache.get(contextKey(org, rules));
  if (!e || Date.now() - e.storedAt > CONTEXT_TTL_MS || Math.abs(e.asOfMs - asOfMs) > CONTEXT_TTL_MS) return undefined;
  return e.ctx;
}
/** For tests: forget cached org contexts. */
export const clearRecomputeCaches = () => {
  contextCache.clear();
  rulesCache.clear();
};

// ---------------------------------------------------------------------------------------------
// Whole-org runs: full or incremental

export type OrgRow = { rules: unknown; timezone: string | null; as_of_ms: number };
export type OrgPlan = {
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

export const orgContextQuery = (sql: Sql, org: string, asOf: string, rules: Rules) =>
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
export async function planOrgRun(sql: Sql, req: RecomputeRequest, asOf: string): Promise<OrgPlan> {
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

export class RecomputeError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}
