// Ground truth for e2e assertions, read straight from the e2e database as the superuser
// (bypassing RLS on purpose: the UI's answer, filtered by RLS, must match it).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres, { type Sql } from 'postgres';
import { assertLocalDatabase } from '../../helpers/local-only.ts';

export function readE2eRuntime(): { adminUrl: string } {
  const file = path.resolve(process.env.E2E_RUNTIME ?? '.data/e2e/runtime.json');
  if (!existsSync(file)) throw new Error(`${file} not found — is the e2e stack (scripts/launcher.ts) running?`);
  const rt = JSON.parse(readFileSync(file, 'utf8')) as { adminUrl?: string };
  if (!rt.adminUrl) throw new Error(`${file} has no adminUrl`);
  return { adminUrl: rt.adminUrl };
}

export async function withDb<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  const { adminUrl } = readE2eRuntime();
  assertLocalDatabase(adminUrl);
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end();
  }
}

/** Names of the (unmerged) customers a member's RLS scope should show, sorted. */
export async function visibleCustomerNames(email: string): Promise<string[]> {
  return withDb(async (sql) => {
    const [me] = await sql<{ user_id: string; org_id: string; role: string; team_id: string | null }[]>`
      select user_id, org_id, role, team_id from public.members where email = ${email}`;
    if (!me) throw new Error(`no member ${email}`);
    const rows = await sql<{ name: string }[]>`
      select c.name from public.customers c
        join public.members o on o.user_id = c.owner_id
       where c.org_id = ${me.org_id} and c.merged_into is null
         and (${me.role} = 'admin'
              or c.owner_id = ${me.user_id}
              or (${me.role} = 'manager' and o.team_id = ${me.team_id}))`;
    return rows.map((r) => r.name).sort();
  });
}

/** Names of customers in the same org that the member must NOT see (minus homonyms they do see). */
export async function hiddenCustomerNames(email: string): Promise<string[]> {
  const visible = new Set(await visibleCustomerNames(email));
  const all = await withDb(async (sql) => {
    const rows = await sql<{ name: string }[]>`
      select c.name from public.customers c
       where c.org_id = (select org_id from public.members where email = ${email}) and c.merged_into is null`;
    return rows.map((r) => r.name);
  });
  return [...new Set(all.filter((n) => !visible.has(n)))].sort();
}

/**
 * The launcher recomputes the demo org's tags just after it starts, while the tests already run.
 * Wait for that whole-org run to finish, so it can't overwrite a single-customer recompute with
 * features read before a test's insert.
 */
export async function waitForOrgRecompute(timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  await withDb(async (sql) => {
    for (;;) {
      const [row] = await sql<{ done: boolean }[]>`
        select exists (select 1 from public.recompute_runs where scope = 'org' and finished_at is not null) as done`;
      if (row?.done) return;
      if (Date.now() > until) throw new Error('the start-up recompute did not finish in time');
      await new Promise((r) => setTimeout(r, 500));
    }
  });
}

export type CustomerPick = { id: string; name: string };

/** A customer owned by `email`, with a computed profile, chosen so the page has plenty to show. */
export async function pickCustomer(email: string): Promise<CustomerPick> {
  return withDb(async (sql) => {
    // high value, a few interactions, one relationship type: a full page to look at
    const [row] = await sql<CustomerPick[]>`
      select c.id, c.name from public.customers c
        join public.members m on m.user_id = c.owner_id and m.org_id = c.org_id
        join public.customer_profiles p on p.customer_id = c.id
       where m.email = ${email} and c.merged_into is null and c.phone is not null
         and p.value_tier = 'high' and p.relationship_secondary is null
         and (select count(*) from public.interactions i where i.customer_id = c.id) >= 3
       order by c.name, c.id limit 1`;
    if (!row) throw new Error(`no customer to show for ${email}`);
    return row;
  });
}

/**
 * A brand-new lead owned by `email`: no order, no deal, no interaction, no profile yet — the
 * first observation logged decides its funnel stage. (Every demo customer already has history.)
 */
export async function createLead(email: string, name: string): Promise<CustomerPick> {
  return withDb(async (sql) => {
    const [row] = await sql<CustomerPick[]>`
      insert into public.customers (org_id, owner_id, name, kind, region, company, phone, source)
      select m.org_id, m.user_id, ${name}, 'b2b', '上海', '新线索科技', '13800138000', 'e2e'
        from public.members m where m.email = ${email}
      returning id, name`;
    if (!row) throw new Error(`no member ${email}`);
    return row;
  });
}
