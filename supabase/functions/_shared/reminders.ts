// The playbook step of a recompute (docs/design.md, "What a recompute does", step 4): for every customer of the run, the
// pure playbook (lib/engine/playbook.ts) turns profile + features + a little history into the
// reminders its owner should have; this file gathers that history and writes the outcome.
//
// Set-based, like the rest of the recompute: whatever the run's size, it reads four things in
// one pass each (open/snoozed reminders, recently made dedupe keys, follow-up dates from the log
// sheet, last survey sent) and writes with one insert and one update per chunk — never a query
// per customer. The reads start with the run and overlap the feature stream.
//
// - New reminders go in with `on conflict (org_id, dedupe_key) do nothing`: a reminder the rep
//   marked done or dismissed (or that was closed) keeps its key, so it never comes back. Keys
//   already known are not even sent.
// - Open/snoozed reminders whose reason no longer holds are set to status 'closed' with the
//   playbook's note (zh in close_note, en in close_note_en, close_reason 'auto'); 'closed' is
//   distinct from a rep's 'done'/'dismissed' so completion rates count only what reps did.
// - One exception to "a new key replaces the old": retention keys are per month at risk; while
//   the customer is still at risk an open retention reminder from an earlier month stands
//   (no second one, and no "no longer at risk" note on the first).
import type { Sql } from 'npm:postgres@^3.4.9';
import {
  type CustomerFeatures,
  type OpenReminder,
  playbook,
  type PlaybookInput,
  type PlaybookRules,
  type Profile,
  type ReminderDraft,
} from '../../../lib/engine/index.ts';

export type ReminderCounts = { proposed: number; created: number; closed: number; ms: number };

type Open = OpenReminder & { customer_id: string };
type FollowUp = PlaybookInput['followUps'][number];
type History = {
  open: Map<string, Open[]>;
  known: Set<string>;
  followUps: Map<string, FollowUp[]>;
  lastSurvey: Map<string, string>;
};

/** How far back already-made keys are read so they need not be sent again (the unique key guards the rest). */
const KNOWN_DAYS = 120;
/** Follow-up dates older than this are not turned into reminders (PlaybookInput.followUps). */
const FOLLOW_UP_DAYS = 30;
/** Rows per write statement. */
const CHUNK = 5000;

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

function group<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

async function loadHistory(sql: Sql, org: string, ids: string[] | null, asOf: string): Promise<History> {
  // One connection, one statement after the other: the recompute already streams features and
  // reads profiles on the pool's other connections.
  const only = ids ? sql`and customer_id = any (${ids}::uuid[])` : sql``;
  const reminders = await sql<{ id: string; customer_id: string; kind: string; dedupe_key: string; status: string }[]>`
    select id, customer_id, kind, dedupe_key, status::text as status from public.reminders
    where org_id = ${org} ${only}
      and (status in ('open', 'snoozed') or created_at > ${asOf}::timestamptz - make_interval(days => ${KNOWN_DAYS}))`;
  const followUps = await sql<{ id: string; customer_id: string; follow_up_at: Date; next_step: string | null }[]>`
    select id, customer_id, follow_up_at, next_step from public.interactions
    where org_id = ${org} ${only} and follow_up_at is not null
      and follow_up_at >= ${asOf}::timestamptz - make_interval(days => ${FOLLOW_UP_DAYS})
      and occurred_at <= ${asOf}::timestamptz`;
  const surveys = await sql<{ customer_id: string; sent_at: Date }[]>`
    select customer_id, max(created_at) as sent_at from public.surveys
    where org_id = ${org} ${only} and created_at <= ${asOf}::timestamptz
    group by customer_id`;
  const open = reminders.filter((r) => r.status === 'open' || r.status === 'snoozed');
  return {
    open: group(open.map(({ id, customer_id, kind, dedupe_key }) => ({ id, customer_id, kind, dedupe_key })), (r) => r.customer_id),
    known: new Set(reminders.map((r) => r.dedupe_key)),
    followUps: new Map(
      [...group(followUps, (f) => f.customer_id)].map(([c, rows]): [string, FollowUp[]] => [
        c,
        rows.map((f) => ({ interaction_id: f.id, follow_up_at: iso(f.follow_up_at), next_step: f.next_step })),
      ]),
    ),
    lastSurvey: new Map(surveys.map((s) => [s.customer_id, iso(s.sent_at)])),
  };
}

export type ReminderStep = {
  /** A classified batch of the run (features and profiles in the same order). Synchronous. */
  add(features: readonly CustomerFeatures[], profiles: readonly Profile[], rules: PlaybookRules): void;
  /** After the last batch: writes what the playbook decided. */
  finish(): Promise<ReminderCounts>;
};

/** Starts reading the run's reminder history at once; `add` every batch, then `finish`. */
export function reminderStep(sql: Sql, org: string, ids: string[] | null, asOf: string): ReminderStep {
  let ms = 0; // time of this step's own work (reads overlap the feature stream and are not counted)
  let history: History | undefined;
  const loading = loadHistory(sql, org, ids, asOf).then((h) => (history = h));
  loading.catch(() => {}); // surfaced by finish()
  let waiting: { features: readonly CustomerFeatures[]; profiles: readonly Profile[]; rules: PlaybookRules }[] = [];

  const drafts: (ReminderDraft & { customer_id: string })[] = [];
  const closings: { id: string; zh: string; en: string }[] = [];
  let proposed = 0;

  const run = (features: readonly CustomerFeatures[], profiles: readonly Profile[], rules: PlaybookRules) => {
    const t = performance.now();
    const h = history!;
    for (let i = 0; i < profiles.length; i++) {
      const profile = profiles[i]!;
      const c = profile.customer_id;
      const open = h.open.get(c) ?? [];
      const out = playbook(
        { profile, features: features[i]!, followUps: h.followUps.get(c) ?? [], last_survey_sent_at: h.lastSurvey.get(c) ?? null, open },
        rules,
      );
      proposed += out.upsert.length;
      const standingRetention = open.some((r) => r.kind === 'retention') && out.upsert.some((d) => d.kind === 'retention');
      for (const d of out.upsert) {
        if (h.known.has(d.dedupe_key)) continue;
        if (d.kind === 'retention' && standingRetention) continue;
        drafts.push({ ...d, customer_id: c });
      }
      for (const cl of out.close) {
        if (standingRetention && open.find((r) => r.id === cl.id)?.kind === 'retention') continue;
        closings.push({ id: cl.id, zh: cl.note.zh, en: cl.note.en });
      }
    }
    ms += performance.now() - t;
  };

  return {
    add(features, profiles, rules) {
      if (features.length !== profiles.length) throw new Error('reminders: features and profiles differ in length');
      if (history) run(features, profiles, rules);
      else waiting.push({ features, profiles, rules });
    },
    async finish() {
      await loading;
      for (const w of waiting) run(w.features, w.profiles, w.rules);
      waiting = [];
      const t = performance.now();
      let created = 0;
      let closed = 0;
      // Closing first: a reminder replaced by a new key (a newer contact…) is closed before its
      // successor appears, so a reader never sees both open.
      for (let i = 0; i < closings.length; i += CHUNK) {
        const rows = closings.slice(i, i + CHUNK);
        const res = await sql`
          update public.reminders r
             set status = 'closed', close_reason = 'auto', close_note = n.zh, close_note_en = n.en, closed_at = now()
            from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb) as n (id uuid, zh text, en text)
           where r.org_id = ${org} and r.id = n.id and r.status in ('open', 'snoozed')`;
        closed += res.count;
      }
      // The assignee is the customer's owner at the moment of writing.
      for (let i = 0; i < drafts.length; i += CHUNK) {
        const rows = drafts.slice(i, i + CHUNK).map((d) => ({
          customer_id: d.customer_id, kind: d.kind, dedupe_key: d.dedupe_key, due_at: d.due_at, reason: d.reason,
        }));
        const res = await sql`
          insert into public.reminders (org_id, customer_id, assignee_id, kind, due_at, reason, dedupe_key)
          select ${org}::uuid, n.customer_id, c.owner_id, n.kind, n.due_at, n.reason, n.dedupe_key
            from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
                 as n (customer_id uuid, kind text, dedupe_key text, due_at timestamptz, reason jsonb)
            join public.customers c on c.org_id = ${org} and c.id = n.customer_id
          on conflict (org_id, dedupe_key) do nothing`;
        created += res.count;
      }
      return { proposed, created, closed, ms: Math.round(ms + performance.now() - t) };
    },
  };
}
