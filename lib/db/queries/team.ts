// The manager's 团队 tab: the team's open reminders grouped by rep, each rep's completion rate,
// and reassigning a customer. Run inside withRls — a manager's rows are their team's because the
// policies say so (reminders: the customer is visible; customers: owned by a team member;
// private.visible_owner_ids(): self, the team, or the whole org for an admin). Counting and
// ranking happen in SQL; nothing here loads all of a team's reminders into JS.
//
// Overdue, due today and completion are private.reminder_state / reminder_outcome (migration
// 20261206006001): the same definition the rep's badge and list use, in the org's days.
//   overdue    open or snoozed, due (snooze end for a snoozed one) on a day before today
//   completion over a window (from, to]: done ÷ (done + dismissed by a person + missed), where
//              missed = still open or snoozed, due after `from` and overdue at `to`;
//              null when nothing counts (shown as "—").
// Reminders the recompute closed because their reason no longer holds (status 'closed') count
// for nobody. Each reminder counts once per window, at the moment its outcome happened.
import type { Tx } from '../with-rls.ts';
import type { MemberRole } from './members.ts';

// The overview is a digest (a phone screen per rep at most); "show all" opens one rep's list.
export const TEAM_ITEMS_PER_REP = 5;
export const TEAM_ITEMS_ONE_REP = 200;

export type Rate = { done: number; dismissed: number; missed: number; rate: number | null };

export type RepSummary = {
  user_id: string;
  display_name: string;
  role: MemberRole;
  active: boolean;
  team_id: string | null;
  team_name: string | null;
  open: number;
  /** private.reminder_state = 'overdue' (due on a day before today), as on the rep's own badge */
  overdue: number;
  due_today: number;
  next_due: Date | null;
  week: Rate;
  month: Rate;
};

export type TeamReminder = {
  id: string;
  assignee_id: string;
  customer_id: string;
  customer_name: string;
  customer_owner_id: string;
  kind: string;
  reason: { zh?: string; en?: string } | null;
  status: 'open' | 'snoozed';
  /** when it is (or was) due: the snooze's end for a snoozed reminder */
  fire_at: Date;
  overdue: boolean;
};

export type TeamOverview = { reps: (RepSummary & { items: TeamReminder[] })[] };

const DAY_MS = 86_400_000;

// The completion definition (the header comment), once, for teamOverview and completionByRep:
// both read public.reminders as `r` with the org's zone as `z.tz`.

/** When a reminder is (or was) due: the snooze's end for a snoozed one. */
const fireAt = (tx: Tx) => tx`select private.reminder_fire_time(r.status, r.due_at, r.snoozed_until) as fire_at`;

/** done / dismissed / missed over (from, to], as aggregates named done<suffix>, dismissed<suffix>, missed<suffix>. */
const completionCounts = (tx: Tx, from: Date, to: Date, suffix = '') => {
  const outcome = tx`private.reminder_outcome(r.status, r.due_at, r.snoozed_until, r.closed_at, r.closed_by, ${from}, ${to}, z.tz)`;
  return tx`
  count(*) filter (where ${outcome} = 'done')::int as ${tx(`done${suffix}`)},
  count(*) filter (where ${outcome} = 'dismissed')::int as ${tx(`dismissed${suffix}`)},
  count(*) filter (where ${outcome} = 'missed')::int as ${tx(`missed${suffix}`)}`;
};

/** rate = done ÷ (done + dismissed + missed), null when nothing counts; from completionCounts' columns in `s`. */
const completionRate = (tx: Tx, suffix = '') => {
  const col = (c: string) => tx(`s.${c}${suffix}`);
  return tx`${col('done')}::float8 / nullif(${col('done')} + ${col('dismissed')} + ${col('missed')}, 0)`;
};

/**
 * The reps the caller can see (active reps of their team — everyone's for an admin — plus any
 * other member with reminders in play), rep with most overdue first, then the soonest due;
 * with each rep's first `perRep` open reminders, overdue first then by due time.
 */
export async function teamOverview(
  tx: Tx,
  params: { orgId: string; now: Date; perRep?: number; repId?: string | null },
): Promise<TeamOverview> {
  const { orgId, now } = params;
  const perRep = Math.min(Math.max(params.perRep ?? TEAM_ITEMS_PER_REP, 1), TEAM_ITEMS_ONE_REP);
  const weekAgo = new Date(now.getTime() - 7 * DAY_MS);
  const monthAgo = new Date(now.getTime() - 30 * DAY_MS);
  const repFilter = params.repId ? tx`and m.user_id = ${params.repId}` : tx``;
  // Only the reminders of the members shown (the caller's team, or the one rep asked for): an
  // index range on (org_id, assignee_id, …) instead of the org's every reminder through RLS.
  const assignees = params.repId
    ? tx`and r.assignee_id = ${params.repId}`
    : tx`and r.assignee_id = any ((select private.visible_owner_ids())::uuid[])`;

  const reps = await tx<(Omit<RepSummary, 'week' | 'month'> & Record<string, number | null>)[]>`
    with z as (select private.org_tz(${orgId}) as tz),
    s as (
      select r.assignee_id,
             count(*) filter (where r.status in ('open', 'snoozed'))::int as open,
             count(*) filter (where private.reminder_state(r.status, r.due_at, r.snoozed_until, ${now}, z.tz) = 'overdue')::int as overdue,
             count(*) filter (where private.reminder_state(r.status, r.due_at, r.snoozed_until, ${now}, z.tz) = 'today')::int as due_today,
             min(f.fire_at) filter (where r.status in ('open', 'snoozed')) as next_due,
             ${completionCounts(tx, weekAgo, now, '_7')},
             ${completionCounts(tx, monthAgo, now, '_30')}
        from public.reminders r
        cross join lateral (${fireAt(tx)}) f
        cross join z
       where r.org_id = ${orgId} ${assignees}
         and (r.status in ('open', 'snoozed') or r.closed_at > ${monthAgo})
       group by r.assignee_id
    )
    select m.user_id, m.display_name, m.role, m.active, m.team_id, t.name as team_name,
           coalesce(s.open, 0) as open, coalesce(s.overdue, 0) as overdue, coalesce(s.due_today, 0) as due_today, s.next_due,
           coalesce(s.done_7, 0) as done_7, coalesce(s.dismissed_7, 0) as dismissed_7, coalesce(s.missed_7, 0) as missed_7,
           ${completionRate(tx, '_7')} as rate_7,
           coalesce(s.done_30, 0) as done_30, coalesce(s.dismissed_30, 0) as dismissed_30, coalesce(s.missed_30, 0) as missed_30,
           ${completionRate(tx, '_30')} as rate_30
      from public.members m
      left join public.teams t on t.org_id = m.org_id and t.id = m.team_id
      left join s on s.assignee_id = m.user_id
     where m.org_id = ${orgId}
       and m.user_id = any ((select private.visible_owner_ids())::uuid[])
       and ((m.active and m.role = 'rep') or s.assignee_id is not null)
       ${repFilter}
     order by t.name nulls last, t.id, coalesce(s.overdue, 0) desc, s.next_due nulls last, m.display_name, m.user_id`;

  if (reps.length === 0) return { reps: [] };

  // Each rep's first few: one pass over the shown reps' open reminders, ranked per rep (the
  // policy's check on customers is built once for the pass, not once per rep), then the customer
  // names for the few kept.
  const items = await tx<TeamReminder[]>`
    with z as (select private.org_tz(${orgId}) as tz),
    ranked as (
      select r.id, r.assignee_id, r.customer_id, r.kind, r.reason, r.status::text as status, f.fire_at,
             private.reminder_state(r.status, r.due_at, r.snoozed_until, ${now}, z.tz) = 'overdue' as overdue,
             row_number() over (partition by r.assignee_id order by f.fire_at, r.id) as n
        from public.reminders r
        cross join lateral (${fireAt(tx)}) f
        cross join z
       where r.org_id = ${orgId} and r.assignee_id = any (${reps.map((r) => r.user_id)}::uuid[])
         and r.status in ('open', 'snoozed')
    )
    select k.id, k.assignee_id, k.customer_id, c.name as customer_name, c.owner_id as customer_owner_id,
           k.kind, k.reason, k.status, k.fire_at, k.overdue
      from ranked k
      join public.customers c on c.org_id = ${orgId} and c.id = k.customer_id
     where k.n <= ${perRep}
     order by k.assignee_id, k.fire_at, k.id`;

  const byRep = new Map<string, TeamReminder[]>();
  for (const item of items) {
    const list = byRep.get(item.assignee_id) ?? [];
    list.push(item);
    byRep.set(item.assignee_id, list);
  }
  const rate = (r: Record<string, unknown>, d: 7 | 30): Rate => ({
    done: r[`done_${d}`] as number,
    dismissed: r[`dismissed_${d}`] as number,
    missed: r[`missed_${d}`] as number,
    rate: r[`rate_${d}`] as number | null,
  });
  return {
    reps: reps.map((r) => ({
      user_id: r.user_id,
      display_name: r.display_name,
      role: r.role,
      active: r.active,
      team_id: r.team_id,
      team_name: r.team_name,
      open: r.open as number,
      overdue: r.overdue as number,
      due_today: r.due_today as number,
      next_due: r.next_due as Date | null,
      week: rate(r, 7),
      month: rate(r, 30),
      items: byRep.get(r.user_id) ?? [],
    })),
  };
}

/**
 * The same completion rate as teamOverview, over any window (from, to] — for 洞察 (insights),
 * whose period may be 90 days or a date range. One row per rep the caller can see (active reps,
 * plus any member with something counted), best rate first.
 */
export type RepCompletion = { user_id: string; display_name: string } & Rate;
export function completionByRep(tx: Tx, params: { orgId: string; from: Date; to: Date }): Promise<RepCompletion[]> {
  const { orgId, from, to } = params;
  return tx<RepCompletion[]>`
    with z as (select private.org_tz(${orgId}) as tz),
    s as (
      select r.assignee_id, ${completionCounts(tx, from, to)}
        from public.reminders r
        cross join z
       where r.org_id = ${orgId}
         -- the three arms match partial indexes (migration 20261125000400): one BitmapOr
         and ((r.status in ('done', 'dismissed') and r.closed_at > ${from} and r.closed_at <= ${to})
              or (r.status = 'open' and r.due_at > ${from} and r.due_at <= ${to})
              or (r.status = 'snoozed' and coalesce(r.snoozed_until, r.due_at) > ${from} and coalesce(r.snoozed_until, r.due_at) <= ${to}))
       group by r.assignee_id
    )
    select m.user_id, m.display_name,
           coalesce(s.done, 0) as done, coalesce(s.dismissed, 0) as dismissed, coalesce(s.missed, 0) as missed,
           ${completionRate(tx)} as rate
      from public.members m
      left join s on s.assignee_id = m.user_id
     where m.org_id = ${orgId}
       and m.user_id = any ((select private.visible_owner_ids())::uuid[])
       and ((m.active and m.role = 'rep') or coalesce(s.done + s.dismissed + s.missed, 0) > 0)
     order by rate desc nulls last, m.display_name, m.user_id`;
}

export type Assignee = { user_id: string; display_name: string; role: MemberRole; team_name: string | null; customers: number };

/**
 * The members the caller may hand a customer to: a manager, the active reps of their own team;
 * an admin, every active member of the org; a rep, nobody. The same rule as reassignCustomer.
 * `customers` is how many (visible) customers each already has, to spread the load.
 */
export function listAssignees(tx: Tx): Promise<Assignee[]> {
  return tx<Assignee[]>`
    with me as (
      select m.org_id, m.role, m.team_id from public.members m where m.user_id = (select auth.uid()) and m.active
    ), load as (
      select c.owner_id, count(*)::int as n from public.customers c, me
       where c.org_id = me.org_id and c.merged_into is null group by c.owner_id
    )
    select m.user_id, m.display_name, m.role, t.name as team_name, coalesce(load.n, 0) as customers
      from public.members m
      join me on m.org_id = me.org_id
      left join public.teams t on t.org_id = m.org_id and t.id = m.team_id
      left join load on load.owner_id = m.user_id
     where m.active
       and (me.role = 'admin' or (me.role = 'manager' and m.role = 'rep' and m.team_id = me.team_id))
     order by t.name nulls last, (m.role = 'rep') desc, m.display_name, m.user_id`;
}

export type ReassignResult =
  | { status: 'not_a_manager' }
  | { status: 'not_found' }
  | { status: 'owner_not_allowed' }
  | { status: 'ok'; changed: boolean; from_owner: string; owner_id: string; owner_name: string; reminders_moved: number };

/**
 * Gives the customer to `ownerId`, in one statement under the caller's RLS. The customer must be
 * visible to the caller (else not_found — a customer of another team is not confirmed to exist),
 * the new owner one listAssignees would offer (else owner_not_allowed). The customer's open and
 * snoozed reminders follow in the same statement (trigger customers_owner_a_reminders, security
 * invoker) and the change is recorded in customer_owner_changes (migration …000600).
 */
export async function reassignCustomer(tx: Tx, params: { customerId: string; ownerId: string }): Promise<ReassignResult> {
  const [row] = await tx<
    { role: MemberRole | null; from_owner: string | null; target_id: string | null; target_name: string | null; changed: number; moving: number }[]
  >`
    with me as (
      select m.org_id, m.role, m.team_id from public.members m where m.user_id = (select auth.uid()) and m.active
    ), cust as (
      select c.id, c.org_id, c.owner_id from public.customers c join me on c.org_id = me.org_id
       where c.id = ${params.customerId} and c.merged_into is null
    ), target as (
      select m.user_id, m.display_name from public.members m join me on m.org_id = me.org_id
       where m.user_id = ${params.ownerId} and m.active
         and (me.role = 'admin' or (me.role = 'manager' and m.role = 'rep' and m.team_id = me.team_id))
    ), moving as (
      select count(*)::int as n from public.reminders r join cust on r.org_id = cust.org_id and r.customer_id = cust.id
       where r.status in ('open', 'snoozed') and r.assignee_id is distinct from ${params.ownerId}
    ), upd as (
      update public.customers c set owner_id = target.user_id
        from cust, target, me
       where c.org_id = cust.org_id and c.id = cust.id and c.owner_id <> target.user_id and me.role in ('manager', 'admin')
      returning c.id
    )
    select (select role from me) as role, (select owner_id from cust) as from_owner,
           (select user_id from target) as target_id, (select display_name from target) as target_name,
           (select count(*) from upd)::int as changed, (select n from moving) as moving`;
  if (!row || (row.role !== 'manager' && row.role !== 'admin')) return { status: 'not_a_manager' };
  if (!row.from_owner) return { status: 'not_found' };
  if (!row.target_id || !row.target_name) return { status: 'owner_not_allowed' };
  const changed = row.changed > 0;
  return {
    status: 'ok',
    changed,
    from_owner: row.from_owner,
    owner_id: row.target_id,
    owner_name: row.target_name,
    reminders_moved: changed ? row.moving : 0,
  };
}

export type OwnerChange = {
  id: number;
  customer_id: string;
  customer_name: string;
  from_name: string | null;
  to_name: string | null;
  by_name: string | null;
  changed_at: Date;
};

/** The latest reassignments of customers the caller sees, newest first (the team tab's history). */
export function listOwnerChanges(tx: Tx, params: { orgId: string; limit?: number }): Promise<OwnerChange[]> {
  const limit = Math.min(Math.max(params.limit ?? 10, 1), 100);
  return tx<OwnerChange[]>`
    select h.id::int as id, h.customer_id, c.name as customer_name, f.display_name as from_name, t.display_name as to_name,
           b.display_name as by_name, h.changed_at
      from public.customer_owner_changes h
      join public.customers c on c.org_id = h.org_id and c.id = h.customer_id
      left join public.members f on f.org_id = h.org_id and f.user_id = h.from_owner
      left join public.members t on t.org_id = h.org_id and t.user_id = h.to_owner
      left join public.members b on b.org_id = h.org_id and b.user_id = h.changed_by
     where h.org_id = ${params.orgId}
     order by h.changed_at desc, h.id desc
     limit ${limit}`;
}

/** A promise (a follow-up day the rep set) this many org-days late goes up to the manager. */
export const PROMISE_ESCALATE_DAYS = 3;
/** A detractor call-back still open this long after it was raised goes up as escalated. */
export const DETRACTOR_ESCALATE_HOURS = 24;

export type Escalation = {
  id: string;
  kind: 'detractor' | 'follow_up';
  customer_id: string;
  customer_name: string;
  rep_id: string;
  rep_name: string;
  reason: { zh?: string; en?: string } | null;
  created_at: Date;
  days_late: number;
  /** detractor: open longer than DETRACTOR_ESCALATE_HOURS; a late promise always is */
  escalated: boolean;
};

/**
 * What the manager must see on 团队 (issue 14): every open detractor call-back of the people they
 * can see (a notice as soon as it is raised, escalated after 24 h), and every promise more than
 * PROMISE_ESCALATE_DAYS org-days late (private.reminder_days_late, the one definition), with the
 * rep's name. Escalated first, then detractors, then the latest.
 */
export function listEscalations(tx: Tx, params: { orgId: string; now: Date; limit?: number }): Promise<Escalation[]> {
  const { orgId, now } = params;
  const limit = Math.min(Math.max(params.limit ?? 30, 1), 200);
  return tx<Escalation[]>`
    with z as (select private.org_tz(${orgId}) as tz),
    r as (
      select r.*, private.reminder_days_late(r.status, r.due_at, r.snoozed_until, ${now}, z.tz) as days_late
        from public.reminders r cross join z
       where r.org_id = ${orgId}
         and r.assignee_id = any ((select private.visible_owner_ids())::uuid[])
         and r.status in ('open', 'snoozed') and r.kind in ('detractor', 'follow_up')
    )
    select r.id, r.kind, r.customer_id, c.name as customer_name, r.assignee_id as rep_id, m.display_name as rep_name,
           r.reason, r.created_at, r.days_late,
           (r.kind = 'follow_up' or r.created_at <= ${now}::timestamptz - make_interval(hours => ${DETRACTOR_ESCALATE_HOURS})) as escalated
      from r
      join public.customers c on c.org_id = r.org_id and c.id = r.customer_id
      join public.members m on m.org_id = r.org_id and m.user_id = r.assignee_id
     where r.kind = 'detractor' or r.days_late > ${PROMISE_ESCALATE_DAYS}
     order by escalated desc, (r.kind = 'detractor') desc, r.days_late desc, r.created_at desc, r.id
     limit ${limit}`;
}
