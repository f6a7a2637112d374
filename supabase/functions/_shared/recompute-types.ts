// The recompute-tags request and answer, one definition for both sides: the function
// (recompute.ts, under Deno) and the app's caller (lib/functions/invoke.ts, under Node). Types
// only, so Next imports nothing that runs.
import type { ReminderCounts } from './reminders.ts';

export type { ReminderCounts };

export type RecomputeRequest = { org_id: string; customer_ids?: string[]; as_of?: string; full?: boolean };

export type RecomputeResult = {
  customers: number;
  changed: number;
  tag_changes: number;
  ms: Record<string, number>;
  reminders: ReminderCounts;
  /** whole org: `full` (every customer classified; `why`) or `incremental` (only `classified` ones) */
  mode: 'customers' | 'full' | 'incremental';
  classified: number;
  why?: string;
  /** profiles whose only change was their next-review instant (a narrow update) */
  rescheduled: number;
  /** incremental whole-org run: profiles due for review, customers with time events since the last as_of */
  due?: number;
  events?: number;
  /** set by the recompute-tags handler: this invocation's CPU and the process's peak RSS */
  usage?: { cpu_ms: number; peak_rss_mb: number };
};
