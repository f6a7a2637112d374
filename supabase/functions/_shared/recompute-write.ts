// Recompute, step 4 of 4 — write: the changed customers in one statement per chunk (profiles
// upserted, the engine's stale tags deleted and current ones upserted, tag_changes appended), the
// one-column next-review updates, and what a whole-org run establishes (the org state, the dirty
// customers it covered, the run's row in recompute_runs).
import type { Sql } from 'npm:postgres@^3.4.9';
import type { ChangeSet } from './recompute-diff.ts';
import type { OrgPlan } from './recompute-plan.ts';

/** Changed customers per write statement. */
const WRITE_CHUNK = 2000;

// A column of values as one text[] literal the server builds with string_to_array(): values
// joined by U+001E, null as U+001F. postgres.js' own array parameters escape every element in
// JS and array_in() unescapes it again — 5–6× slower for the ~10 MB of reasons a 2,000-customer
// chunk carries. JSON text never holds a raw control character (JSON.stringify escapes them),
// nor do uuids, enum labels, numbers or the engine's labels; anything else is refused.
export const SEP = '\u001e';
export const NUL = '\u001f';
const CONTROL = /[\u001e\u001f]/;
export function packed(values: (string | number | null)[]): string {
  let text = '';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'string' && CONTROL.test(v)) throw new Error(`recompute: value contains a separator: ${JSON.stringify(v.slice(0, 80))}`);
    text += (i ? SEP : '') + (v === null || v === undefined ? NUL : v);
  }
  return text;
}

/** Writes what changed. `markDirty`: outside a whole-org run the rewritten customers are listed again. */
export async function writeChanges(sql: Sql, org: string, asOf: string, cs: ChangeSet, markDirty: boolean): Promise<void> {
  const { P, T, C } = cs;
  const changed = P.id.length;
  if (!changed) return;
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
        select n.customer_id, ${org}::uuid, n.rel, n.sec, n.funnel, n.value, n.lifecycle, n.loyalty, n.risk, n.needs, n.priority,
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
        where t.org_id = ${org} and t.kind <> 'manual' and t.customer_id = any (${p(P.id)}::uuid[])
          and not exists (select 1 from new_tags n where n.customer_id = t.customer_id and n.tag = t.tag)
        returning 1
      ),
      tags as (
        insert into public.customer_tags (org_id, customer_id, tag, kind, label_zh, label_en, reasons)
        select ${org}::uuid, n.customer_id, n.tag, n.kind, n.label_zh, n.label_en, n.reasons from new_tags n
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
        select ${org}::uuid, n.customer_id, n.dim, n.from_value, n.to_value, p.reasons -> n.dim, ${asOf}::timestamptz
        from unnest(${c(C.id)}::uuid[], ${c(C.dim)}, ${c(C.from)}, ${c(C.to)}) as n (customer_id, dim, from_value, to_value)
        join new_profiles p on p.customer_id = n.customer_id
        returning 1
      )
      ${!markDirty ? tx`` : tx`, marked as (
        -- rewritten outside a whole-org run (another as_of, a cached context): the next
        -- incremental whole-org run must look at these again
        insert into private.recompute_dirty as d (customer_id, org_id)
        select n.customer_id, ${org}::uuid from new_profiles n
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

/** Only the review instant moved (a threshold checked and not crossed): one narrow update per 10,000. */
export async function writeReviews(sql: Sql, org: string, cs: ChangeSet): Promise<void> {
  const { R } = cs;
  for (let from = 0; from < R.id.length; from += WRITE_CHUNK * 5) {
    const to = Math.min(from + WRITE_CHUNK * 5, R.id.length);
    await sql`
      update public.customer_profiles p set next_review_at = x.next
      from unnest(string_to_array(${packed(R.id.slice(from, to))}::text, chr(30), chr(31))::uuid[],
                  string_to_array(${packed(R.next.slice(from, to))}::text, chr(30), chr(31))::timestamptz[]) as x (customer_id, next)
      where p.org_id = ${org} and p.customer_id = x.customer_id`;
  }
}

/** A whole-org run's end: the dirty customers it read are off the list, the org state says what it established. */
export async function finishOrgRun(sql: Sql, org: string, asOf: string, plan: OrgPlan, ctxRaw: unknown): Promise<void> {
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
      where org_id = ${org}`;
  });
}

/** The run's row (the admin's "last run"). */
export async function recordOrgRun(sql: Sql, org: string, totalMs: number, customers: number, changed: number): Promise<void> {
  await sql`insert into public.recompute_runs (org_id, scope, started_at, finished_at, customers, changed)
            values (${org}, 'org', now() - make_interval(secs => ${totalMs / 1000}), now(), ${customers}, ${changed})`;
}
