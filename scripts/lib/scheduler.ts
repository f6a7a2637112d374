// Local stand-in for pg_cron + pg_net on Supabase: calls edge functions on a schedule.
// - recompute-tags: every org nightly at 02:00 local time, and at start when an org's last
//   full recompute is older than a day (recency-based tags change with no new data);
// - send-reminders: every minute.
// A job whose function is not deployed is skipped quietly.
import postgres from 'postgres';

type Opts = { functionsUrl: string; adminUrl: string };

async function deployed(functionsUrl: string): Promise<Set<string>> {
  try {
    const res = await fetch(functionsUrl.replace(/\/functions\/v1$/, '/_health'));
    return new Set(((await res.json()) as { functions: string[] }).functions);
  } catch {
    return new Set();
  }
}

async function invoke(functionsUrl: string, name: string, body: unknown): Promise<void> {
  const res = await fetch(`${functionsUrl}/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${process.env.SUPABASE_SERVICE_ROLE_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) console.error(`[scheduler] ${name} → ${res.status} ${await res.text()}`);
}

export function msUntilNext(hour: number, now = new Date()): number {
  const next = new Date(now);
  next.setHours(hour, 0, 0, 0);
  if (next <= now) next.setDate(next.getDate() + 1);
  return next.getTime() - now.getTime();
}

export function startScheduler(opts: Opts): { stop: () => Promise<void> } {
  const timers: NodeJS.Timeout[] = [];
  const sql = postgres(opts.adminUrl, { onnotice: () => {}, max: 1 });

  async function recompute(onlyStale: boolean) {
    if (!(await deployed(opts.functionsUrl)).has('recompute-tags')) return;
    const orgs = await sql<{ id: string }[]>`
      select o.id from public.orgs o
      where not ${onlyStale} or not exists (
        select 1 from public.recompute_runs r
        where r.org_id = o.id and r.scope = 'org' and r.finished_at > now() - interval '1 day')`;
    for (const o of orgs) await invoke(opts.functionsUrl, 'recompute-tags', { org_id: o.id });
  }
  const nightly = () => {
    timers.push(
      setTimeout(() => {
        void recompute(false).catch((e) => console.error('[scheduler] nightly recompute failed:', e));
        nightly();
      }, msUntilNext(2)),
    );
  };
  void recompute(true).catch((e) => console.error('[scheduler] start-up recompute failed:', e));
  nightly();

  timers.push(
    setInterval(async () => {
      if ((await deployed(opts.functionsUrl)).has('send-reminders')) await invoke(opts.functionsUrl, 'send-reminders', {});
    }, 60_000),
  );

  return {
    stop: async () => {
      timers.forEach(clearTimeout);
      await sql.end({ timeout: 2 });
    },
  };
}
