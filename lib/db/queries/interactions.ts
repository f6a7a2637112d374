// Interactions: what a rep logs. Inserts are idempotent by the client-made id, so an offline
// outbox can replay a log any number of times and one row is stored.
import type { Tx } from '../with-rls.ts';
import { LIMITS } from '../../domain/vocabulary.ts';
import type { InteractionEdit, InteractionInput } from '../../validation/interaction.ts';

/**
 * Inserts the interaction unless a row with its id exists. Returns whether this call stored it.
 * org_id and rep_id come from the caller's verified membership (RLS checks both again).
 */
export async function insertInteraction(tx: Tx, input: InteractionInput): Promise<{ inserted: boolean }> {
  const rows = await tx`
    insert into public.interactions
      (id, org_id, customer_id, rep_id, kind, initiated_by, occurred_at, duration_min,
       attitude, cognition, sentiment, note, next_step, follow_up_at)
    select ${input.id}, m.org_id, ${input.customer_id}, m.user_id, ${input.kind}, ${input.initiated_by},
           ${input.occurred_at}, ${input.duration_min ?? null}, ${input.attitude ?? null}, ${input.cognition ?? null},
           ${input.sentiment ?? null}, ${input.note ?? null}, ${input.next_step ?? null}, ${input.follow_up_at ?? null}
    from public.members m where m.user_id = (select auth.uid())
    on conflict (id) do nothing
    returning id`;
  return { inserted: rows.length === 1 };
}

/**
 * Is the follow-up day before the day of the log, in the org's time zone (orgs.settings.timezone)?
 * Judged against the log's own time, not now, so an offline log replayed days later still passes.
 */
export async function followUpBeforeLogDay(tx: Tx, p: { occurredAt: Date; followUpAt: Date }): Promise<boolean> {
  const [row] = await tx<{ before: boolean }[]>`
    select (${p.followUpAt}::timestamptz at time zone o.tz)::date < (${p.occurredAt}::timestamptz at time zone o.tz)::date as before
      from (select coalesce(nullif(settings ->> 'timezone', ''), 'Asia/Shanghai') as tz from public.orgs where id = (select private.my_org())) o`;
  return row?.before ?? false;
}

export type InteractionRow = {
  id: string;
  kind: InteractionInput['kind'];
  initiated_by: 'rep' | 'customer';
  occurred_at: Date;
  duration_min: number | null;
  attitude: 'accept' | 'doubt' | null;
  cognition: 'vague' | 'specific' | null;
  sentiment: 'positive' | 'neutral' | 'negative' | null;
  note: string | null;
  next_step: string | null;
  rep_id: string;
};

export async function listInteractions(tx: Tx, customerId: string, limit = 50): Promise<InteractionRow[]> {
  return tx<InteractionRow[]>`
    select id, kind, initiated_by, occurred_at, duration_min, attitude, cognition, sentiment, note, next_step, rep_id
    from public.interactions where customer_id = ${customerId}
    order by occurred_at desc limit ${limit}`;
}

/** The stored interaction with this id, if the caller may see it: tells an idempotent replay from an id clash. */
export async function findInteraction(tx: Tx, id: string): Promise<{ id: string; customer_id: string } | null> {
  const [row] = await tx<{ id: string; customer_id: string }[]>`select id, customer_id from public.interactions where id = ${id}`;
  return row ?? null;
}

// ---------------------------------------------------------------------------
// Edit and recall (migration 20261206007300): RLS carries the windows — the author only, an edit
// within 24 h of storing, a recall within 2 minutes. These functions look first, so a refusal can
// say why (not yours / too late / gone) instead of "0 rows".

export type ChangeRefusal = 'not_found' | 'not_author' | 'too_late';

async function changeable(tx: Tx, id: string, windowMs: number): Promise<{ ok: true; customer_id: string } | { ok: false; why: ChangeRefusal }> {
  const [row] = await tx<{ customer_id: string; mine: boolean; age_ms: number }[]>`
    select customer_id, rep_id = (select auth.uid()) as mine,
           (extract(epoch from now() - created_at) * 1000)::float8 as age_ms
      from public.interactions where id = ${id}`;
  if (!row) return { ok: false, why: 'not_found' };
  if (!row.mine) return { ok: false, why: 'not_author' };
  if (row.age_ms > windowMs) return { ok: false, why: 'too_late' };
  return { ok: true, customer_id: row.customer_id };
}

/** The author changes what the log says; the trigger keeps the before/after in interaction_edits. */
export async function editInteraction(tx: Tx, id: string, e: InteractionEdit) {
  const c = await changeable(tx, id, LIMITS.editWindowMs);
  if (!c.ok) return c;
  const rows = await tx<{ changed: boolean }[]>`
    update public.interactions set kind = ${e.kind}, attitude = ${e.attitude ?? null}, cognition = ${e.cognition ?? null},
           sentiment = ${e.sentiment ?? null}, note = ${e.note ?? null}, next_step = ${e.next_step ?? null},
           follow_up_at = ${e.follow_up_at ?? null}
     where id = ${id}
    returning true as changed`;
  // 0 rows: the window closed between the look and the write (RLS said no).
  if (!rows.length) return { ok: false as const, why: 'too_late' as const };
  const [edit] = await tx<{ n: number }[]>`select count(*)::int as n from public.interaction_edits where interaction_id = ${id} and edited_at = now()`;
  return { ok: true as const, customer_id: c.customer_id, changed: (edit?.n ?? 0) > 0 };
}

/** The author takes the log back; the trigger leaves the trace "你撤回了一条记录". */
export async function recallInteraction(tx: Tx, id: string) {
  const c = await changeable(tx, id, LIMITS.recallWindowMs);
  if (!c.ok) return c;
  const rows = await tx`delete from public.interactions where id = ${id} returning id`;
  if (!rows.length) return { ok: false as const, why: 'too_late' as const };
  return { ok: true as const, customer_id: c.customer_id };
}

/** Was this id recalled? (An outbox replay of a recalled log is answered as already handled.) */
export async function wasRecalled(tx: Tx, id: string): Promise<boolean> {
  const [row] = await tx`select 1 from public.interaction_recalls where interaction_id = ${id}`;
  return !!row;
}

export type InteractionEditRow = { id: string; editor_id: string; editor_name: string | null; edited_at: Date; before: Record<string, unknown>; after: Record<string, unknown> };

/** A log's edit history, oldest first (whoever sees the customer: the author, their manager, the admin). */
export function listInteractionEdits(tx: Tx, id: string): Promise<InteractionEditRow[]> {
  return tx<InteractionEditRow[]>`
    select e.id, e.editor_id, m.display_name as editor_name, e.edited_at, e.before, e.after
      from public.interaction_edits e left join public.members m on m.org_id = e.org_id and m.user_id = e.editor_id
     where e.interaction_id = ${id} order by e.edited_at, e.id`;
}
