// One customer's timeline, newest first: interactions, orders, deal stage changes, survey answers,
// the recompute's tag changes (one entry per recompute) and manual tags added/removed — one query,
// under the caller's RLS, keyset-paged so "load older" is as cheap as the first page.
//
// Each branch takes its own newest `limit + 1` rows past the cursor (using its (org_id,
// customer_id, time) index), then the union is sorted and cut. Sort key: (at, type, id), all
// descending; the cursor carries `at` as UTC text with microseconds, because a JS Date would drop
// them and skip rows that differ below the millisecond.
import type { InteractionKind } from '../../domain/vocabulary.ts';
import type { Reason } from '../../engine/index.ts';
import type { Tx } from '../with-rls.ts';
import type { DealStage } from '../../validation/deal.ts';

export const TIMELINE_PAGE_SIZE = 30;

type Base = { key: string; id: string; at: Date };

export type TimelineInteraction = Base & {
  type: 'interaction';
  kind: InteractionKind;
  initiated_by: 'rep' | 'customer';
  duration_min: number | null;
  attitude: 'accept' | 'doubt' | null;
  cognition: 'vague' | 'specific' | null;
  sentiment: 'positive' | 'neutral' | 'negative' | null;
  note: string | null;
  next_step: string | null;
  /** ISO time (jsonb), or null */
  follow_up_at: string | null;
  rep_id: string;
  rep_name: string | null;
  /** When the server stored it (ISO): the author's recall (2 min) and edit (24 h) windows count from here. */
  created_at: string;
  /** Its edit history, oldest first (interaction_edits): only the fields that changed. */
  edits: { by_name: string | null; at: string; before: Record<string, unknown>; after: Record<string, unknown> }[];
};
/** A log its author recalled: only the trace "你撤回了一条记录" stays. */
export type TimelineRecall = Base & { type: 'recall'; rep_id: string; rep_name: string | null };
export type TimelineOrder = Base & {
  type: 'order';
  amount: number;
  kind: 'product' | 'service';
  discount_used: boolean;
  premium: boolean;
};
export type TimelineStage = Base & {
  type: 'stage';
  deal_id: string;
  deal_title: string | null;
  from_stage: DealStage | null;
  to_stage: DealStage;
  by_name: string | null;
};
export type TimelineSurvey = Base & { type: 'survey'; nps: number; csat: number; comment: string | null };
export type TimelineTagChange = { dimension: string; from: string | null; to: string | null; reasons: Reason[] };
/** Everything one recompute changed for the customer. */
export type TimelineTags = Base & { type: 'tags'; changes: TimelineTagChange[] };
/** A rep's own tag added (`added`) or removed. */
export type TimelineManualTag = Base & { type: 'tag'; tag: string; added: boolean; by_name: string | null };

export type TimelineItem = TimelineInteraction | TimelineOrder | TimelineStage | TimelineSurvey | TimelineTags | TimelineManualTag | TimelineRecall;
export type TimelineType = TimelineItem['type'];
export type TimelinePage = { items: TimelineItem[]; nextCursor: string | null };

const TYPES = ['interaction', 'order', 'stage', 'survey', 'tags', 'tag', 'recall'] as const satisfies readonly TimelineType[];
const ISO_US = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

type Cursor = { at: string; type: TimelineType; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.type, c.id])).toString('base64url');
}

/** null for anything that is not a cursor this module made (the caller answers "no more"). */
export function decodeCursor(s: string): Cursor | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (!Array.isArray(v) || v.length !== 3) return null;
    const [at, type, id] = v as unknown[];
    if (typeof at !== 'string' || !ISO_US.test(at) || Number.isNaN(Date.parse(at))) return null;
    if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) return null;
    if (typeof id !== 'string' || id.length === 0 || id.length > 64) return null;
    return { at, type: type as TimelineType, id };
  } catch {
    return null;
  }
}

type Row = { type: TimelineType; at: Date; at_key: string; id: string; data: Record<string, unknown> };

export async function listTimeline(
  tx: Tx,
  params: { orgId: string; customerId: string; cursor?: string | null; limit?: number },
): Promise<TimelinePage> {
  const limit = Math.min(Math.max(params.limit ?? TIMELINE_PAGE_SIZE, 1), 100);
  const cursor = params.cursor ? decodeCursor(params.cursor) : null;
  if (params.cursor && !cursor) return { items: [], nextCursor: null };
  const { orgId, customerId } = params;
  const take = limit + 1;

  // "older than the cursor" for one branch: its time column, its type, its id as text
  const past = (at: string, type: TimelineType, id: string) =>
    cursor
      ? tx`and (${tx.unsafe(at)}, ${type}::text, ${tx.unsafe(id)}) < (${cursor.at}::timestamptz, ${cursor.type}::text, ${cursor.id}::text)`
      : tx``;
  const notAfter = (at: string) => (cursor ? tx`and ${tx.unsafe(at)} <= ${cursor.at}::timestamptz` : tx``);

  const rows = await tx<Row[]>`
    select type, at, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_key, id, data
    from (
      (select 'interaction'::text as type, i.occurred_at as at, i.id::text as id,
              jsonb_build_object('kind', i.kind, 'initiated_by', i.initiated_by, 'duration_min', i.duration_min,
                'attitude', i.attitude, 'cognition', i.cognition, 'sentiment', i.sentiment, 'note', i.note,
                'next_step', i.next_step, 'follow_up_at', i.follow_up_at, 'rep_id', i.rep_id, 'rep_name', m.display_name,
                'created_at', i.created_at,
                'edits', coalesce((select jsonb_agg(jsonb_build_object('by_name', em.display_name, 'at', e.edited_at,
                                     'before', e.before, 'after', e.after) order by e.edited_at, e.id)
                                     from public.interaction_edits e
                                     left join public.members em on em.org_id = e.org_id and em.user_id = e.editor_id
                                    where e.interaction_id = i.id), '[]'::jsonb)) as data
         from public.interactions i
         left join public.members m on m.org_id = i.org_id and m.user_id = i.rep_id
        where i.org_id = ${orgId} and i.customer_id = ${customerId}
              ${notAfter('i.occurred_at')} ${past('i.occurred_at', 'interaction', 'i.id::text')}
        order by i.occurred_at desc, i.id::text desc limit ${take})
      union all
      (select 'recall', r.occurred_at, r.interaction_id::text,
              jsonb_build_object('rep_id', r.rep_id, 'rep_name', m.display_name)
         from public.interaction_recalls r
         left join public.members m on m.org_id = r.org_id and m.user_id = r.rep_id
        where r.org_id = ${orgId} and r.customer_id = ${customerId}
              ${notAfter('r.occurred_at')} ${past('r.occurred_at', 'recall', 'r.interaction_id::text')}
        order by r.occurred_at desc, r.interaction_id::text desc limit ${take})
      union all
      (select 'order', o.ordered_at, o.id::text,
              jsonb_build_object('amount', o.amount, 'kind', o.kind, 'discount_used', o.discount_used, 'premium', o.premium)
         from public.orders o
        where o.org_id = ${orgId} and o.customer_id = ${customerId}
              ${notAfter('o.ordered_at')} ${past('o.ordered_at', 'order', 'o.id::text')}
        order by o.ordered_at desc, o.id::text desc limit ${take})
      union all
      (select 'stage', s.changed_at, s.id::text,
              jsonb_build_object('deal_id', s.deal_id, 'deal_title', d.title, 'from_stage', s.from_stage,
                'to_stage', s.to_stage, 'by_name', m.display_name)
         from public.deal_stage_changes s
         left join public.deals d on d.org_id = s.org_id and d.id = s.deal_id
         left join public.members m on m.org_id = s.org_id and m.user_id = s.changed_by
        where s.org_id = ${orgId} and s.customer_id = ${customerId}
              ${notAfter('s.changed_at')} ${past('s.changed_at', 'stage', 's.id::text')}
        order by s.changed_at desc, s.id::text desc limit ${take})
      union all
      (select 'survey', r.created_at, r.id::text,
              jsonb_build_object('nps', r.nps, 'csat', r.csat, 'comment', r.comment)
         from public.survey_responses r
        where r.org_id = ${orgId} and r.customer_id = ${customerId}
              ${notAfter('r.created_at')} ${past('r.created_at', 'survey', 'r.id::text')}
        order by r.created_at desc, r.id::text desc limit ${take})
      union all
      -- one entry per recompute: its changes share one changed_at
      (select 'tags', t.changed_at, min(t.id)::text,
              jsonb_build_object('changes', jsonb_agg(jsonb_build_object('dimension', t.dimension, 'from', t.from_value,
                'to', t.to_value, 'reasons', t.reasons) order by t.id))
         from public.tag_changes t
        where t.org_id = ${orgId} and t.customer_id = ${customerId} and t.dimension <> 'manual'
              ${notAfter('t.changed_at')}
        group by t.changed_at
       having true ${past('t.changed_at', 'tags', 'min(t.id)::text')}
        order by t.changed_at desc, min(t.id)::text desc limit ${take})
      union all
      (select 'tag', t.changed_at, t.id::text,
              jsonb_build_object('tag', coalesce(t.to_value, t.from_value), 'added', t.to_value is not null, 'by_name', m.display_name)
         from public.tag_changes t
         left join public.members m on m.org_id = t.org_id and m.user_id = t.changed_by
        where t.org_id = ${orgId} and t.customer_id = ${customerId} and t.dimension = 'manual'
              ${notAfter('t.changed_at')} ${past('t.changed_at', 'tag', 't.id::text')}
        order by t.changed_at desc, t.id::text desc limit ${take})
    ) x
    order by at desc, type desc, id desc
    limit ${take}`;

  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    items: page.map(toItem),
    nextCursor: more && last ? encodeCursor({ at: last.at_key, type: last.type, id: last.id }) : null,
  };
}

function toItem(r: Row): TimelineItem {
  const base = { key: `${r.type}:${r.id}`, id: r.id, at: r.at };
  const d = r.data;
  switch (r.type) {
    case 'order':
      // numeric in jsonb arrives as a JS number; cents survive (amounts are ≤ ¥10亿)
      return { ...base, type: 'order', ...(d as Omit<TimelineOrder, keyof Base | 'type'>), amount: Number(d.amount) };
    case 'tags':
      return { ...base, type: 'tags', changes: (d.changes as TimelineTagChange[]) ?? [] };
    default:
      return { ...base, type: r.type, ...d } as TimelineItem;
  }
}
