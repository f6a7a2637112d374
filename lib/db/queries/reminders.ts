// Reminders for the 提醒 tab: the signed-in member's open and snoozed reminders by section, the
// tab's badge count, and the three things a member does with one (done / snooze / dismiss).
// Run inside withRls: a rep sees and changes the reminders of their own customers, a manager
// their team's, an admin the org's (supabase/migrations/*_rls_policies.sql); a reminder the
// caller can't see is simply not found. Reminders are made and auto-closed by the playbook
// (supabase/functions/_shared/reminders.ts), never here.
//
// Days are the org's days (orgs.settings.timezone, default Asia/Shanghai), computed by Postgres:
// "today" and "tomorrow 9:00" mean the same to everyone in the org whatever the phone's clock says.
// A snoozed reminder is due again at snoozed_until: it counts and sorts by that moment.
import type { Tx } from '../with-rls.ts';
import type { DismissInput, DoneInput, SnoozePreset } from '../../validation/reminder.ts';

export type ReminderSection = 'overdue' | 'today' | 'upcoming';
export type ReminderItem = {
  id: string;
  customer_id: string;
  customer_name: string;
  company: string | null;
  kind: string;
  /** the playbook's words; `advice` = how to treat this kind of customer (lib/engine/treatment.ts) */
  reason: { zh?: string; en?: string; advice?: { zh: string; en: string } };
  status: 'open' | 'snoozed';
  /** when it is due: due_at, or snoozed_until for a snoozed one */
  due: Date;
  /** whole org-days from the due day to today (positive = overdue by that many days) */
  days_late: number;
  snoozed: boolean;
  section: ReminderSection;
  /** the customer's value tier and ranking score, for 今日's order (lib/engine/today.ts); null before classification */
  value_tier: string | null;
  priority: number | null;
};

/** How far ahead "upcoming" looks. */
export const UPCOMING_DAYS = 14;
const LIMIT = 300;

const tzOf = (tx: Tx) => tx`private.org_tz((select private.my_org()))`;

/** The caller's open and snoozed reminders due before the end of the upcoming window, soonest first. */
export async function listMyReminders(tx: Tx): Promise<ReminderItem[]> {
  // Sections and days late come from private.reminder_state / reminder_days_late
  // (migration 20261206006001), the one definition the badge, Team and Insights use too.
  return tx<ReminderItem[]>`
    with z as (select private.org_tz((select private.my_org())) as tz, now() as now),
    mine as (
      select r.*, private.reminder_fire_time(r.status, r.due_at, r.snoozed_until) as due,
             private.reminder_state(r.status, r.due_at, r.snoozed_until, z.now, z.tz) as state,
             private.reminder_days_late(r.status, r.due_at, r.snoozed_until, z.now, z.tz) as days_late
        from public.reminders r cross join z
       where r.org_id = (select private.my_org()) and r.assignee_id = (select auth.uid()) and r.status in ('open', 'snoozed')
    )
    select m.id, m.customer_id, c.name as customer_name, c.company, m.kind, m.reason, m.status::text as status, m.due,
           m.status = 'snoozed' and m.due > z.now as snoozed, m.days_late, m.state as section,
           p.value_tier, p.priority
      from mine m
      join public.customers c on c.id = m.customer_id
      left join public.customer_profiles p on p.org_id = m.org_id and p.customer_id = m.customer_id
      cross join z
     where m.days_late > ${-(UPCOMING_DAYS + 1)}::int and c.merged_into is null
     order by m.due, m.id
     limit ${LIMIT}`;
}

/** The tab badge: reminders due by the end of today (overdue + today), by private.reminder_state. */
export async function countDueReminders(tx: Tx): Promise<number> {
  const [row] = await tx<{ n: number }[]>`
    with z as (select private.org_tz((select private.my_org())) as tz, now() as now)
    select count(*)::int as n
      from public.reminders r cross join z
     where r.org_id = (select private.my_org()) and r.assignee_id = (select auth.uid()) and r.status in ('open', 'snoozed')
       and private.reminder_state(r.status, r.due_at, r.snoozed_until, z.now, z.tz) in ('overdue', 'today')`;
  return row?.n ?? 0;
}

/** The org's 今日 size (orgs.settings.today_limit, lib/engine/today.ts). */
export async function myOrgSettings(tx: Tx): Promise<unknown> {
  const [row] = await tx<{ settings: unknown }[]>`select o.settings from public.orgs o where o.id = (select private.my_org())`;
  return row?.settings ?? null;
}

export type ActionOutcome =
  | { found: false }
  | { found: true; changed: boolean; status: string; snoozed_until: Date | null; outcomeRequired?: true };

type Row = { id: string; status: string; snoozed_until: Date | null; kind: string; customer_id: string };

/** Locks the reminder if the caller may see it (RLS), so two taps from two phones apply one after the other. */
async function lock(tx: Tx, id: string): Promise<Row | null> {
  const [row] = await tx<Row[]>`select id, status::text as status, snoozed_until, kind, customer_id from public.reminders where id = ${id} for update`;
  return row ?? null;
}

const CLOSED = new Set(['done', 'dismissed', 'closed']);

/** The timeline's words for a detractor call-back's outcome (zh-CN first, as the team reads it). */
export const OUTCOME_NOTE: Record<NonNullable<DoneInput['outcome']>, string> = {
  resolved: '差评回访：问题已解决',
  partly: '差评回访：部分解决，继续跟进',
  unresolved: '差评回访：未能解决',
  unreachable: '差评回访：联系不上客户',
};

/**
 * Marks the reminder done. Doing it twice is a no-op (changed: false); a reminder already
 * dismissed or auto-closed stays as it is (changed: false, its status tells which).
 * A detractor reminder wants the call-back's outcome (else outcomeRequired, nothing changed);
 * the outcome goes on the customer's timeline as a call by the caller, in the same transaction.
 */
export async function completeReminder(tx: Tx, id: string, input: DoneInput = {}): Promise<ActionOutcome> {
  const row = await lock(tx, id);
  if (!row) return { found: false };
  if (CLOSED.has(row.status)) return { found: true, changed: false, status: row.status, snoozed_until: row.snoozed_until };
  if (row.kind === 'detractor') {
    if (!input.outcome) return { found: true, changed: false, status: row.status, snoozed_until: row.snoozed_until, outcomeRequired: true };
    const note = input.note ? `${OUTCOME_NOTE[input.outcome]}。${input.note}` : OUTCOME_NOTE[input.outcome];
    await tx`insert into public.interactions (id, org_id, customer_id, rep_id, kind, initiated_by, occurred_at, note)
             values (gen_random_uuid(), (select private.my_org()), ${row.customer_id}, (select auth.uid()), 'call', 'rep', now(), ${note})`;
    await tx`update public.reminders set status = 'done', close_reason = ${input.outcome}, close_note = ${input.note || null} where id = ${id}`;
  } else {
    await tx`update public.reminders set status = 'done' where id = ${id}`;
  }
  return { found: true, changed: true, status: 'done', snoozed_until: row.snoozed_until };
}

/** Snoozes an open (or already snoozed) reminder to a preset moment in the org's time zone. */
export async function snoozeReminder(tx: Tx, id: string, preset: SnoozePreset): Promise<ActionOutcome> {
  const row = await lock(tx, id);
  if (!row) return { found: false };
  if (CLOSED.has(row.status)) return { found: true, changed: false, status: row.status, snoozed_until: row.snoozed_until };
  const tz = tzOf(tx);
  const until =
    preset === 'hour'
      ? tx`now() + interval '1 hour'`
      : preset === 'tomorrow'
        ? tx`(date_trunc('day', now() at time zone ${tz}) + interval '1 day 9 hours') at time zone ${tz}`
        : // next week = next Monday, 9:00
          tx`(date_trunc('week', now() at time zone ${tz}) + interval '7 days 9 hours') at time zone ${tz}`;
  const [updated] = await tx<{ snoozed_until: Date }[]>`
    update public.reminders set status = 'snoozed', snoozed_until = ${until} where id = ${id} returning snoozed_until`;
  return { found: true, changed: true, status: 'snoozed', snoozed_until: updated!.snoozed_until };
}

/** Dismisses an open or snoozed reminder with the rep's reason (and a few words for 'other'). */
export async function dismissReminder(tx: Tx, id: string, input: DismissInput): Promise<ActionOutcome> {
  const row = await lock(tx, id);
  if (!row) return { found: false };
  if (CLOSED.has(row.status)) return { found: true, changed: false, status: row.status, snoozed_until: row.snoozed_until };
  await tx`update public.reminders set status = 'dismissed', close_reason = ${input.reason}, close_note = ${input.note || null}
           where id = ${id}`;
  return { found: true, changed: true, status: 'dismissed', snoozed_until: row.snoozed_until };
}

/** How long after closing a reminder its closer may take it back (the 5-second undo toast, with slack for a slow network). */
export const UNDO_SECONDS = 60;

/**
 * Undo: puts a reminder the caller closed (done / dismissed) or snoozed in the last UNDO_SECONDS
 * back to open. Anything else — closed by someone else or by the playbook, or long ago — stays
 * as it is (changed: false), so undo can't reopen what the rep did not just do.
 */
export async function reopenReminder(tx: Tx, id: string): Promise<ActionOutcome> {
  const [row] = await tx<(Row & { closed_by: string | null; recent: boolean; mine: boolean })[]>`
    select id, status::text as status, snoozed_until, kind, customer_id, closed_by,
           coalesce(closed_at, now()) > now() - make_interval(secs => ${UNDO_SECONDS}) as recent,
           closed_by is not distinct from (select auth.uid()) as mine
      from public.reminders where id = ${id} for update`;
  if (!row) return { found: false };
  if (row.status === 'open') return { found: true, changed: false, status: 'open', snoozed_until: null };
  const undoable = (row.status === 'snoozed') || ((row.status === 'done' || row.status === 'dismissed') && row.mine && row.recent);
  if (!undoable) return { found: true, changed: false, status: row.status, snoozed_until: row.snoozed_until };
  await tx`update public.reminders set status = 'open', snoozed_until = null, close_reason = null, close_note = null where id = ${id}`;
  return { found: true, changed: true, status: 'open', snoozed_until: null };
}
