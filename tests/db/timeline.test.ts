// The customer timeline (one query over six sources, keyset-paged) and the writes behind the
// customer page's actions — orders, deals and stage changes, manual tags — all through withRls,
// as the app runs them.
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { changeDealStage, insertDeal, listDeals } from '../../lib/db/queries/deals.ts';
import { insertOrder } from '../../lib/db/queries/orders.ts';
import { addManualTag, removeManualTag } from '../../lib/db/queries/tags.ts';
import { decodeCursor, encodeCursor, listTimeline, type TimelineItem } from '../../lib/db/queries/timeline.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { DealInput } from '../../lib/validation/deal.ts';
import { OrderInput } from '../../lib/validation/order.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;
let cust: string; // rep A's customer with a history at known times
const SCRIPT = '<script>alert("x")</script> & 很满意';

const HOUR = 3_600_000;
const ago = (h: number) => new Date(Date.now() - h * HOUR);

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, 'timeline');
  const [c] = await admin`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repA}, '时间线客户') returning id`;
  cust = c!.id as string;
  const tie = ago(120);
  // two logs at the very same instant: the tie is broken by id, and paging must not lose either
  await admin`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at, note) values
    (${'00000000-0000-4000-8000-000000000001'}, ${w.org1}, ${cust}, ${w.ids.repA}, 'visit', ${tie}, '第一次拜访'),
    (${'00000000-0000-4000-8000-000000000002'}, ${w.org1}, ${cust}, ${w.ids.repA}, 'call', ${tie}, '同一时刻的电话')`;
  await admin`insert into interactions (id, org_id, customer_id, rep_id, kind, initiated_by, occurred_at, note)
              values (${randomUUID()}, ${w.org1}, ${cust}, ${w.ids.repA}, 'complaint', 'customer', ${ago(96)}, '发货慢')`;
  await admin`insert into orders (org_id, customer_id, amount, kind, discount_used, ordered_at)
              values (${w.org1}, ${cust}, 12800.5, 'service', true, ${ago(72)})`;
  const [deal] = await admin`insert into deals (org_id, customer_id, title, stage) values (${w.org1}, ${cust}, '年度采购', 'needs') returning id`;
  await admin`insert into deal_stage_changes (org_id, deal_id, customer_id, from_stage, to_stage, changed_at, changed_by)
              values (${w.org1}, ${deal!.id}, ${cust}, 'quote', 'needs', ${ago(48)}, ${w.ids.repA})`;
  const [survey] = await admin`insert into surveys (org_id, customer_id, answered_at) values (${w.org1}, ${cust}, ${ago(24)}) returning id`;
  await admin`insert into survey_responses (org_id, survey_id, customer_id, nps, csat, comment, created_at)
              values (${w.org1}, ${survey!.id}, ${cust}, 9, 5, ${SCRIPT}, ${ago(24)})`;
  // one recompute: two dimensions changed at one instant → one timeline entry
  const at = ago(12);
  await admin`insert into tag_changes (org_id, customer_id, dimension, from_value, to_value, reasons, changed_at) values
    (${w.org1}, ${cust}, 'value', 'normal', 'high', ${admin.json([{ rule: 'value.pareto', params: {}, zh: '收入前 20%', en: 'top 20%' }])}, ${at}),
    (${w.org1}, ${cust}, 'lifecycle', 'potential', 'active', '[]', ${at})`;
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

const as = (who: keyof World['ids']) => claimsFor(w.ids[who]);
const timeline = (who: keyof World['ids'], cursor?: string | null, limit?: number) =>
  withRls(as(who), (tx) => listTimeline(tx, { orgId: w.org1, customerId: cust, cursor, limit }), app);
const summary = (items: TimelineItem[]) => items.map((i) => i.type);

describe('listTimeline', () => {
  it('mixes every source for the owner, newest first, one entry per recompute', async () => {
    const { items, nextCursor } = await timeline('repA');
    expect(nextCursor).toBeNull();
    expect(summary(items)).toEqual(['tags', 'survey', 'stage', 'order', 'interaction', 'interaction', 'interaction']);
    for (let i = 1; i < items.length; i++) expect(items[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(items[i]!.at.getTime());

    const [tags, survey, stage, order, complaint] = items;
    expect(tags).toMatchObject({ type: 'tags', changes: [{ dimension: 'value', from: 'normal', to: 'high' }, { dimension: 'lifecycle', to: 'active' }] });
    expect(stage).toMatchObject({ type: 'stage', deal_title: '年度采购', from_stage: 'quote', to_stage: 'needs', by_name: '甲' });
    expect(order).toMatchObject({ type: 'order', amount: 12800.5, kind: 'service', discount_used: true, premium: false });
    expect(complaint).toMatchObject({ type: 'interaction', kind: 'complaint', initiated_by: 'customer', note: '发货慢', rep_name: '甲' });
    // Stored and returned verbatim: escaping is the renderer's job (React), not the query's.
    expect(survey).toMatchObject({ type: 'survey', nps: 9, csat: 5, comment: SCRIPT });
  });

  it('pages by keyset without losing or repeating entries, ties included', async () => {
    const all = (await timeline('repA')).items.map((i) => i.key);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let n = 0; n < 10; n++) {
      const page: Awaited<ReturnType<typeof timeline>> = await timeline('repA', cursor, 2);
      seen.push(...page.items.map((i) => i.key));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all);
    // the two interactions at one instant both came back, in a stable order
    expect(all.slice(-2)).toEqual(['interaction:00000000-0000-4000-8000-000000000002', 'interaction:00000000-0000-4000-8000-000000000001']);
  });

  it('the manager sees the team\'s customer; another rep, another team and another org see nothing', async () => {
    expect((await timeline('mgr1')).items).toHaveLength(7);
    for (const who of ['repB', 'repC', 'mgr2', 'other'] as const) expect((await timeline(who)).items).toEqual([]);
  });

  it('a cursor it did not make is "no more", not an error', async () => {
    expect(decodeCursor('nonsense')).toBeNull();
    expect(decodeCursor(encodeCursor({ at: '2026-01-01T00:00:00.000000Z', type: 'order', id: 'x' }))).toEqual({
      at: '2026-01-01T00:00:00.000000Z', type: 'order', id: 'x',
    });
    const forged = Buffer.from(JSON.stringify(["2026-01-01'; drop table orders; --", 'order', 'x'])).toString('base64url');
    expect(await timeline('repA', forged)).toEqual({ items: [], nextCursor: null });
  });
});

describe('manual tags', () => {
  it('adding and removing shows on the timeline with who did it; computed tags cannot be removed', async () => {
    const rep = as('repA');
    expect(await withRls(rep, (tx) => addManualTag(tx, { customerId: cust, tag: '爱喝茶' }), app)).toBe('added');
    expect(await withRls(rep, (tx) => addManualTag(tx, { customerId: cust, tag: '爱喝茶' }), app)).toBe('exists');
    await admin`insert into customer_tags (org_id, customer_id, tag, kind) values (${w.org1}, ${cust}, 'orders', 'fact')`;
    expect(await withRls(rep, (tx) => addManualTag(tx, { customerId: cust, tag: 'orders' }), app)).toBe('taken');
    expect(await withRls(rep, (tx) => removeManualTag(tx, { customerId: cust, tag: 'orders' }), app)).toBe(false);
    expect(await withRls(rep, (tx) => removeManualTag(tx, { customerId: cust, tag: '爱喝茶' }), app)).toBe(true);

    const [removed, added] = (await timeline('repA')).items;
    expect(added).toMatchObject({ type: 'tag', tag: '爱喝茶', added: true, by_name: '甲' });
    expect(removed).toMatchObject({ type: 'tag', tag: '爱喝茶', added: false, by_name: '甲' });
    const [kept] = await admin`select count(*)::int as n from customer_tags where customer_id = ${cust} and tag = 'orders'`;
    expect(kept!.n).toBe(1);
  });

  it('another rep can neither add nor remove', async () => {
    await expect(withRls(as('repB'), (tx) => addManualTag(tx, { customerId: cust, tag: '越权' }), app)).rejects.toMatchObject({ code: '42501' });
    await admin`insert into customer_tags (org_id, customer_id, tag, kind, created_by) values (${w.org1}, ${cust}, '留着', 'manual', ${w.ids.repA})`;
    expect(await withRls(as('repB'), (tx) => removeManualTag(tx, { customerId: cust, tag: '留着' }), app)).toBe(false);
  });

  it('deleting a customer or an org with manual tags is not blocked by their history', async () => {
    const [c] = await admin`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repA}, '要删的') returning id`;
    await admin`insert into customer_tags (org_id, customer_id, tag, kind) values (${w.org1}, ${c!.id}, '临时', 'manual')`;
    await admin`delete from customers where id = ${c!.id}`;
    const [org] = await admin`insert into orgs (slug, name) values ('timeline-gone', '要删的公司') returning id`;
    const uid = randomUUID();
    await admin`insert into auth.users (id, email) values (${uid}, 'gone@timeline.test')`;
    await admin`insert into members (user_id, org_id, role, display_name) values (${uid}, ${org!.id}, 'admin', '走人')`;
    const [c2] = await admin`insert into customers (org_id, owner_id, name) values (${org!.id}, ${uid}, '客户') returning id`;
    await admin`insert into customer_tags (org_id, customer_id, tag, kind) values (${org!.id}, ${c2!.id}, '临时', 'manual')`;
    await admin`delete from orgs where id = ${org!.id}`;
    const [left] = await admin`select count(*)::int as n from tag_changes where org_id = ${org!.id}`;
    expect(left!.n).toBe(0);
  });
});

describe('orders and deals', () => {
  it('an order is stored once per id, under the caller\'s org; another rep is refused', async () => {
    const input = { ...OrderInput.parse({ customer_id: cust, amount: 99.999, ordered_at: ago(1).toISOString() }), id: randomUUID() };
    expect(input.amount).toBe(100);
    expect(await withRls(as('repA'), (tx) => insertOrder(tx, input), app)).toEqual({ inserted: true });
    expect(await withRls(as('repA'), (tx) => insertOrder(tx, input), app)).toEqual({ inserted: false });
    const [row] = await admin`select org_id, amount from orders where id = ${input.id}`;
    expect(row).toEqual({ org_id: w.org1, amount: '100.00' });
    const other = { ...input, id: randomUUID() };
    await expect(withRls(as('repB'), (tx) => insertOrder(tx, other), app)).rejects.toMatchObject({ code: '42501' });
  });

  it('a deal opens with its first stage recorded; moving it writes the deal and the change together', async () => {
    const id = randomUUID();
    const rep = as('repA');
    const open = { ...DealInput.parse({ customer_id: cust, title: ' 二期 ', stage: 'quote' }), id };
    expect(await withRls(rep, (tx) => insertDeal(tx, open), app)).toEqual({ inserted: true });
    expect(await withRls(rep, (tx) => insertDeal(tx, open), app)).toEqual({ inserted: false });

    const back = await withRls(rep, (tx) => changeDealStage(tx, { dealId: id, to: 'needs' }), app);
    expect(back).toMatchObject({ customerId: cust, from: 'quote', to: 'needs', changed: true, stepBack: true });
    const same = await withRls(rep, (tx) => changeDealStage(tx, { dealId: id, to: 'needs' }), app);
    expect(same).toMatchObject({ changed: false });

    const [deal] = await admin`select title, stage from deals where id = ${id}`;
    expect(deal).toEqual({ title: '二期', stage: 'needs' });
    const changes = await admin`select from_stage, to_stage, customer_id, changed_by from deal_stage_changes where deal_id = ${id} order by changed_at`;
    expect(changes).toEqual([
      { from_stage: null, to_stage: 'quote', customer_id: cust, changed_by: w.ids.repA },
      { from_stage: 'quote', to_stage: 'needs', customer_id: cust, changed_by: w.ids.repA },
    ]);
    const deals = await withRls(rep, (tx) => listDeals(tx, { orgId: w.org1, customerId: cust }), app);
    expect(deals[0]).toMatchObject({ id, stage: 'needs' });

    const stages = (await timeline('repA')).items.filter((i) => i.type === 'stage').slice(0, 2);
    expect(stages).toMatchObject([
      { from_stage: 'quote', to_stage: 'needs', deal_title: '二期' },
      { from_stage: null, to_stage: 'quote', deal_title: '二期' },
    ]);
  });

  it('another rep cannot see the deal to move it, and nothing changes', async () => {
    const [deal] = await admin`select id from deals where customer_id = ${cust} and title = '年度采购'`;
    expect(await withRls(as('repB'), (tx) => changeDealStage(tx, { dealId: deal!.id, to: 'won' }), app)).toBeNull();
    const [row] = await admin`select stage from deals where id = ${deal!.id}`;
    expect(row!.stage).toBe('needs');
    await expect(
      withRls(as('repB'), (tx) => insertDeal(tx, { ...DealInput.parse({ customer_id: cust }), id: randomUUID() }), app),
    ).rejects.toMatchObject({ code: '42501' });
  });
});
