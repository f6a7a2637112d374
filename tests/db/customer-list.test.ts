// The customer list and the customer form on real PostgreSQL, under RLS through withRls:
// last_contact_at kept by the interactions triggers, the search key (stale on rename, refilled
// by the backfill), pinyin search, tag filters, keyset paging per sort, and create/edit with the
// duplicate-number check.
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findPhoneDuplicate, insertCustomer, listAssignableOwners, updateCustomer } from '../../lib/db/queries/customer-write.ts';
import { countCustomers, listCustomers, type CustomerListParams } from '../../lib/db/queries/customers.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { searchKey } from '../../lib/search/pinyin.ts';
import { CustomerInput } from '../../lib/validation/customer.ts';
import { backfillSearchKeys } from '../../scripts/lib/backfill.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;
beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, 'customer-list');
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

const lastContact = async (id: string) =>
  (await admin<{ last_contact_at: Date | null; updated_at: Date }[]>`select last_contact_at, updated_at from customers where id = ${id}`)[0]!;
const at = (iso: string) => new Date(iso);

describe('customers.last_contact_at (triggers on interactions)', () => {
  it('follows inserts (newer only), updates and deletes — without bumping updated_at', async () => {
    const cust = await withRls(claimsFor(w.ids.repB), (tx) =>
      insertCustomer(tx, { orgId: w.org1, ownerId: w.ids.repB, fields: fields({ name: '触发器测试' }) }), app);
    const before = await lastContact(cust);
    expect(before.last_contact_at).toBeNull();

    const log = (id: string, when: string) =>
      withRls(claimsFor(w.ids.repB), (tx) => tx`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at)
        values (${id}, ${w.org1}, ${cust}, ${w.ids.repB}, 'call', ${when})`, app);
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await log(a, '2026-10-01T02:00:00Z');
    expect((await lastContact(cust)).last_contact_at).toEqual(at('2026-10-01T02:00:00Z'));
    await log(b, '2026-11-01T02:00:00Z');
    await log(c, '2026-09-01T02:00:00Z'); // older: no change
    expect((await lastContact(cust)).last_contact_at).toEqual(at('2026-11-01T02:00:00Z'));

    // The author moves the latest one back in time: the max is recomputed.
    await withRls(claimsFor(w.ids.repB), (tx) => tx`update interactions set occurred_at = '2026-08-01T02:00:00Z' where id = ${b}`, app);
    expect((await lastContact(cust)).last_contact_at).toEqual(at('2026-10-01T02:00:00Z'));
    // An admin deletes history (RLS: only admins delete): the next latest takes over, then none.
    await withRls(claimsFor(w.ids.admin), (tx) => tx`delete from interactions where id = ${a}`, app);
    expect((await lastContact(cust)).last_contact_at).toEqual(at('2026-09-01T02:00:00Z'));
    await withRls(claimsFor(w.ids.admin), (tx) => tx`delete from interactions where customer_id = ${cust}`, app);
    const after = await lastContact(cust);
    expect(after.last_contact_at).toBeNull();
    expect(after.updated_at).toEqual(before.updated_at);
  });

  it('a bulk insert touching many customers is one statement and sets each one', async () => {
    const ids = [w.custA, w.custB];
    await admin`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at)
      select gen_random_uuid(), ${w.org1}, x.c, x.r, 'visit', ('2027-01-0' || x.d || 'T00:00:00Z')::timestamptz
        from (values (${ids[0]!}::uuid, ${w.ids.repA}::uuid, 1), (${ids[0]!}::uuid, ${w.ids.repA}::uuid, 3), (${ids[1]!}::uuid, ${w.ids.repB}::uuid, 2)) x(c, r, d)`;
    expect((await lastContact(w.custA)).last_contact_at).toEqual(at('2027-01-03T00:00:00Z'));
    expect((await lastContact(w.custB)).last_contact_at).toEqual(at('2027-01-02T00:00:00Z'));
  });
});

describe('customers.search_pinyin', () => {
  it('a rename without a new key drops the stale one; the backfill computes it again', async () => {
    const [c] = await admin<{ id: string }[]>`insert into customers (org_id, owner_id, name, search_pinyin)
      values (${w.org1}, ${w.ids.repB}, '旧名', ${searchKey('旧名')}) returning id`;
    await admin`update customers set name = '单田芳' where id = ${c!.id}`;
    expect((await admin`select search_pinyin from customers where id = ${c!.id}`)[0]!.search_pinyin).toBeNull();
    // A writer that brings its key keeps it.
    await admin`update customers set name = '新名', search_pinyin = 'custom' where id = ${c!.id}`;
    expect((await admin`select search_pinyin from customers where id = ${c!.id}`)[0]!.search_pinyin).toBe('custom');
    await admin`update customers set name = '单田芳' where id = ${c!.id}`;

    const filled = await backfillSearchKeys(admin, { batch: 2 });
    expect(filled).toBeGreaterThanOrEqual(1); // the fixture's customers have no key either
    expect((await admin`select search_pinyin from customers where id = ${c!.id}`)[0]!.search_pinyin).toBe('shantianfang stf dantianfang dtf');
    await backfillSearchKeys(admin); // idempotent: a filled key is left alone
    expect((await admin`select search_pinyin from customers where id = ${c!.id}`)[0]!.search_pinyin).toBe('shantianfang stf dantianfang dtf');
  });
});

// ---------------------------------------------------------------------------

function fields(over: Record<string, string>) {
  const { owner_id: _o, confirm_duplicate: _c, ...f } = CustomerInput.parse({ name: 'x', ...over });
  return f;
}

describe('listing under RLS', () => {
  const book: Record<string, string> = {};
  beforeAll(async () => {
    // rep C's book: names with pinyin, profiles with priorities, contacts on different days.
    const rows: [string, string | null, number | null, string | null, string | null][] = [
      ['张三丰', '武当山贸易', 0.9, 'loyal', '2026-11-10T00:00:00Z'],
      ['赵四', '杭州恒远科技', 0.5, 'dependent', '2026-11-12T00:00:00Z'],
      ['钱五', null, 0.5, 'loyal', null],
      ['孙六', '重庆火锅', 0.1, 'autonomous', '2026-11-01T00:00:00Z'],
      ['Lucy 李', null, null, null, '2026-11-05T00:00:00Z'], // no profile yet
    ];
    for (const [name, company, priority, rel, contact] of rows) {
      const id = await withRls(claimsFor(w.ids.repC), (tx) =>
        insertCustomer(tx, { orgId: w.org1, ownerId: w.ids.repC, fields: fields({ name, company: company ?? '', phone: '' }) }), app);
      book[name] = id;
      if (priority !== null)
        await admin`insert into customer_profiles (customer_id, org_id, relationship_type, value_tier, lifecycle, loyalty, priority)
                    values (${id}, ${w.org1}, ${rel}, 'normal', 'active', ${rel === 'loyal' ? 'loyal' : 'at_risk'}, ${priority})`;
      if (contact) await admin`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at)
                               values (${randomUUID()}, ${w.org1}, ${id}, ${w.ids.repC}, 'call', ${contact})`;
    }
  });

  const list = (who: string, p: Partial<CustomerListParams>) =>
    withRls(claimsFor(who), (tx) => listCustomers(tx, { orgId: w.org1, ...p }), app);
  // Rep C's book also holds the fixture's 王五: the assertions look at the customers made here.
  const names = async (who: string, p: Partial<CustomerListParams>) =>
    (await list(who, p)).items.map((c) => c.name).filter((n) => n in book);

  it('pinyin initials, full pinyin, company initials, Chinese and digits all find the customer — within RLS', async () => {
    expect(await names(w.ids.repC, { q: 'zsf' })).toEqual(['张三丰']);
    expect(await names(w.ids.repC, { q: 'Zhang San' })).toEqual(['张三丰']);
    expect(await names(w.ids.repC, { q: 'hzhy' })).toEqual(['赵四']);
    expect(await names(w.ids.repC, { q: 'chongqing' })).toEqual(['孙六']);
    expect(await names(w.ids.repC, { q: '恒远' })).toEqual(['赵四']);
    expect(await names(w.ids.repC, { q: 'lucy' })).toEqual(['Lucy 李']);
    expect(await names(w.ids.repC, { q: '50%' })).toEqual([]); // % is a character, not a wildcard
    expect(await names(w.ids.repA, { q: 'zsf' })).toEqual([]); // rep A cannot see rep C's book
    expect(await names(w.ids.mgr2, { q: 'zsf' })).toEqual(['张三丰']); // rep C's manager can
  });

  it('a phone number is found whatever its spacing', async () => {
    await admin`update customers set phone = '+86 139 1234 5678' where id = ${book['钱五']!}`;
    expect(await names(w.ids.repC, { q: '13912345678' })).toEqual(['钱五']);
    expect(await names(w.ids.repC, { q: '1234 5678' })).toEqual(['钱五']);
  });

  it('filters: 忠诚型 is the primary relationship type only; 潜在流失 is loyalty at_risk', async () => {
    expect((await names(w.ids.repC, { rel: 'loyal' })).sort()).toEqual(['张三丰', '钱五'].sort());
    expect((await names(w.ids.repC, { risk: true })).sort()).toEqual(['孙六', '赵四'].sort());
    expect(await withRls(claimsFor(w.ids.repC), (tx) => countCustomers(tx, { orgId: w.org1, rel: 'loyal' }), app)).toBe(2);
  });

  it('sorts: priority (no profile last), last contact (never last), name in pinyin order', async () => {
    expect(await names(w.ids.repC, { sort: 'priority' })).toEqual(['张三丰', '钱五', '赵四', '孙六', 'Lucy 李'].sort(byPriority(book)));
    expect(await names(w.ids.repC, { sort: 'contact' })).toEqual(['赵四', '张三丰', 'Lucy 李', '孙六', '钱五']);
    expect(await names(w.ids.repC, { sort: 'name' })).toEqual(['Lucy 李', '钱五', '孙六', '张三丰', '赵四']);
  });

  it('keyset paging, one row per page, gives the same order as one page, for every sort', async () => {
    for (const sort of ['priority', 'contact', 'name'] as const) {
      const all = await names(w.ids.repC, { sort });
      const paged: string[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const page: Awaited<ReturnType<typeof list>> = await list(w.ids.repC, { sort, limit: 1, cursor });
        paged.push(...page.items.map((c) => c.name).filter((n) => n in book));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      expect(paged, sort).toEqual(all);
    }
  });

  it('a cursor from another sort, or a forged one, starts over instead of failing', async () => {
    const first = await list(w.ids.repC, { sort: 'contact', limit: 2 });
    expect((await list(w.ids.repC, { sort: 'name', cursor: first.nextCursor })).items[0]!.name).toBe('Lucy 李');
    const everyone = (await list(w.ids.repC, { sort: 'name' })).items.length;
    expect((await list(w.ids.repC, { sort: 'name', cursor: 'not-a-cursor' })).items).toHaveLength(everyone);
    const forged = Buffer.from(JSON.stringify(['contact', "x'; drop table customers; --", randomUUID()])).toString('base64url');
    expect((await list(w.ids.repC, { sort: 'contact', cursor: forged })).items).toHaveLength(everyone);
  });
});

// Highest priority first, ties by id descending (the list's tie-break), no profile last.
function byPriority(book: Record<string, string>) {
  const prio: Record<string, number> = { 张三丰: 0.9, 赵四: 0.5, 钱五: 0.5, 孙六: 0.1, 'Lucy 李': -1 };
  return (a: string, b: string) => prio[b]! - prio[a]! || (book[b]! > book[a]! ? 1 : -1);
}

describe('create and edit under RLS', () => {
  it('a rep cannot create a customer for a colleague, or hand one away', async () => {
    const create = (who: string, owner: string) =>
      withRls(claimsFor(who), (tx) => insertCustomer(tx, { orgId: w.org1, ownerId: owner, fields: fields({ name: '归属测试' }) }), app);
    await expect(create(w.ids.repA, w.ids.repB)).rejects.toMatchObject({ code: '42501' });
    const mine = await create(w.ids.repA, w.ids.repA);
    await expect(withRls(claimsFor(w.ids.repA), (tx) => updateCustomer(tx, { id: mine, ownerId: w.ids.repB, fields: fields({ name: '归属测试' }) }), app))
      .rejects.toMatchObject({ code: '42501' });
    // The manager may hand it within the team; the stored search key follows the new name.
    expect(await withRls(claimsFor(w.ids.mgr1), (tx) => updateCustomer(tx, { id: mine, ownerId: w.ids.repB, fields: fields({ name: '周七', company: '重庆' }) }), app)).toBe(true);
    expect((await admin`select owner_id, search_pinyin from customers where id = ${mine}`)[0]).toEqual({ owner_id: w.ids.repB, search_pinyin: 'zhouqi zq chongqing cq' });
    // Another team's rep: no such row for them.
    expect(await withRls(claimsFor(w.ids.repC), (tx) => updateCustomer(tx, { id: mine, fields: fields({ name: '改名' }) }), app)).toBe(false);
  });

  it('owners on offer: self for a rep, the team for a manager, everyone for an admin', async () => {
    const owners = async (who: string) => (await withRls(claimsFor(who), (tx) => listAssignableOwners(tx), app)).map((o) => o.user_id).sort();
    expect(await owners(w.ids.repA)).toEqual([w.ids.repA]);
    expect(await owners(w.ids.mgr1)).toEqual([w.ids.repA, w.ids.repB, w.ids.mgr1, w.ids.spare].sort());
    expect((await owners(w.ids.admin)).length).toBe(7); // every active member of org 1
  });

  it('duplicate numbers: a visible one is named, a colleague\'s is only "taken", another org\'s is nothing', async () => {
    // The fixture gives every customer 13800138000, stored as typed.
    await admin`update customers set phone = '+86 138 0013 8000' where id = ${w.custB}`;
    const dup = (who: string, phone: string, except?: string) =>
      withRls(claimsFor(who), (tx) => findPhoneDuplicate(tx, { orgId: w.org1, phone, exceptId: except }), app);
    expect(await dup(w.ids.repA, '13800138000')).toEqual({ visible: { id: w.custA, name: '张三' }, taken: true });
    expect(await dup(w.ids.repA, '13800138000', w.custA)).toEqual({ visible: null, taken: true }); // rep B's, which rep A cannot see
    expect(await dup(w.ids.repA, '13900000000')).toEqual({ visible: null, taken: false });
    // Issue 13 finding 12. Tried: rep A (team 1) asking about team 2's customer's number — on main
    // the answer was "taken", telling a rep about another team's book. Now nothing.
    await admin`update customers set phone = '13600136000' where id = ${w.custC}`;
    expect(await dup(w.ids.repA, '136 0013 6000')).toEqual({ visible: null, taken: false });
    expect(await dup(w.ids.mgr1, '13600136000')).toEqual({ visible: null, taken: false });
    expect(await dup(w.ids.repC, '13600136000')).toEqual({ visible: { id: w.custC, name: '王五' }, taken: true });
    // The admin sees the whole org (and the customer itself).
    expect(await dup(w.ids.admin, '13600136000')).toEqual({ visible: { id: w.custC, name: '王五' }, taken: true });
    // Another org's customers never count.
    await admin`update customers set phone = '13700137000' where id = ${w.custOther}`;
    expect(await dup(w.ids.repA, '137 0013 7000')).toEqual({ visible: null, taken: false });
    expect(await withRls(claimsFor(w.ids.other), (tx) => findPhoneDuplicate(tx, { orgId: w.org2, phone: '13700137000' }), app))
      .toEqual({ visible: { id: w.custOther, name: '赵六' }, taken: true });
  });
});
