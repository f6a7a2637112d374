// Duplicates and merging on real PostgreSQL through withRls (and the real recompute under Deno):
// the SQL keys equal the TypeScript ones; the candidate query finds the three spellings of
// one phone; a merge moves every related row to the kept customer in one transaction, hides the
// other from lists and is recomputed; undo restores both exactly; only managers/admins who see
// both customers may merge or undo, within 24 hours.
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findDuplicateCandidates } from '../../lib/dedupe/candidates.ts';
import { dedupeEmail, dedupeText } from '../../lib/dedupe/normalise.ts';
import { phoneKey as dedupePhone } from '../../lib/domain/vocabulary.ts';
import { getCustomerDetail, mergedTarget } from '../../lib/db/queries/customer-detail.ts';
import { listCustomers } from '../../lib/db/queries/customers.ts';
import { listRecentMerges, mergeCustomers, MergeRefused, undoMerge } from '../../lib/db/queries/merge.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { invokeRecompute } from '../../lib/functions/invoke.ts';
import { startFunctions, stopChild } from '../../scripts/lib/stack.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;
let fn: { url: string; child: ChildProcess };
let custD: string;

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, 'merge');
  // The three spellings of one phone, on three customers of team 1.
  await admin`update customers set phone = '+86 138 0013 8000', email = 'zhangsan@example.com' where id = ${w.custA}`;
  await admin`update customers set phone = '１３８００１３８０００' where id = ${w.custB}`;
  const [d] = await admin`insert into customers (org_id, owner_id, name, phone, company) values (${w.org1}, ${w.ids.repA}, '张三丰', '13800138000', '武当') returning id`;
  custD = d!.id as string;
  // custB has its own history, which must stay where it is.
  await admin`insert into orders (org_id, customer_id, amount, ordered_at) values (${w.org1}, ${w.custB}, 42, now() - interval '3 days')`;
  await admin`insert into customer_tags (org_id, customer_id, tag, kind) values (${w.org1}, ${w.custB}, '爱喝茶', 'manual')`;
  await admin`insert into customer_tags (org_id, customer_id, tag, kind) values (${w.org1}, ${w.custA}, '喜欢面谈', 'manual')`;
  process.env.SUPABASE_SERVICE_ROLE_KEY = `test-service-key-${randomUUID()}`;
  fn = await startFunctions({ adminUrl: inject('adminUrl') });
  process.env.FUNCTIONS_URL = `${fn.url}/functions/v1`;
}, 120_000);
afterAll(async () => {
  await stopChild(fn?.child);
  await admin?.end();
  await app?.end();
});

const as = <T>(who: keyof World['ids'], f: Parameters<typeof withRls<T>>[1]) => withRls(claimsFor(w.ids[who]), f, app);

// Every row hanging off the two customers, whole (minus what a move itself must change).
const CHILD_TABLES = ['interactions', 'orders', 'deals', 'deal_stage_changes', 'surveys', 'survey_responses', 'reminders'] as const;
async function world(ids: string[]) {
  const out: Record<string, unknown> = {};
  // updated_at means "someone changed this": a merge and its undo are changes. Model tags are the recompute's.
  for (const t of CHILD_TABLES)
    out[t] = (await admin`select * from ${admin(t)} where customer_id = any(${ids}) order by id`).map(({ updated_at: _u, ...r }) => r);
  out.customer_tags = await admin`select org_id, customer_id, tag, kind, created_by, created_at from customer_tags
                                  where customer_id = any(${ids}) and kind = 'manual' order by customer_id, tag`;
  out.customers = (await admin`select * from customers where id = any(${ids}) order by id`).map(({ updated_at: _u, ...c }) => c);
  return out;
}
const count = async (table: string, id: string) => (await admin`select count(*)::int as n from ${admin(table)} where customer_id = ${id}`)[0]!.n as number;

describe('normalisation in SQL = in TypeScript', () => {
  it('gives the same keys for phones, e-mails and names', async () => {
    const phones = ['+86 138 0013 8000', '13800138000', '１３８００１３８０００', '0086 138-0013-8000', '0571-8888 6666', '+86 571 8888 6666',
      '+852 9123 4567', '00852 91234567', '400-810-8888', '86123456', '123', '', '＋８６ １３８ ００１３ ８０００'];
    const texts = ['  杭州恒远　ＡＢＣ   科技 ', 'Hangzhou  HengYuan', '', '张三'];
    const emails = ['  ZhangSan@Example.COM ', ' ', 'a@b.c'];
    const [r] = await admin`select
      (select json_agg(private.dedupe_phone(p) order by i) from unnest(${phones}::text[]) with ordinality as x(p, i)) as phones,
      (select json_agg(private.dedupe_text(t) order by i) from unnest(${texts}::text[]) with ordinality as x(t, i)) as texts,
      (select json_agg(private.dedupe_email(e) order by i) from unnest(${emails}::text[]) with ordinality as x(e, i)) as emails`;
    expect(r!.phones).toEqual(phones.map(dedupePhone));
    expect(r!.texts).toEqual(texts.map(dedupeText));
    expect(r!.emails).toEqual(emails.map(dedupeEmail));
  });
});

describe('duplicate candidates', () => {
  it('pairs +86 138 0013 8000, １３８００１３８０００ and 13800138000 as one phone — within what the caller sees', async () => {
    const pairs = await as('mgr1', (tx) => findDuplicateCandidates(tx, { orgId: w.org1 }));
    const byPhone = pairs.filter((p) => p.reasons.includes('phone')).map((p) => [p.a.id, p.b.id].sort().join());
    expect(byPhone.sort()).toEqual([[w.custA, w.custB], [w.custA, custD], [w.custB, custD]].map((p) => p.sort().join()).sort());
    // custC (team 2) has the same number but mgr1 can't see it; its manager sees no pair at all.
    expect(pairs.some((p) => p.a.id === w.custC || p.b.id === w.custC)).toBe(false);
    expect(await as('mgr2', (tx) => findDuplicateCandidates(tx, { orgId: w.org1 }))).toEqual([]);
    expect((await as('admin', (tx) => findDuplicateCandidates(tx, { orgId: w.org1 }))).length).toBe(6);
  });
});

describe('merge and undo', () => {
  it('refuses reps, customers the caller can\'t see, and a customer into itself', async () => {
    const refusal = (who: keyof World['ids'], keep: string, drop: string) =>
      as(who, (tx) => mergeCustomers(tx, { keepId: keep, dropId: drop })).then(() => 'merged', (e: unknown) => (e instanceof MergeRefused ? e.code : String(e)));
    expect(await refusal('repA', w.custA, custD)).toBe('merge_forbidden'); // owns both, still a rep
    expect(await refusal('mgr2', w.custB, w.custA)).toBe('merge_not_found'); // another team's
    expect(await refusal('mgr1', w.custB, w.custC)).toBe('merge_not_found'); // custC is team 2's
    expect(await refusal('mgr1', w.custB, w.custB)).toBe('merge_same');
    expect(await count('interactions', w.custA)).toBe(1); // nothing moved
    // Nobody writes the merges table directly.
    await expect(as('admin', (tx) => tx`insert into customer_merges (org_id, kept_id, merged_id, moved, merged_by)
      values (${w.org1}, ${w.custB}, ${w.custA}, '{}', ${w.ids.admin})`)).rejects.toMatchObject({ code: '42501' });
  });

  it('moves every related row to the kept customer and hides the other; undo restores both exactly; the kept one is recomputed', async () => {
    const keep = w.custB;
    const drop = w.custA;
    await invokeRecompute({ org_id: w.org1, customer_ids: [keep, drop] });
    const before = await world([keep, drop]);
    const moving = Object.fromEntries(await Promise.all([...CHILD_TABLES].map(async (t) => [t, await count(t, drop)] as const)));
    expect(Object.values(moving).every((n) => n >= 1)).toBe(true); // the fixture gives custA one of everything
    const keptBefore = Object.fromEntries(await Promise.all([...CHILD_TABLES].map(async (t) => [t, await count(t, keep)] as const)));

    const mergeId = await as('mgr1', (tx) => mergeCustomers(tx, { keepId: keep, dropId: drop, reasons: ['phone'] }));
    for (const t of CHILD_TABLES) {
      expect(await count(t, drop), t).toBe(0);
      expect(await count(t, keep), t).toBe(keptBefore[t]! + moving[t]!);
    }
    // Manual tags: 喜欢面谈 moved; 爱喝茶 (the kept one has it already) stays behind; model tags are the recompute's.
    const tags = await admin`select customer_id, tag from customer_tags where customer_id in (${keep}, ${drop}) and kind = 'manual'`;
    expect(tags.map((t) => `${t.customer_id === keep ? 'keep' : 'drop'}:${t.tag}`).sort()).toEqual(['drop:爱喝茶', 'keep:喜欢面谈', 'keep:爱喝茶']);
    const [dropped] = await admin`select merged_into from customers where id = ${drop}`;
    expect(dropped!.merged_into).toBe(keep);
    const [kept] = await admin`select email from customers where id = ${keep}`;
    expect(kept!.email).toBe('zhangsan@example.com'); // filled from the merged one
    const list = await as('mgr1', (tx) => listCustomers(tx, { orgId: w.org1, limit: 200 }));
    expect(list.items.map((c) => c.id)).not.toContain(drop);
    expect(list.items.map((c) => c.id)).toContain(keep);

    const merges = await as('mgr1', (tx) => listRecentMerges(tx, { orgId: w.org1 }));
    expect(merges[0]).toMatchObject({ id: mergeId, can_undo: true, reasons: ['phone'] });
    expect(await as('repA', (tx) => listRecentMerges(tx, { orgId: w.org1 }))).toEqual([]); // reps don't see merges
    expect(await as('mgr2', (tx) => undoMerge(tx, { mergeId })).catch((e: MergeRefused) => e.code)).toBe('merge_not_found');

    const undone = await as('mgr1', (tx) => undoMerge(tx, { mergeId }));
    expect(undone).toEqual({ keptId: keep, mergedId: drop });
    expect(await world([keep, drop])).toEqual(before);
    expect(await as('mgr1', (tx) => undoMerge(tx, { mergeId })).catch((e: MergeRefused) => e.code)).toBe('merge_already_undone');

    // Merge again and recompute (the real edge function, as the data screen does after a merge):
    // the kept customer's profile now counts the moved order.
    await as('mgr1', (tx) => mergeCustomers(tx, { keepId: keep, dropId: drop, reasons: ['phone'] }));
    const [p0] = await admin`select reasons from customer_profiles where customer_id = ${keep}`;
    await invokeRecompute({ org_id: w.org1, customer_ids: [keep] });
    const [p1] = await admin`select reasons from customer_profiles where customer_id = ${keep}`;
    expect(p0!.reasons.funnel[0].params.orders).toBe(1);
    expect(p1!.reasons.funnel[0].params.orders).toBe(2); // its own ¥42 order and the merged one's ¥500
    expect(p1!.reasons.value[0].params.revenue).toBe(542);
  }, 60_000);

  it('undo is refused after 24 hours', async () => {
    const mergeId = await as('admin', (tx) => mergeCustomers(tx, { keepId: w.custB, dropId: custD }));
    await admin`update customer_merges set merged_at = now() - interval '25 hours' where id = ${mergeId}`;
    expect(await as('admin', (tx) => undoMerge(tx, { mergeId })).catch((e: MergeRefused) => e.code)).toBe('merge_undo_expired');
    const [d] = await admin`select merged_into from customers where id = ${custD}`;
    expect(d!.merged_into).toBe(w.custB);
  });

  it('a merged customer\'s old id leads to the kept one (the page redirects), only for who sees both', async () => {
    // by now custA and custD are merged into custB (the tests above)
    expect(await as('mgr1', (tx) => getCustomerDetail(tx, w.custA))).toBeNull();
    expect(await as('mgr1', (tx) => mergedTarget(tx, w.custA))).toBe(w.custB);
    expect(await as('admin', (tx) => mergedTarget(tx, custD))).toBe(w.custB);
    expect(await as('mgr1', (tx) => mergedTarget(tx, w.custB))).toBeNull(); // not merged: the page itself
    expect(await as('mgr1', (tx) => mergedTarget(tx, randomUUID()))).toBeNull(); // no such customer: 404
    expect(await as('repA', (tx) => mergedTarget(tx, w.custA))).toBeNull(); // sees custA (theirs), not repB's custB: 404
    expect(await as('mgr2', (tx) => mergedTarget(tx, w.custA))).toBeNull(); // another team's: 404, nothing confirmed
    // a chain of merges (the kept one merged again later) ends at the customer still standing
    const [e] = await admin`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repB}, '李四新') returning id`;
    await as('mgr1', (tx) => mergeCustomers(tx, { keepId: e!.id as string, dropId: w.custB }));
    expect(await as('mgr1', (tx) => mergedTarget(tx, w.custA))).toBe(e!.id);
  });
});
