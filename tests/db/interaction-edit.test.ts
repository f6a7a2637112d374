// Edit and recall (issue 15 item 4) on real PostgreSQL under RLS, through the same queries the
// routes use: the author edits within 24 h and the before/after is kept where the manager — not
// another team — can read it; the author recalls within 2 minutes, leaving a trace, and a replay of
// the recalled id stores nothing. Past the windows, or as anyone but the author, the database
// itself refuses (a direct UPDATE/DELETE under RLS touches 0 rows), and the fixed fields
// (customer, author) can't be moved by an edit. Each edit and recall marks the customer for the
// recompute, as a new log does.
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { editInteraction, insertInteraction, listInteractionEdits, recallInteraction, wasRecalled } from '../../lib/db/queries/interactions.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import type { InteractionEdit } from '../../lib/validation/interaction.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, 'interaction-edit');
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

const as = <T>(who: keyof World['ids'], f: Parameters<typeof withRls<T>>[1]) => withRls(claimsFor(w.ids[who]), f, app);

/** A log of rep A's on customer A, stored `ageMinutes` ago. */
async function logOfRepA(ageMinutes: number, note = '原来的备注') {
  const id = randomUUID();
  await admin`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at, attitude, cognition, note, created_at)
              values (${id}, ${w.org1}, ${w.custA}, ${w.ids.repA}, 'visit', now(), 'doubt', 'vague', ${note}, now() - ${ageMinutes} * interval '1 minute')`;
  await admin`delete from private.recompute_dirty where customer_id = ${w.custA}`;
  return id;
}
const edit: InteractionEdit = { kind: 'call', attitude: 'accept', cognition: 'specific', sentiment: null, note: '改正后的备注', next_step: null, follow_up_at: null };
const dirty = async () => (await admin`select count(*)::int as n from private.recompute_dirty where customer_id = ${w.custA}`)[0]!.n as number;

describe('edit (24 h, the author)', () => {
  it('the author edits a 23-hour-old log; the change is kept, the manager reads it, the recompute is due', async () => {
    const id = await logOfRepA(23 * 60);
    const res = await as('repA', (tx) => editInteraction(tx, id, edit));
    expect(res).toMatchObject({ ok: true, changed: true, customer_id: w.custA });
    const [row] = await admin`select kind, attitude, cognition, note from interactions where id = ${id}`;
    expect(row).toEqual({ kind: 'call', attitude: 'accept', cognition: 'specific', note: '改正后的备注' });
    expect(await dirty()).toBe(1);

    const history = await as('mgr1', (tx) => listInteractionEdits(tx, id));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      editor_id: w.ids.repA, editor_name: '甲',
      before: { kind: 'visit', attitude: 'doubt', cognition: 'vague', note: '原来的备注' },
      after: { kind: 'call', attitude: 'accept', cognition: 'specific', note: '改正后的备注' },
    });
    // Another team's manager and a colleague who doesn't own the customer see nothing.
    expect(await as('mgr2', (tx) => listInteractionEdits(tx, id))).toEqual([]);
    expect(await as('repB', (tx) => listInteractionEdits(tx, id))).toEqual([]);
    // Saving the same again changes nothing and records nothing.
    expect(await as('repA', (tx) => editInteraction(tx, id, edit))).toMatchObject({ ok: true, changed: false });
    expect(await as('admin', (tx) => listInteractionEdits(tx, id))).toHaveLength(1);
  });

  it('past 24 h the author is told "too late", and a direct UPDATE under RLS changes nothing', async () => {
    const id = await logOfRepA(24 * 60 + 1);
    expect(await as('repA', (tx) => editInteraction(tx, id, edit))).toEqual({ ok: false, why: 'too_late' });
    const direct = await as('repA', (tx) => tx`update interactions set note = '偷偷改' where id = ${id}`);
    expect(direct.count).toBe(0);
    expect((await admin`select note from interactions where id = ${id}`)[0]!.note).toBe('原来的备注');
  });

  it('nobody but the author edits — not their manager, not the admin', async () => {
    const id = await logOfRepA(5);
    for (const who of ['mgr1', 'admin'] as const) {
      expect(await as(who, (tx) => editInteraction(tx, id, edit))).toEqual({ ok: false, why: 'not_author' });
      expect((await as(who, (tx) => tx`update interactions set note = '代改' where id = ${id}`)).count).toBe(0);
    }
    // Another team's manager does not even see it.
    expect(await as('mgr2', (tx) => editInteraction(tx, id, edit))).toEqual({ ok: false, why: 'not_found' });
  });

  it('an edit cannot move the log to another customer or author', async () => {
    const id = await logOfRepA(5);
    await expect(as('repA', (tx) => tx`update interactions set customer_id = ${w.custB} where id = ${id}`)).rejects.toMatchObject({ code: '42501' });
    await expect(as('repA', (tx) => tx`update interactions set rep_id = ${w.ids.repB} where id = ${id}`)).rejects.toMatchObject({ code: '42501' });
  });
});

describe('recall (2 minutes, the author)', () => {
  it('the author recalls a fresh log: gone, a trace stays, a replay of its id stores nothing, the recompute is due', async () => {
    const id = await logOfRepA(1);
    expect(await as('repA', (tx) => recallInteraction(tx, id))).toEqual({ ok: true, customer_id: w.custA });
    expect(await admin`select 1 from interactions where id = ${id}`).toHaveLength(0);
    const [trace] = await as('mgr1', (tx) => tx`select rep_id, customer_id from interaction_recalls where interaction_id = ${id}`);
    expect(trace).toEqual({ rep_id: w.ids.repA, customer_id: w.custA });
    expect(await dirty()).toBe(1);

    // The outbox replays the original POST: nothing is stored, and it reads as handled.
    const replay = await as('repA', (tx) =>
      insertInteraction(tx, { id, customer_id: w.custA, kind: 'visit', initiated_by: 'rep', occurred_at: new Date(), note: '原来的备注' }),
    );
    expect(replay).toEqual({ inserted: false });
    expect(await as('repA', (tx) => wasRecalled(tx, id))).toBe(true);
    expect(await admin`select 1 from interactions where id = ${id}`).toHaveLength(0);
  });

  it('past 2 minutes: "too late" (still editable), and a direct DELETE under RLS removes nothing', async () => {
    const id = await logOfRepA(3);
    expect(await as('repA', (tx) => recallInteraction(tx, id))).toEqual({ ok: false, why: 'too_late' });
    expect((await as('repA', (tx) => tx`delete from interactions where id = ${id}`)).count).toBe(0);
    expect(await admin`select 1 from interactions where id = ${id}`).toHaveLength(1);
    expect(await as('repA', (tx) => editInteraction(tx, id, edit))).toMatchObject({ ok: true });
  });

  it('only the author recalls; an admin deleting a colleague\'s log or a whole customer leaves no recall trace', async () => {
    const id = await logOfRepA(0);
    expect(await as('mgr1', (tx) => recallInteraction(tx, id))).toEqual({ ok: false, why: 'not_author' });
    expect((await as('mgr1', (tx) => tx`delete from interactions where id = ${id}`)).count).toBe(0);
    expect((await as('admin', (tx) => tx`delete from interactions where id = ${id}`)).count).toBe(1);
    expect(await admin`select 1 from interaction_recalls where interaction_id = ${id}`).toHaveLength(0);
  });
});
