// Time-aware incremental whole-org runs (issue 12; docs/engine.md "Next review"): a run at a later
// as_of classifies only the customers whose inputs were written, whose next_review_at has come,
// or that have a time event since the last run (private.recompute_time_events). This is the
// property that makes it safe, on a real database: random histories (demo orgs from random
// seeds), a nightly as_of for 60 days (with the minutes a cron drifts by), random writes in
// between — dated in the past, just now, and days ahead (which time alone then brings in),
// complaints and negative interactions near the end of their 90-day window, survey links that
// expire, orders, deal steps, a customer's kind, deleted interactions. After every nightly run
// the store equals what the engine makes of the features at that as_of, profile for profile,
// tag for tag, reason for reason — without any full run in between to reset the chain. At the
// end a forced full run finds nothing to write and no reminder to create or close.
// recompute() runs under Node with the test's connection, as in recompute-incremental.test.ts.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedDemoOrg } from '../../lib/demo/generate.ts';
import { classifyMany, CustomerFeaturesSchema, parseRules, type Profile } from '../../lib/engine/index.ts';
import { clearRecomputeCaches, recompute } from '../../supabase/functions/_shared/recompute.ts';

const AS_OF = Date.parse('2026-11-01T02:00:00+08:00'); // the nightly run's time
const DAY = 86_400_000;
const HOUR = 3_600_000;
const DAYS = 60;
const CUSTOMERS = 40;
let sql: Sql;
const orgs: string[] = [];

beforeAll(() => {
  sql = postgres(inject('adminUrl'), { onnotice: () => {}, max: 4 });
  clearRecomputeCaches();
});
afterAll(async () => {
  for (const id of orgs) await sql`delete from orgs where id = ${id}`;
  await sql.end();
});

type Write = {
  what: 'interaction' | 'complaint' | 'negative' | 'order' | 'survey' | 'answer' | 'deal' | 'kind' | 'delete';
  who: number;
  /** hours before the coming as_of the row is dated (negative: after it — time brings it in later) */
  hours: number;
  x: number;
};
const write: fc.Arbitrary<Write> = fc.record({
  what: fc.constantFrom('interaction', 'complaint', 'negative', 'order', 'survey', 'answer', 'deal', 'kind', 'delete'),
  who: fc.nat(),
  // mostly recent, some far back (near the 90-day window's edge: 2,160 h), some ahead
  hours: fc.oneof(fc.integer({ min: -24 * 6, max: 24 * 3 }), fc.integer({ min: 2_100, max: 2_200 }), fc.integer({ min: 0, max: 24 * 400 })),
  x: fc.nat({ max: 999 }),
});
const nights = fc.array(fc.record({ drift: fc.integer({ min: -300, max: 900 }), writes: fc.array(write, { maxLength: 3 }) }), {
  minLength: DAYS,
  maxLength: DAYS,
});

async function applyWrite(org: string, w: Write, asOf: number) {
  const all = await sql<{ id: string; owner_id: string }[]>`
    select id, owner_id from customers where org_id = ${org} and merged_into is null order by id`;
  const c = all[w.who % all.length]!;
  const at = new Date(asOf - w.hours * HOUR - (w.x % 60) * 60_000);
  const pick = <T,>(xs: readonly T[]) => xs[w.x % xs.length]!;
  switch (w.what) {
    case 'interaction':
    case 'complaint':
    case 'negative':
      await sql`insert into interactions (id, org_id, customer_id, rep_id, kind, initiated_by, occurred_at, attitude, cognition, sentiment, duration_min)
                values (${randomUUID()}, ${org}, ${c.id}, ${c.owner_id},
                        ${w.what === 'complaint' ? 'complaint' : pick(['visit', 'call', 'message', 'meeting', 'feedback'])},
                        ${pick(['rep', 'customer', 'customer'])}, ${at}, ${pick(['accept', 'doubt', null])}, ${pick(['vague', 'specific', null, 'vague'])},
                        ${w.what === 'negative' ? 'negative' : pick(['positive', 'neutral', null])}, ${w.x % 90})`;
      return;
    case 'order':
      await sql`insert into orders (org_id, customer_id, amount, discount_used, premium, kind, ordered_at)
                values (${org}, ${c.id}, ${100 + w.x * 37}, ${w.x % 3 === 0}, ${w.x % 5 === 0}, ${pick(['product', 'service'])}, ${at})`;
      return;
    case 'survey':
      // a link that expires within days of the coming as_of
      await sql`insert into surveys (org_id, customer_id, created_at, expires_at)
                values (${org}, ${c.id}, ${at}, ${new Date(at.getTime() + (1 + (w.x % 5)) * DAY)})`;
      return;
    case 'answer': {
      const [s] = await sql<{ id: string; created_at: Date }[]>`
        select s.id, s.created_at from surveys s where s.org_id = ${org} and s.customer_id = ${c.id}
          and not exists (select 1 from survey_responses r where r.survey_id = s.id) order by s.created_at desc limit 1`;
      if (!s) return;
      const answered = new Date(Math.max(s.created_at.getTime() + HOUR, at.getTime()));
      await sql`insert into survey_responses (org_id, survey_id, customer_id, nps, csat, created_at)
                values (${org}, ${s.id}, ${c.id}, ${w.x % 11}, ${1 + (w.x % 5)}, ${answered})`;
      return;
    }
    case 'deal': {
      const [deal] = await sql<{ id: string }[]>`
        insert into deals (org_id, customer_id, stage, created_at) values (${org}, ${c.id}, 'needs', ${at}) returning id`;
      let t = at.getTime();
      const steps = pick([[[null, 'needs'], ['needs', 'quote'], ['quote', 'needs']], [[null, 'needs'], ['needs', 'contract'], ['contract', 'won']]] as const);
      for (const [from, to] of steps) {
        t += (1 + (w.x % 9)) * DAY; // later steps may lie ahead of the coming as_of
        await sql`insert into deal_stage_changes (org_id, deal_id, customer_id, from_stage, to_stage, changed_at)
                  values (${org}, ${deal!.id}, ${c.id}, ${from}, ${to}, ${new Date(t)})`;
      }
      await sql`update deals set stage = ${steps[steps.length - 1]![1]}, updated_at = ${new Date(t)} where id = ${deal!.id}`;
      return;
    }
    case 'kind':
      await sql`update customers set kind = case when kind = 'b2b' then 'b2c'::customer_kind else 'b2b'::customer_kind end where id = ${c.id}`;
      return;
    case 'delete':
      await sql`delete from interactions where id = (select id from interactions where org_id = ${org} and customer_id = ${c.id}
                                                     order by occurred_at desc limit 1)`;
      return;
  }
}

/** What the store holds for every customer: the profile's written columns, reasons and engine tags. */
async function stored(org: string) {
  const profiles = await sql`
    select customer_id, relationship_type, relationship_secondary, funnel_stage, value_tier, lifecycle, loyalty,
           round(churn_risk::numeric, 3)::float8 as churn_risk, needs, round(priority::numeric, 1)::float8 as priority, reasons
    from customer_profiles where org_id = ${org}`;
  const tags = await sql`
    select customer_id, tag, kind::text as kind, label_zh, label_en, reasons from customer_tags
    where org_id = ${org} and kind <> 'manual' order by customer_id, tag`;
  const out = new Map<string, { profile: Record<string, unknown>; tags: Record<string, unknown>[] }>();
  for (const p of profiles) out.set(p.customer_id as string, { profile: { ...p }, tags: [] });
  for (const t of tags) out.get(t.customer_id as string)?.tags.push({ tag: t.tag, kind: t.kind, zh: t.label_zh, en: t.label_en, reasons: t.reasons });
  return out;
}

/** The engine over customer_features() at as_of, shaped like stored(). */
async function expected(org: string, asOf: string) {
  const rows = await sql`select features from public.customer_features(${org}, null, ${asOf}::timestamptz)`;
  const profiles: Profile[] = classifyMany(rows.map((r) => CustomerFeaturesSchema.parse(r.features)), parseRules(), undefined, {
    timezone: 'Asia/Shanghai',
  });
  const r3 = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
  return new Map(
    profiles.map((p) => {
      const seen = new Set<string>();
      const tags = [...p.tags]
        .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0))
        .filter((t) => !seen.has(t.tag) && seen.add(t.tag)) // first one wins, as the write does
        .map((t) => ({ tag: t.tag, kind: t.kind, zh: t.zh, en: t.en, reasons: t.reasons }));
      const profile = {
        customer_id: p.customer_id, relationship_type: p.relationship_type, relationship_secondary: p.relationship_secondary,
        funnel_stage: p.funnel_stage, value_tier: p.value_tier, lifecycle: p.lifecycle, loyalty: p.loyalty,
        churn_risk: r3(p.churn_risk, 3), needs: p.needs, priority: r3(p.priority, 1), reasons: p.reasons,
      };
      return [p.customer_id, { profile, tags }];
    }),
  );
}

describe('time-aware incremental whole-org runs', () => {
  it(`equal the engine over the features every night for ${DAYS} nights of random writes, with no full run between`, async () => {
    let run = 0;
    const totals = { nights: 0, incremental: 0, classified: 0, customers: 0, due: 0, events: 0 };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), nights, async (seed, schedule) => {
        const seeded = await seedDemoOrg(sql, { slug: `time-aware-${randomUUID().slice(0, 8)}`, customers: CUSTOMERS, seed, asOf: new Date(AS_OF) });
        const org = seeded.orgId;
        orgs.push(org);
        const recomputeAt = (asOf: string, full = false) =>
          recompute(sql as unknown as Parameters<typeof recompute>[0], { org_id: org, as_of: asOf, ...(full ? { full } : {}) });
        await recomputeAt(new Date(AS_OF).toISOString(), true);
        for (let d = 1; d <= schedule.length; d++) {
          const night = schedule[d - 1]!;
          const asOf = AS_OF + d * DAY + night.drift * 1000;
          for (const w of night.writes) await applyWrite(org, w, asOf);
          const iso = new Date(asOf).toISOString();
          const out = await recomputeAt(iso);
          totals.nights++;
          // only a write that moves the org context (revenue cut-offs, median cycle) makes it a full run
          if (out.mode !== 'incremental') expect(out.why, `night ${d}`).toBe('org context changed');
          else {
            totals.incremental++;
            totals.classified += out.classified;
            totals.customers += out.customers;
            totals.due += out.due ?? 0;
            totals.events += out.events ?? 0;
          }
          const [have, want] = await Promise.all([stored(org), expected(org, iso)]);
          expect(have.size, `night ${d}: customers`).toBe(want.size);
          for (const [id, w] of want) {
            const h = have.get(id);
            // name what differs, so a failure says which rule missed its review
            const diff = JSON.stringify(
              Object.keys(w.profile).filter((k) => JSON.stringify(h?.profile[k]) !== JSON.stringify((w.profile as Record<string, unknown>)[k]))
                .map((k) => ({ [k]: { stored: h?.profile[k], engine: (w.profile as Record<string, unknown>)[k] } })),
            );
            expect(h, `night ${d} (${iso}), customer ${id}: ${diff.slice(0, 3000)}; run ${JSON.stringify(out)}`).toEqual(w);
          }
        }
        // and a forced full run at the last night changes nothing, reminders included
        const last = new Date(AS_OF + schedule.length * DAY + schedule[schedule.length - 1]!.drift * 1000).toISOString();
        const full = await recomputeAt(last, true);
        expect(full).toMatchObject({ changed: 0, tag_changes: 0, reminders: { created: 0, closed: 0 } });
        run++;
      }),
      { numRuns: Number(process.env.TIME_AWARE_RUNS ?? 2), endOnFailure: true },
    );
    expect(run).toBe(Number(process.env.TIME_AWARE_RUNS ?? 2));
    // the property is about skipping: most nights were incremental and classified a fraction
    expect(totals.incremental).toBeGreaterThan(totals.nights / 2);
    expect(totals.classified).toBeLessThan(totals.customers / 2);
    console.log(`time-aware: ${JSON.stringify(totals)}`);
  }, 900_000);
});
