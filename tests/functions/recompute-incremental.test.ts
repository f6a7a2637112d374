// The incremental whole-org recompute (supabase/migrations/20261125000700_recompute_incremental.sql,
// planOrgRun() in supabase/functions/_shared/recompute.ts) against a forced full one, on a real
// database and a demo org:
// - the triggers list exactly the customers whose inputs were written (and the ones that can
//   move the org context), and not the ones whose unrelated columns were edited;
// - after rounds of random writes to every input table (some dated after as_of, so the
//   features ignore them), merges, a forced rewrite, a deleted profile and one-customer
//   recomputes at other as_ofs, an incremental run leaves the store exactly as a full run
//   would: a `full: true` run right after it changes nothing, and the store equals the engine's
//   output over the zod-parsed customer_features() — at three different as_ofs;
// - rules, an earlier as_of or a moved org context make the run a full one.
// recompute() runs under Node with the test's connection (the HTTP side: recompute-tags.test.ts).
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemoOrg } from '../../lib/demo/generate.ts';
import { Rng } from '../../lib/demo/prng.ts';
import { classifyMany, CustomerFeaturesSchema, type CustomerFeatures, parseRules } from '../../lib/engine/index.ts';
import { clearRecomputeCaches, recompute } from '../../supabase/functions/_shared/recompute.ts';

const AS_OF = '2026-11-01T00:00:00+08:00';
const DAY = 86_400_000;
let sql: Sql;
let orgId: string;
const rng = new Rng('recompute-incremental');
const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
type Req = { customer_ids?: string[]; as_of?: string; full?: boolean };
const run = (req: Req) => recompute(sql as unknown as Parameters<typeof recompute>[0], { org_id: orgId, as_of: AS_OF, ...req });

beforeAll(async () => {
  sql = postgres(inject('adminUrl'), { onnotice: () => {}, max: 4 });
  const seeded = await seedDemoOrg(sql, { slug: `recompute-inc-${randomUUID().slice(0, 8)}`, customers: 300, seed: 23, asOf: new Date(AS_OF) });
  orgId = seeded.orgId;
  clearRecomputeCaches();
}, 120_000);
afterAll(async () => {
  await sql`delete from orgs where id = ${orgId}`;
  await sql.end();
});

const dirty = async () =>
  new Map((await sql<{ customer_id: string; ctx: boolean }[]>`
    select customer_id, ctx from private.recompute_dirty where org_id = ${orgId}`).map((r) => [r.customer_id, r.ctx]));
const customers = async () =>
  sql<{ id: string; owner_id: string }[]>`select id, owner_id from customers where org_id = ${orgId} and merged_into is null order by id`;

async function slowFeatures(asOf: string): Promise<CustomerFeatures[]> {
  const rows = await sql`select features from public.customer_features(${orgId}, null, ${asOf}::timestamptz)`;
  return rows.map((r) => CustomerFeaturesSchema.parse(r.features));
}

/** The store = the engine's output over customer_features() (whole-org context from the features). */
async function expectStoreIsEngineOutput(asOf: string) {
  const profiles = classifyMany(await slowFeatures(asOf), parseRules(), undefined, { timezone: 'Asia/Shanghai' });
  const stored = new Map((await sql`select customer_id, relationship_type, relationship_secondary, funnel_stage, value_tier, lifecycle,
                                           loyalty, needs, reasons from customer_profiles where org_id = ${orgId}`)
    .map((s) => [s.customer_id as string, s]));
  const tags = new Map<string, string[]>();
  for (const t of await sql`select customer_id, tag from customer_tags where org_id = ${orgId} and kind <> 'manual' order by tag`)
    tags.set(t.customer_id as string, [...(tags.get(t.customer_id as string) ?? []), t.tag as string]);
  for (const p of profiles) {
    expect(stored.get(p.customer_id), p.customer_id).toEqual({
      customer_id: p.customer_id, relationship_type: p.relationship_type, relationship_secondary: p.relationship_secondary,
      funnel_stage: p.funnel_stage, value_tier: p.value_tier, lifecycle: p.lifecycle, loyalty: p.loyalty, needs: p.needs, reasons: p.reasons,
    });
    expect(tags.get(p.customer_id) ?? [], p.customer_id).toEqual([...new Set(p.tags.map((t) => t.tag))].sort((a, b) => (a < b ? -1 : 1)));
  }
}

/** A forced full run right now changes nothing: the store already is what it computes. */
async function expectFullRunFindsNothing(asOf: string) {
  const full = await run({ as_of: asOf, full: true });
  expect(full).toMatchObject({ mode: 'full', why: 'requested', changed: 0, tag_changes: 0 });
  return full;
}

describe('dirty-marking triggers', () => {
  it('list the customer of every written input row, with ctx for what moves the org context', async () => {
    const [a, b, c, d] = (await customers()).slice(0, 4);
    await sql`delete from private.recompute_dirty where org_id = ${orgId}`;
    const at = new Date(Date.parse(AS_OF) - 3 * DAY);
    await sql`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at) values (${randomUUID()}, ${orgId}, ${a!.id}, ${a!.owner_id}, 'call', ${at})`;
    expect(await dirty()).toEqual(new Map([[a!.id, false]]));
    await sql`insert into orders (org_id, customer_id, amount, ordered_at) values (${orgId}, ${b!.id}, 10, ${at})`;
    expect((await dirty()).get(b!.id)).toBe(true);
    await sql`update customers set name = '改个名字', phone = '13800000000' where id = ${c!.id}`; // not an input
    expect((await dirty()).has(c!.id)).toBe(false);
    await sql`update customers set kind = case when kind = 'b2b' then 'b2c'::customer_kind else 'b2b'::customer_kind end where id = ${c!.id}`;
    expect((await dirty()).get(c!.id)).toBe(true);
    // an interaction first marks without ctx; an order for the same customer then adds ctx
    await sql`insert into surveys (org_id, customer_id, created_at) values (${orgId}, ${d!.id}, ${at})`;
    expect((await dirty()).get(d!.id)).toBe(false);
    const seqBefore = (await sql`select seq from private.recompute_dirty where customer_id = ${d!.id}`)[0]!.seq;
    await sql`insert into orders (org_id, customer_id, amount, ordered_at) values (${orgId}, ${d!.id}, 5, ${at})`;
    const [row] = await sql`select seq, ctx from private.recompute_dirty where customer_id = ${d!.id}`;
    expect(row!.ctx).toBe(true);
    expect(BigInt(row!.seq as string)).not.toBe(BigInt(seqBefore as string)); // a new write, a new seq
    // a profile forced to be rewritten is listed; the recompute's own writes are not
    await sql`delete from private.recompute_dirty where org_id = ${orgId}`;
    await run({ as_of: AS_OF, full: true });
    expect(await dirty()).toEqual(new Map());
    await sql`update customer_profiles set state_hash = null where customer_id = ${a!.id}`;
    expect(await dirty()).toEqual(new Map([[a!.id, false]]));
  });

  it('list a customer whose reminders a rep moved in or out of the open set, not the playbook’s own writes', async () => {
    const [a] = (await customers()).slice(5, 6);
    const listed = async () => (await dirty()).has(a!.id);
    const unlist = () => sql`delete from private.recompute_dirty where customer_id = ${a!.id}`;
    await unlist();
    // the playbook inserts and auto-closes: what a rerun would write again
    const [r] = await sql`insert into reminders (org_id, customer_id, assignee_id, kind, due_at, dedupe_key)
                          values (${orgId}, ${a!.id}, ${a!.owner_id}, 'touch', ${new Date(AS_OF)}, ${`touch:${a!.id}:test`}) returning id`;
    await sql`update reminders set status = 'snoozed', snoozed_until = ${new Date(Date.parse(AS_OF) + DAY)} where id = ${r!.id}`;
    await sql`update reminders set status = 'closed', close_reason = 'auto' where id = ${r!.id}`;
    expect(await listed()).toBe(false);
    // a rep reopens it, then marks it done: the playbook's open set changed
    await sql`update reminders set status = 'open' where id = ${r!.id}`;
    expect(await listed()).toBe(true);
    await unlist();
    await sql`update reminders set status = 'done' where id = ${r!.id}`;
    expect(await listed()).toBe(true);
    // rows were taken off the list by hand above: a full run makes the org state true again
    await run({ as_of: AS_OF, full: true });
  });

  it('are not callable by app users, and the tables are not readable by them', async () => {
    await expect(
      sql.begin(async (tx) => {
        await tx.unsafe('set local role authenticated');
        await tx`select * from private.recompute_dirty`;
      }),
    ).rejects.toThrow(/permission denied/);
    await expect(
      sql.begin(async (tx) => {
        await tx.unsafe('set local role authenticated');
        await tx`select * from private.recompute_org_state`;
      }),
    ).rejects.toThrow(/permission denied/);
  });
});

// Random writes to every input the features read, dated around as_of (some after it).
async function randomWrites(asOf: string, opts: { orders: boolean }) {
  const all = await customers();
  const base = Date.parse(asOf);
  const when = () => new Date(base - rng.int(-2 * 24, 200 * 24) * 3_600_000 - rng.int(0, 3_599_999));
  const kinds = ['visit', 'call', 'feedback', 'complaint', 'suggestion', 'message', 'meeting'] as const;
  for (let i = 0; i < 12; i++) {
    const c = pick(all);
    await sql`insert into interactions (id, org_id, customer_id, rep_id, kind, initiated_by, occurred_at, attitude, cognition, sentiment, duration_min)
              values (${randomUUID()}, ${orgId}, ${c.id}, ${c.owner_id}, ${pick(kinds)}, ${pick(['rep', 'customer'])}, ${when()},
                      ${pick(['accept', 'doubt', null])}, ${pick(['vague', 'specific', null])}, ${pick(['positive', 'neutral', 'negative', null])},
                      ${rng.int(0, 90)})`;
  }
  // an interaction moves in time, another disappears
  await sql`update interactions set occurred_at = occurred_at - interval '40 days'
            where id = (select id from interactions where org_id = ${orgId} order by id limit 1 offset ${rng.int(0, 500)})`;
  await sql`delete from interactions where id = (select id from interactions where org_id = ${orgId} order by id limit 1 offset ${rng.int(0, 500)})`;
  // a survey, answered; a survey answer for an older survey
  {
    const c = pick(all);
    const sent = when();
    const [s] = await sql`insert into surveys (org_id, customer_id, created_at) values (${orgId}, ${c.id}, ${sent}) returning id`;
    await sql`insert into survey_responses (org_id, survey_id, customer_id, nps, csat, created_at)
              values (${orgId}, ${s!.id}, ${c.id}, ${rng.int(0, 10)}, ${rng.int(1, 5)}, ${new Date(sent.getTime() + DAY)})`;
  }
  if (opts.orders) {
    for (let i = 0; i < 3; i++) {
      const c = pick(all);
      await sql`insert into orders (org_id, customer_id, amount, discount_used, premium, kind, ordered_at)
                values (${orgId}, ${c.id}, ${rng.int(100, 90_000)}, ${rng.next() < 0.3}, ${rng.next() < 0.2}, ${pick(['product', 'service'])}, ${when()})`;
    }
    // a deal that goes quote → needs (a step back), and one that is won
    const c = pick(all);
    const start = when();
    const [deal] = await sql`insert into deals (org_id, customer_id, stage, created_at) values (${orgId}, ${c.id}, 'needs', ${start}) returning id`;
    let at = start.getTime();
    for (const [from, to] of [[null, 'needs'], ['needs', 'quote'], ['quote', 'needs'], ['needs', 'won']] as const) {
      at += rng.int(1, 20) * DAY;
      await sql`insert into deal_stage_changes (org_id, deal_id, customer_id, from_stage, to_stage, changed_at)
                values (${orgId}, ${deal!.id}, ${c.id}, ${from}, ${to}, ${new Date(at)})`;
    }
    await sql`update deals set stage = 'won', updated_at = ${new Date(at)} where id = ${deal!.id}`;
    // a customer's declared needs and kind
    await sql`update customers set needs = ${pick(['product', 'service', 'both'])}, kind = ${pick(['b2b', 'b2c'])} where id = ${pick(all).id}`;
  }
}

describe('incremental whole-org run = full run', () => {
  it.each([
    ['as of the demo day', AS_OF],
    ['70 days earlier', new Date(Date.parse(AS_OF) - 70 * DAY).toISOString()],
    ['9 days later (data dated after the demo day counts)', new Date(Date.parse(AS_OF) + 9 * DAY).toISOString()],
  ])('after random writes — %s', async (_, asOf) => {
    await run({ as_of: asOf });
    await expectFullRunFindsNothing(asOf);

    let incremental = 0;
    for (let round = 1; round <= 4; round++) {
      await randomWrites(asOf, { orders: round % 2 === 0 });
      if (round === 2) {
        // a one-customer recompute at another as_of (a rep's log answered at "now") and a
        // profile forced to be rewritten, a merged duplicate and a deleted profile
        const all = await customers();
        await run({ customer_ids: [pick(all).id, pick(all).id], as_of: new Date(Date.parse(asOf) + 5 * DAY).toISOString() });
        await sql`update customer_profiles set state_hash = null where customer_id = ${pick(all).id}`;
        const [dup, into] = [pick(all), pick(all)];
        if (dup.id !== into.id) await sql`update customers set merged_into = ${into.id} where id = ${dup.id}`;
        await sql`delete from customer_profiles where customer_id = ${pick(all).id}`;
      }
      const listed = (await dirty()).size;
      const out = await run({ as_of: asOf });
      if (round % 2 === 1) expect(out.mode, `round ${round}`).toBe('incremental'); // no write that can move the context
      if (out.mode === 'incremental') {
        incremental++;
        expect(out.classified).toBeLessThanOrEqual(listed);
        expect(out.customers).toBe((await customers()).length);
      } else expect(out.why).toBe('org context changed');
      expect(await dirty(), 'the run took its customers off the list').toEqual(new Map());
      if (round % 2 === 0) await expectFullRunFindsNothing(asOf);
    }
    expect(incremental).toBeGreaterThanOrEqual(2);
    await expectFullRunFindsNothing(asOf);
    await expectStoreIsEngineOutput(asOf);
  }, 120_000);

  it('with nothing written classifies nobody and writes nothing, and counts the whole org', async () => {
    await run({ as_of: AS_OF });
    const runsBefore = (await sql`select count(*)::int as n from recompute_runs where org_id = ${orgId}`)[0]!.n as number;
    const out = await run({ as_of: AS_OF });
    expect(out).toMatchObject({ mode: 'incremental', classified: 0, changed: 0, tag_changes: 0, customers: (await customers()).length });
    expect((await sql`select count(*)::int as n from recompute_runs where org_id = ${orgId}`)[0]!.n).toBe(runsBefore + 1);
  });

  it('runs in full when the rules, the as_of or the feature SQL differ, or the state was lost', async () => {
    await run({ as_of: AS_OF });
    expect((await run({ as_of: AS_OF })).mode).toBe('incremental');
    await sql`insert into classification_rules (org_id, rules) values (${orgId}, ${sql.json({ value: { high_share: 0.25 } })})
              on conflict (org_id) do update set rules = excluded.rules`;
    expect(await run({ as_of: AS_OF })).toMatchObject({ mode: 'full', why: 'engine, rules or timezone changed' });
    expect((await run({ as_of: AS_OF })).mode).toBe('incremental');
    await expectFullRunFindsNothing(AS_OF);
    await sql`delete from classification_rules where org_id = ${orgId}`;
    expect((await run({ as_of: AS_OF })).mode).toBe('full');
    // a later as_of is incremental (time-aware: tests/functions/recompute-time-aware.test.ts); an earlier one is not
    expect((await run({ as_of: new Date(Date.parse(AS_OF) + 1).toISOString() })).mode).toBe('incremental');
    expect(await run({ as_of: AS_OF })).toMatchObject({ mode: 'full', why: 'earlier as_of' });
    // a void state (an overlapped run) or a truncated table
    await sql`update private.recompute_org_state set key = '' where org_id = ${orgId}`;
    expect(await run({ as_of: AS_OF })).toMatchObject({ mode: 'full', why: 'no state' });
    await sql`update private.recompute_org_state set key = 'x' where org_id = ${orgId}`;
    expect(await run({ as_of: AS_OF })).toMatchObject({ mode: 'full', why: 'engine, rules or timezone changed' });
    expect((await run({ as_of: AS_OF })).mode).toBe('incremental');
    await expectStoreIsEngineOutput(AS_OF);
  }, 60_000);

  it('an overlapped whole-org run leaves no state behind, so the next one is full', async () => {
    await run({ as_of: AS_OF });
    // two runs at once: whichever finishes last sees the other's claim
    const [a, b] = await Promise.all([run({ as_of: AS_OF, full: true }), run({ as_of: new Date(Date.parse(AS_OF) - 30 * DAY).toISOString() })]);
    expect([a.mode, b.mode]).toEqual(['full', 'full']);
    const [state] = await sql`select key from private.recompute_org_state where org_id = ${orgId}`;
    expect(state!.key).toBe('');
    expect(await run({ as_of: AS_OF })).toMatchObject({ mode: 'full', why: 'no state' });
    await expectFullRunFindsNothing(AS_OF);
    await expectStoreIsEngineOutput(AS_OF);
  }, 60_000);
});
