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
