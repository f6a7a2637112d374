// Learning labels (migration 20261206008100_type_labels.sql): a member who sets a customer's type
// by hand — a manual tag 自主型/依赖型/忠诚型 (or the English names), added through the same query
// function the customer page's route calls — leaves a label with who, role, when and what the
// engine said then; removing the tag withdraws it. Nobody writes labels directly.
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addManualTag, removeManualTag } from '../../lib/db/queries/tags.ts';
import { standingTypeLabels } from '../../lib/db/queries/type-labels.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { TagName } from '../../lib/validation/tag.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 2 });
  w = await buildWorld(admin, 'type-labels');
  // what the engine says of rep B's customer (the world's model tag "忠诚型" on custA is an old-style key)
  await admin`insert into customer_profiles (customer_id, org_id, relationship_type, value_tier, lifecycle, loyalty)
              values (${w.custB}, ${w.org1}, 'dependent', 'normal', 'active', 'loyal')`;
});
afterAll(async () => {
  await admin`delete from orgs where id in (${w.org1}, ${w.org2})`;
  await admin?.end();
  await app?.end();
});

const as = <T>(who: keyof World['ids'], fn: Parameters<typeof withRls<T>>[1]) => withRls(claimsFor(w.ids[who]), fn, app);
const labelsOf = (customer: string) =>
  admin<{ label: string; engine_type: string | null; tag: string; labelled_by: string; labelled_role: string; retracted_at: Date | null; retracted_by: string | null }[]>`
    select label, engine_type, tag, labelled_by, labelled_role::text as labelled_role, retracted_at, retracted_by
      from type_labels where customer_id = ${customer} order by id`;

describe('type labels from manual tags', () => {
  it('a manager correcting rep B\'s 依赖型 customer to "忠诚型" leaves a label: who, role, and the engine\'s type at that moment', async () => {
    expect(await as('mgr1', (tx) => addManualTag(tx, { customerId: w.custB, tag: '忠诚型' }))).toBe('added');
    const [l] = await labelsOf(w.custB);
    expect(l).toMatchObject({ label: 'loyal', engine_type: 'dependent', tag: '忠诚型', labelled_by: w.ids.mgr1, labelled_role: 'manager', retracted_at: null });
  });

  it('the owner (a rep) may set a type too, in English and with the "#" the tag sheet strips ("#Autonomous")', async () => {
    const tag = TagName.parse('#Autonomous');
    expect(await as('repA', (tx) => addManualTag(tx, { customerId: w.custA, tag }))).toBe('added');
    const [l] = await labelsOf(w.custA);
    expect(l).toMatchObject({ label: 'autonomous', engine_type: 'loyal', tag: 'Autonomous', labelled_by: w.ids.repA, labelled_role: 'rep' });
  });

  it('a tag that names no type ("爱喝茶", "忠诚型客户") is only a tag', async () => {
    const before = (await labelsOf(w.custB)).length;
    await as('repB', (tx) => addManualTag(tx, { customerId: w.custB, tag: '老朋友' }));
    await as('repB', (tx) => addManualTag(tx, { customerId: w.custB, tag: '忠诚型客户' }));
    expect(await labelsOf(w.custB)).toHaveLength(before);
  });

  it('removing the tag withdraws the label and says who; the row stays as history', async () => {
    await as('admin', (tx) => addManualTag(tx, { customerId: w.custC, tag: '依赖型' }));
    expect(await as('admin', (tx) => removeManualTag(tx, { customerId: w.custC, tag: '依赖型' }))).toBe(true);
    const [l] = await labelsOf(w.custC);
    expect(l).toMatchObject({ label: 'dependent', labelled_role: 'admin', engine_type: null, retracted_by: w.ids.admin });
    expect(l!.retracted_at).toBeInstanceOf(Date);
  });

  it('the agreement report reads the latest standing label per customer, with the engine\'s type now', async () => {
    const rows = await admin.begin((tx) => standingTypeLabels(tx, { orgId: w.org1 }));
    // custC's was withdrawn; a later hand-set type replaces an earlier one
    await as('mgr1', (tx) => addManualTag(tx, { customerId: w.custA, tag: '依赖型' }));
    const byCustomer = (rs: { customer_id: string }[]) => Object.fromEntries(rs.map((r) => [r.customer_id, r]));
    expect(byCustomer(rows)).toEqual({
      [w.custA]: expect.objectContaining({ label: 'autonomous', now_type: 'loyal', labelled_role: 'rep', by_owner: true }),
      [w.custB]: expect.objectContaining({ label: 'loyal', engine_type: 'dependent', now_type: 'dependent', labelled_role: 'manager', by_owner: false }),
    });
    const later = byCustomer(await admin.begin((tx) => standingTypeLabels(tx, { orgId: w.org1 })));
    expect(later[w.custA]).toMatchObject({ label: 'dependent', labelled_role: 'manager' });
    // inside withRls: a manager of the other team sees none of team 1's labels; rep A only their own customer's
    expect(await as('mgr2', (tx) => standingTypeLabels(tx, { orgId: w.org1 }))).toEqual([]);
    expect((await as('repA', (tx) => standingTypeLabels(tx, { orgId: w.org1 }))).map((r) => r.customer_id)).toEqual([w.custA]);
  });

  it('attack: a rep cannot write or forge a label directly (insert, update, delete all refused or empty)', async () => {
    await expect(
      as('repA', (tx) => tx`insert into type_labels (org_id, customer_id, label, tag, labelled_by, labelled_role)
                            values (${w.org1}, ${w.custA}, 'loyal', '忠诚型', ${w.ids.admin}, 'admin')`),
    ).rejects.toMatchObject({ code: '42501' });
    await expect(as('mgr1', (tx) => tx`update type_labels set label = 'dependent' where customer_id = ${w.custA}`)).rejects.toMatchObject({ code: '42501' });
    await expect(as('admin', (tx) => tx`delete from type_labels where customer_id = ${w.custA}`)).rejects.toMatchObject({ code: '42501' });
  });

  it('deleting the customer takes its labels with it (no error from the tag trigger)', async () => {
    await as('admin', (tx) => addManualTag(tx, { customerId: w.custC, tag: '忠诚型' }));
    expect((await labelsOf(w.custC)).filter((l) => l.retracted_at === null)).toHaveLength(1);
    await admin`delete from customers where id = ${w.custC}`;
    expect(await labelsOf(w.custC)).toEqual([]);
  });
});
