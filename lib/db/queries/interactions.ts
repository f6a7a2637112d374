// Interactions: what a rep logs. Inserts are idempotent by the client-made id, so an offline
// outbox can replay a log any number of times and one row is stored.
import type { Tx } from '../with-rls.ts';
import type { InteractionInput } from '../../validation/interaction.ts';

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
