// 今日: the rep's day, ranked and capped (issue 14). A list of 110 reminders gets ignored, and
// then the playbook does nothing; so the 提醒 tab opens on at most `limit` customers (org
// setting, default 12), the ones a rep must not miss first:
//   1 detractor   an unhappy survey answer or complaint — call back within 24 h
//   2 promise     a follow-up day the rep set themselves, now past (seed 002: 约定跟进)
//   3 at_risk     a high-value customer at risk of churning (seeds 001/004: 挽留)
//   4 funnel      the next move for a prospect's funnel stage, or a promise due today
//   5 retention   any other customer at risk
// Routine care, cadence touches and surveys (care / touch / survey) never take a place of their
// own: they fold into one digest row ("还有 23 条常规关怀") that opens them grouped by customer.
// One customer is one item: all of its due reminders merge into it, the best reason first.
// Within a class, higher customer priority (lib/engine/priority.ts) and then lateness go first.
// Pure, like the rest of lib/engine, so the page and tests rank the same way.

export const TODAY_LIMIT_DEFAULT = 12;
export const TODAY_LIMIT_MAX = 30;

export type TodayClass = 'detractor' | 'promise' | 'at_risk' | 'funnel' | 'retention' | 'routine';
const ORDER: Record<TodayClass, number> = { detractor: 0, promise: 1, at_risk: 2, funnel: 3, retention: 4, routine: 9 };
const ROUTINE_KINDS = new Set(['care', 'touch', 'survey']);

export type DueReminder = {
  id: string;
  customer_id: string;
  kind: string;
  /** whole org-days late: > 0 overdue, 0 due today */
  days_late: number;
  /** the customer's value tier and ranking score (customer_profiles), null before the first classification */
  value_tier: string | null;
  priority: number | null;
};

export type TodayEntry<T extends DueReminder> = {
  customer_id: string;
  class: TodayClass;
  /** the customer's due reminders, the one that ranks it first */
  items: T[];
};

export type TodayPlan<T extends DueReminder> = {
  /** at most `limit` customers, most urgent first */
  top: TodayEntry<T>[];
  /** everything else due, grouped by customer (routine first by customer priority) */
  digest: TodayEntry<T>[];
  /** reminders in the digest, and how many of them are routine care / touch / survey */
  digestCount: number;
  digestRoutine: number;
};

export function classify(r: DueReminder): TodayClass {
  if (r.kind === 'detractor') return 'detractor';
  if (r.kind === 'follow_up') return r.days_late > 0 ? 'promise' : 'funnel';
  if (r.kind === 'retention') return r.value_tier === 'high' ? 'at_risk' : 'retention';
  if (r.kind === 'stage_next') return 'funnel';
  if (ROUTINE_KINDS.has(r.kind)) return 'routine';
  return 'funnel'; // a kind this table does not know yet is shown rather than buried
}

/** orgs.settings.today_limit: a whole number 1–30; anything else → the default (12). */
export function todayLimit(settings: unknown): number {
  const v = (settings as { today_limit?: unknown } | null)?.today_limit;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= TODAY_LIMIT_MAX ? v : TODAY_LIMIT_DEFAULT;
}

const byUrgency = <T extends DueReminder>(a: TodayEntry<T>, b: TodayEntry<T>) => {
  const lead = (e: TodayEntry<T>) => e.items[0]!;
  return (
    ORDER[a.class] - ORDER[b.class] ||
    (lead(b).priority ?? 0) - (lead(a).priority ?? 0) ||
    lead(b).days_late - lead(a).days_late ||
    a.customer_id.localeCompare(b.customer_id)
  );
};

/** Ranks the due (overdue + today) reminders into 今日 and the digest. */
export function planToday<T extends DueReminder>(due: readonly T[], limit = TODAY_LIMIT_DEFAULT): TodayPlan<T> {
  const byCustomer = new Map<string, T[]>();
  for (const r of due) {
    const list = byCustomer.get(r.customer_id);
    if (list) list.push(r);
    else byCustomer.set(r.customer_id, [r]);
  }
  const entries: TodayEntry<T>[] = [];
  for (const [customer_id, items] of byCustomer) {
    const sorted = [...items].sort((a, b) => ORDER[classify(a)] - ORDER[classify(b)] || b.days_late - a.days_late || a.id.localeCompare(b.id));
    entries.push({ customer_id, class: classify(sorted[0]!), items: sorted });
  }
  entries.sort(byUrgency);
  const urgent = entries.filter((e) => e.class !== 'routine');
  const top = urgent.slice(0, Math.max(1, limit));
  const inTop = new Set(top.map((e) => e.customer_id));
  const digest = entries.filter((e) => !inTop.has(e.customer_id));
  const digestItems = digest.flatMap((e) => e.items);
  return { top, digest, digestCount: digestItems.length, digestRoutine: digestItems.filter((r) => classify(r) === 'routine').length };
}
