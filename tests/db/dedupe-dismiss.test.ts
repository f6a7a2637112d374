// "Not duplicates" on real PostgreSQL through withRls: a manager who sees both customers hides a
// candidate pair for good (for everyone in the org), whichever side comes first; reps, managers
// who can't see both, a forged "dismissed by" and edits are refused; other pairs stay listed.
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dismissDuplicatePair, findDuplicateCandidates } from '../../lib/dedupe/candidates.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, 'dedupe-dismiss'); // custA (rep A), custB (rep B), custC (team 2): one phone
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

const as = <T>(who: keyof World['ids'], f: Parameters<typeof withRls<T>>[1]) => withRls(claimsFor(w.ids[who]), f, app);
const key = (x: string, y: string) => [x, y].sort().join();
const listed = async (who: keyof World['ids']) =>
  (await as(who, (tx) => findDuplicateCandidates(tx, { orgId: w.org1 }))).map((p) => key(p.a.id, p.b.id)).sort();
const code = (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

describe('not duplicates', () => {
  it('refuses reps, managers who cannot see both, a forged author and a customer with itself', async () => {
    expect(await listed('mgr1')).toEqual([key(w.custA, w.custB)]);
    expect(await code(as('repA', (tx) => dismissDuplicatePair(tx, { orgId: w.org1, aId: w.custA, bId: w.custB })))).toBe('42501'); // a rep
    expect(await code(as('mgr2', (tx) => dismissDuplicatePair(tx, { orgId: w.org1, aId: w.custA, bId: w.custC })))).toBe('42501'); // sees custC, not custA
    expect(await code(as('mgr1', (tx) => dismissDuplicatePair(tx, { orgId: w.org1, aId: w.custA, bId: w.custC })))).toBe('42501'); // sees custA, not custC
    expect(await code(as('mgr1', (tx) => dismissDuplicatePair(tx, { orgId: w.org1, aId: w.custA, bId: randomUUID() })))).toBe('42501'); // no such customer
    // another org's id in the body: the tenant is the caller's (policy: org_id = my_org)
    expect(await code(as('other', (tx) => dismissDuplicatePair(tx, { orgId: w.org1, aId: w.custA, bId: w.custB })))).toBe('42501');
    // the author is whoever is signed in, not a name from the request
    expect(
      await code(as('mgr1', (tx) => tx`insert into duplicate_dismissals (org_id, customer_a, customer_b, dismissed_by)
        values (${w.org1}, least(${w.custA}::uuid, ${w.custB}::uuid), greatest(${w.custA}::uuid, ${w.custB}::uuid), ${w.ids.admin})`)),
    ).toBe('42501');
    expect(await as('mgr1', (tx) => dismissDuplicatePair(tx, { orgId: w.org1, aId: w.custA, bId: w.custA.toUpperCase() }))).toBe(false);
    expect((await admin`select count(*)::int as n from duplicate_dismissals where org_id = ${w.org1}`)[0]!.n).toBe(0);
    expect(await listed('mgr1')).toEqual([key(w.custA, w.custB)]); // nothing hidden
  });

  it('hides the pair for good, for everyone in the org, whichever side comes first; other pairs stay', async () => {
    expect(await listed('admin')).toEqual([key(w.custA, w.custB), key(w.custA, w.custC), key(w.custB, w.custC)].sort());
    // bigger id first: stored in the candidate query's order all the same
    const [hi, lo] = [w.custA, w.custB].sort().reverse();
    expect(await as('mgr1', (tx) => dismissDuplicatePair(tx, { orgId: w.org1, aId: hi!, bId: lo! }))).toBe(true);
    const rows = await admin`select customer_a, customer_b, dismissed_by from duplicate_dismissals where org_id = ${w.org1}`;
    expect(rows).toEqual([{ customer_a: lo, customer_b: hi, dismissed_by: w.ids.mgr1 }]);
    expect(await listed('mgr1')).toEqual([]);
    expect(await listed('admin')).toEqual([key(w.custA, w.custC), key(w.custB, w.custC)].sort()); // the admin's view too
    // saying it again (the other way round, by the admin) is fine and changes nothing
    expect(await as('admin', (tx) => dismissDuplicatePair(tx, { orgId: w.org1, aId: lo!, bId: hi! }))).toBe(true);
    expect((await admin`select count(*)::int as n from duplicate_dismissals where org_id = ${w.org1}`)[0]!.n).toBe(1);
    // the pair shares more keys later: still hidden
    await admin`update customers set email = 'same@example.com' where id in (${w.custA}, ${w.custB})`;
    expect(await listed('mgr1')).toEqual([]);
    // nobody takes it back or rewrites it (no update/delete privilege at all)
    expect(await code(as('admin', (tx) => tx`delete from duplicate_dismissals where org_id = ${w.org1}`))).toBe('42501');
    expect(await code(as('mgr1', (tx) => tx`update duplicate_dismissals set dismissed_by = ${w.ids.admin} where org_id = ${w.org1}`))).toBe('42501');
    // a rep reads none (reps have no duplicate review)
    expect((await as('repA', (tx) => tx`select 1 from duplicate_dismissals`)).length).toBe(0);
    // deleting a customer takes its dismissals with it
    await admin`delete from customers where id = ${w.custB}`;
    expect((await admin`select count(*)::int as n from duplicate_dismissals where org_id = ${w.org1}`)[0]!.n).toBe(0);
  });
});
