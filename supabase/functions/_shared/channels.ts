// The member's chosen channel besides Web Push (issue 14): 企业微信 app messages, which reach
// phones in mainland China. send-reminders calls `deliverChannels` with each round's claimed
// reminders, and `retryDeliveries` once per run.
//
// Once per channel whatever the retries: a reminder's WeCom message starts as a row in
// reminder_deliveries, inserted `on conflict (reminder_id, channel) do nothing` — only the run
// that inserted it sends; a retry later updates that same row (claimed `for update skip locked`).
// WeCom's answer decides: sent; retryable (−1 busy, 45009 rate limit, HTTP 5xx, network) →
// pending again after 1, 2, 4, 8 min (5 attempts, then failed); anything else → failed with
// the errcode recorded. The org's app (corpid, agentid, secret, base URL) is private.wecom_apps;
// its access_token is cached in private.wecom_tokens until expires_in.
import type { Sql } from './http.ts';
import { createWecom, type TokenStore } from './wecom.ts';

const MAX_ATTEMPTS = 5;

type Due = { delivery_id: string; org_id: string; reminder_id: string; customer_id: string; customer_name: string; reason: Record<string, unknown>; wecom_userid: string; attempts: number };
type App = { corpid: string; agentid: number; secret: string; base_url: string };

export function wecomTokenStore(sql: Sql, org: string): TokenStore {
  return {
    async get() {
      const [t] = await sql<{ access_token: string; expires_at: Date }[]>`select access_token, expires_at from private.wecom_tokens where org_id = ${org}`;
      return t ? { token: t.access_token, expiresAt: t.expires_at.getTime() } : null;
    },
    async set(t) {
      await sql`insert into private.wecom_tokens (org_id, access_token, expires_at) values (${org}, ${t.token}, ${new Date(t.expiresAt)})
                on conflict (org_id) do update set access_token = excluded.access_token, expires_at = excluded.expires_at`;
    },
  };
}

const appUrl = () => (Deno.env.get('CRYSTAL_APP_URL') ?? 'http://localhost:3000').replace(/\/+$/, '');

async function send(sql: Sql, rows: Due[]) {
  const counts = { wecom_sent: 0, wecom_retry: 0, wecom_failed: 0 };
  const byOrg = new Map<string, Due[]>();
  for (const r of rows) byOrg.set(r.org_id, [...(byOrg.get(r.org_id) ?? []), r]);
  for (const [org, list] of byOrg) {
    const [app] = await sql<App[]>`select corpid, agentid, secret, base_url from private.wecom_apps where org_id = ${org}`;
    const wecom = app ? createWecom({ baseUrl: app.base_url, corpid: app.corpid, secret: app.secret, agentid: app.agentid }, wecomTokenStore(sql, org)) : null;
    for (const r of list) {
      const reason = typeof r.reason.zh === 'string' ? (r.reason.zh as string) : '';
      const result = wecom
        ? await wecom.sendTextcard(r.wecom_userid, {
            title: `提醒：${r.customer_name}`.slice(0, 40),
            description: reason.slice(0, 160) || '有一条跟进提醒',
            url: `${appUrl()}/customers/${r.customer_id}`,
            btntxt: '查看客户',
          })
        : ({ ok: false, errcode: null, error: 'no WeCom app configured for the org', retryable: false } as const);
      const attempts = r.attempts + 1;
      if (result.ok) {
        counts.wecom_sent++;
        await sql`update public.reminder_deliveries set status = 'sent', attempts = ${attempts}, sent_at = now(), last_error = null where id = ${r.delivery_id}`;
      } else if (result.retryable && attempts < MAX_ATTEMPTS) {
        counts.wecom_retry++;
        await sql`update public.reminder_deliveries set status = 'pending', attempts = ${attempts}, last_error = ${result.error.slice(0, 500)},
                         next_attempt_at = now() + make_interval(mins => ${2 ** (attempts - 1)}) where id = ${r.delivery_id}`;
      } else {
        counts.wecom_failed++;
        await sql`update public.reminder_deliveries set status = 'failed', attempts = ${attempts}, last_error = ${result.error.slice(0, 500)} where id = ${r.delivery_id}`;
      }
    }
  }
  return counts;
}

/** The claimed reminders whose assignee chose WeCom: one delivery row each (new ones only), then sent. */
export async function deliverChannels(sql: Sql, reminderIds: string[]) {
  if (!reminderIds.length) return { wecom_sent: 0, wecom_retry: 0, wecom_failed: 0 };
  const rows = await sql<Due[]>`
    with fresh as (
      insert into public.reminder_deliveries (org_id, reminder_id, channel, next_attempt_at)
      select r.org_id, r.id, 'wecom', 'infinity'
        from public.reminders r
        join public.member_channels mc on mc.org_id = r.org_id and mc.user_id = r.assignee_id and mc.channel = 'wecom'
       where r.id = any(${reminderIds}::uuid[])
      on conflict (reminder_id, channel) do nothing
      returning id, org_id, reminder_id, attempts
    )
    select f.id::text as delivery_id, f.org_id, f.reminder_id, r.customer_id, c.name as customer_name, r.reason, mc.wecom_userid, f.attempts
      from fresh f
      join public.reminders r on r.id = f.reminder_id
      join public.customers c on c.org_id = r.org_id and c.id = r.customer_id
      join public.member_channels mc on mc.org_id = r.org_id and mc.user_id = r.assignee_id`;
  return send(sql, rows);
}

/**
 * Deliveries waiting for another try whose time has come (claimed so overlapping runs take each
 * once) — of one org when the run is bounded to one, as the rest of send-reminders is.
 */
export async function retryDeliveries(sql: Sql, limit = 100, orgId: string | null = null) {
  const rows = await sql<Due[]>`
    with due as (
      select d.id from public.reminder_deliveries d
       where d.status = 'pending' and d.channel = 'wecom' and d.next_attempt_at <= now()
         and (${orgId}::uuid is null or d.org_id = ${orgId}::uuid)
       order by d.next_attempt_at limit ${limit}
       for update skip locked
    ), claimed as (
      update public.reminder_deliveries d set next_attempt_at = 'infinity' from due where d.id = due.id
      returning d.id, d.org_id, d.reminder_id, d.attempts
    )
    select k.id::text as delivery_id, k.org_id, k.reminder_id, r.customer_id, c.name as customer_name, r.reason, mc.wecom_userid, k.attempts
      from claimed k
      join public.reminders r on r.id = k.reminder_id and r.status in ('open', 'snoozed')
      join public.customers c on c.org_id = r.org_id and c.id = r.customer_id
      join public.member_channels mc on mc.org_id = r.org_id and mc.user_id = r.assignee_id and mc.channel = 'wecom'`;
  return send(sql, rows);
}
