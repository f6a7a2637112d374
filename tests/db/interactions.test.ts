// Interactions are idempotent by their client-made id: an offline outbox may send a log any
// number of times (retries, a second tab, a replay by hand) and one row is stored.
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { insertInteraction } from '../../lib/db/queries/interactions.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { InteractionInput } from '../../lib/validation/interaction.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;
beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, 'interactions');
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

describe('idempotent interaction insert', () => {
  it('the same id twice stores one row and both calls succeed', async () => {
    const input = InteractionInput.parse({
      id: randomUUID(), customer_id: w.custA, kind: 'visit', occurred_at: new Date().toISOString(),
      attitude: 'accept', cognition: 'specific', note: '客户想看同行案例',
    });
    const rep = claimsFor(w.ids.repA);
    const first = await withRls(rep, (tx) => insertInteraction(tx, input), app);
    const again = await withRls(rep, (tx) => insertInteraction(tx, input), app);
    const concurrent = await Promise.all([1, 2, 3].map(() => withRls(rep, (tx) => insertInteraction(tx, input), app)));
    expect(first.inserted).toBe(true);
    expect(again.inserted).toBe(false);
    expect(concurrent.every((r) => !r.inserted)).toBe(true);
    const [n] = await admin`select count(*)::int as n from interactions where id = ${input.id}`;
    expect(n!.n).toBe(1);
  });

  it('org and rep come from the verified membership, and another rep cannot log on this customer', async () => {
    const input = InteractionInput.parse({ id: randomUUID(), customer_id: w.custA, kind: 'call', occurred_at: new Date(), note: '回访' }); // a log says something (an empty one is refused)
    await withRls(claimsFor(w.ids.mgr1), (tx) => insertInteraction(tx, input), app);
    const [row] = await admin`select org_id, rep_id from interactions where id = ${input.id}`;
    expect(row).toEqual({ org_id: w.org1, rep_id: w.ids.mgr1 });
    const other = InteractionInput.parse({ id: randomUUID(), customer_id: w.custA, kind: 'call', occurred_at: new Date(), note: '回访' });
    await expect(withRls(claimsFor(w.ids.repB), (tx) => insertInteraction(tx, other), app)).rejects.toMatchObject({ code: '42501' });
  });

  it('rejects bad input before it reaches the database', () => {
    const bad = InteractionInput.safeParse({ id: 'not-a-uuid', customer_id: w.custA, kind: 'dance', occurred_at: 'yesterday', attitude: 'maybe' });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['id', 'kind', 'occurred_at', 'attitude']));
  });
});
