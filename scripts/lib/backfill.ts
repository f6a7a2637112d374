// Fills customers.search_pinyin where it is null — rows from before the column existed, rows a
// writer inserted without it, and renames that dropped a stale key (migration
// 20261123000800_customer_search.sql). Postgres cannot compute pinyin, so this runs in Node: the
// launcher calls it right after the migrations. Idempotent, and cheap when there is nothing to
// do (one indexed probe). Works in batches in id order, each its own statement, so a big org
// never holds one long transaction and a key that comes out '' is not picked up again.
import postgres, { type Sql } from 'postgres';
import { searchKey } from '../../lib/search/pinyin.ts';

export async function backfillSearchKeys(sql: Sql, opts: { batch?: number; log?: (line: string) => void } = {}): Promise<number> {
  const batch = opts.batch ?? 2000;
  let after = '00000000-0000-0000-0000-000000000000';
  let done = 0;
  for (;;) {
    const rows = await sql<{ id: string; name: string; company: string | null }[]>`
      select id, name, company from public.customers
       where search_pinyin is null and id > ${after}::uuid
       order by id limit ${batch}`;
    if (!rows.length) break;
    const ids = rows.map((r) => r.id);
    const keys = rows.map((r) => searchKey(r.name, r.company));
    // `search_pinyin is null` again: a writer that set the key meanwhile wins.
    await sql`
      update public.customers c set search_pinyin = v.key
        from unnest(${ids}::uuid[], ${keys}::text[]) as v(id, key)
       where c.id = v.id and c.search_pinyin is null`;
    done += rows.length;
    after = rows[rows.length - 1]!.id;
  }
  if (done) opts.log?.(`search keys: ${done} customer(s) filled`);
  return done;
}

/** The launcher's step: its own short-lived privileged connection, like the migrator's. */
export async function backfillDatabase(adminUrl: string, log?: (line: string) => void): Promise<number> {
  const sql = postgres(adminUrl, { onnotice: () => {}, max: 1 });
  try {
    return await backfillSearchKeys(sql, { log });
  } finally {
    await sql.end();
  }
}
