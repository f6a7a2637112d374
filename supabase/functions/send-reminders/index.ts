// POST /functions/v1/send-reminders — push due reminders to their assignees' devices
// body: {} (or { limit, batch, org_id } to bound a run); service key only. Called every minute (locally by the launcher's
// scheduler, on Supabase by pg_cron + pg_net). Answers the counts of what it did.
//
// A reminder is owed a push once it is due (open: due_at; snoozed: snoozed_until) and has not
// been notified since. Rows are *claimed* first — one UPDATE … RETURNING over a FOR UPDATE SKIP
// LOCKED pick — so two overlapping runs never take the same reminder; then each claimed reminder
// goes to every device of its assignee, and every attempt's outcome is a `notifications` row.
// Claim-then-send means a crash mid-run loses those pushes rather than repeating them: the
// in-app 提醒 inbox stays the source of truth, a push is only a nudge. Reminders whose moment is
// more than a day old are not pushed (a first deploy or a long outage must not flood phones).
import { z } from 'npm:zod@^4.6.7';
import en from '../../../messages/en.json' with { type: 'json' };
import zh from '../../../messages/zh-CN.json' with { type: 'json' };
import { db, isServiceCall, json, problem, type Sql } from '../_shared/http.ts';
import { endpointRefusal } from '../_shared/public-address.ts';
import { deliver, type Delivery, type RetryPolicy, vapidFromEnv, type Vapid } from '../_shared/webpush.ts';
import { deliverChannels, retryDeliveries } from '../_shared/channels.ts';

const Body = z.strictObject({
  limit: z.number().int().min(1).max(1000).optional(), // reminders per run
  batch: z.number().int().min(1).max(100).optional(), // reminders claimed per round
  org_id: z.uuid().optional(),
});

type Claimed = { id: string; org_id: string; customer_id: string; assignee_id: string; reason: Record<string, unknown> };
type Target = Claimed & { customer_name: string; sub_id: string | null; endpoint: string | null; p256dh: string | null; auth: string | null; locale: string | null };

const BATCH = 100;
const PARALLEL = 8;
const TIME_BUDGET_MS = 45_000; // leaves room before the next minute's run
const TTL_SECONDS = 12 * 60 * 60;

// Tests shorten the waits (PUSH_RETRY_BASE_MS); production keeps the defaults.
function retryPolicy(): RetryPolicy {
  const base = Number(Deno.env.get('PUSH_RETRY_BASE_MS') ?? '');
  return { maxAttempts: 3, baseDelayMs: base > 0 ? base : 500, maxDelayMs: 10_000, timeoutMs: 10_000 };
}

function claim(sql: Sql, limit: number, orgId: string | null) {
  return sql<Claimed[]>`
    with due as (
      select r.id from public.reminders r
       where r.status in ('open', 'snoozed')
         and (${orgId}::uuid is null or r.org_id = ${orgId}::uuid)
         and (r.notified_at is null or r.notified_at < private.reminder_fire_at(r.status, r.due_at, r.snoozed_until))
         and private.reminder_fire_at(r.status, r.due_at, r.snoozed_until) <= now()
         and private.reminder_fire_at(r.status, r.due_at, r.snoozed_until) > now() - interval '1 day'
       order by private.reminder_fire_at(r.status, r.due_at, r.snoozed_until)
       limit ${limit}
       for update of r skip locked)
    update public.reminders r set notified_at = now()
      from due where r.id = due.id
    returning r.id, r.org_id, r.customer_id, r.assignee_id, r.reason`;
}

function targets(sql: Sql, ids: string[]) {
  // Every device of the assignee; a reminder with none (or an inactive assignee) comes back once with nulls.
  return sql<Target[]>`
    select r.id, r.org_id, r.customer_id, r.assignee_id, r.reason, c.name as customer_name,
           s.id as sub_id, s.endpoint, s.p256dh, s.auth, s.locale
      from public.reminders r
      join public.customers c on c.org_id = r.org_id and c.id = r.customer_id
      left join public.members m on m.org_id = r.org_id and m.user_id = r.assignee_id and m.active
      left join public.push_subscriptions s on s.org_id = r.org_id and s.user_id = m.user_id
     where r.id = any(${ids}::uuid[])`;
}

/** What the phone shows, in the device's language (zh when unknown). */
function message(t: Target) {
  const lang = t.locale === 'en' ? 'en' : 'zh';
  const texts = lang === 'en' ? en.push.notification : zh.push.notification;
  const reasonText = typeof t.reason[lang] === 'string' ? (t.reason[lang] as string) : typeof t.reason.zh === 'string' ? (t.reason.zh as string) : '';
  return {
    title: texts.title,
    body: reasonText ? `${t.customer_name}${texts.separator}${reasonText}` : t.customer_name,
    customer: t.customer_name,
    reason: reasonText,
    url: `/customers/${t.customer_id}`,
    tag: `reminder-${t.id}`,
    reminder_id: t.id,
    lang,
  };
}

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

async function run(sql: Sql, vapid: Vapid, opts: { limit: number; batch: number; orgId: string | null }) {
  const { limit, batch, orgId } = opts;
  const counts = { reminders: 0, sent: 0, failed: 0, gone: 0, no_device: 0, wecom_sent: 0, wecom_retry: 0, wecom_failed: 0 };
  const started = Date.now();
  const policy = retryPolicy();
  // 企业微信 for members who chose it (_shared/channels.ts): earlier tries whose time has come, then each round's claims.
  const addChannels = (c: Record<string, number>) => Object.entries(c).forEach(([k, v]) => (counts[k as keyof typeof counts] += v));
  addChannels(await retryDeliveries(sql, 100, orgId));
  while (counts.reminders < limit && Date.now() - started < TIME_BUDGET_MS) {
    const claimed = await claim(sql, Math.min(batch, limit - counts.reminders), orgId);
    if (claimed.length === 0) break;
    counts.reminders += claimed.length;
    addChannels(await deliverChannels(sql, claimed.map((c) => c.id)));
    const rows = await targets(sql, claimed.map((c) => c.id));
    const results: { t: Target; d: Delivery | null }[] = [];
    await pool(rows, PARALLEL, async (t) => {
      if (!t.sub_id) return void results.push({ t, d: null });
      // Resolved and checked now, not when it was stored (DNS may point elsewhere by now).
      const refusal = await endpointRefusal(t.endpoint!);
      if (refusal) return void results.push({ t, d: { outcome: 'failed', httpStatus: null, attempts: 0, error: refusal } });
      const d = await deliver({ endpoint: t.endpoint!, p256dh: t.p256dh!, auth: t.auth! }, message(t), vapid, {
        ttlSeconds: TTL_SECONDS,
        topic: t.id.replaceAll('-', ''), // 32 base64url chars: a newer push for it replaces an undelivered one
        retry: policy,
      });
      results.push({ t, d });
    });
    const notes = results.map(({ t, d }) => ({
      org_id: t.org_id,
      reminder_id: t.id,
      subscription_id: t.sub_id,
      status: d ? d.outcome : 'no_device',
      http_status: d?.httpStatus ?? null,
      attempts: d?.attempts ?? 0,
      error: d?.error ?? null,
    }));
    for (const n of notes) counts[n.status as keyof typeof counts]++;
    await sql`insert into public.notifications ${sql(notes, 'org_id', 'reminder_id', 'subscription_id', 'status', 'http_status', 'attempts', 'error')}`;
    // 404/410: the browser dropped the subscription (or the user revoked permission) — forget it.
    const gone = results.filter((r) => r.d?.outcome === 'gone').map((r) => r.t.sub_id!);
    if (gone.length) await sql`delete from public.push_subscriptions where id = any(${gone}::uuid[])`;
  }
  // the 企业微信 counts only when there was something to say (the answer's shape is unchanged otherwise)
  for (const k of ['wecom_sent', 'wecom_retry', 'wecom_failed'] as const) if (counts[k] === 0) delete (counts as Partial<typeof counts>)[k];
  return counts;
}

Deno.serve(async (req) => {
  if (req.method !== 'POST') return problem(405, 'method_not_allowed', '只支持 POST', 'POST only');
  if (!(await isServiceCall(req))) return problem(401, 'unauthorized', '需要服务密钥', 'service key required');
  let raw: unknown = {};
  const text = await req.text();
  if (text.trim()) {
    try {
      raw = JSON.parse(text);
    } catch {
      return problem(400, 'invalid_json', '请求体不是有效的 JSON', 'body is not valid JSON');
    }
  }
  const body = Body.safeParse(raw);
  if (!body.success)
    return problem(400, 'invalid_body', '请求参数有误', 'invalid request body', body.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const vapid = vapidFromEnv();
  // Nothing is claimed without keys: the reminders wait for a configured deployment.
  if (!vapid) return problem(503, 'vapid_missing', '未配置 VAPID 密钥，无法推送', 'VAPID keys are not configured (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY)');
  return json(200, await run(db(), vapid, { limit: body.data.limit ?? 1000, batch: body.data.batch ?? BATCH, orgId: body.data.org_id ?? null }));
});
