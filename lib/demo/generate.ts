// Deterministic demo org: staff, customers and six months of history shaped so that every
// classification value of docs/design.md, "Classification" occurs (see archetypes.ts). Same seed + same day → same
// data. Writes with a privileged connection in one transaction; a no-op when the slug exists.
import { createHash } from 'node:crypto';
import type { Sql, TransactionSql } from 'postgres';
import { searchKey } from '../search/pinyin.ts';
import { CopyBuffer } from './copy.ts';
import { planCustomer, type CustomerPlan } from './customer.ts';
import { Rng } from './prng.ts';
import { createStaff, existingLogins, toLogin, type DemoLogin, type StaffMember } from './staff.ts';
import { DAY, HOUR, MINUTE } from './story-kit.ts';

export { DEMO_PASSWORD, type DemoLogin } from './staff.ts';
export { archetypeOf, ARCHETYPES, type Archetype } from './archetypes.ts';
export { planCustomer } from './customer.ts';

export type SeedOptions = {
  slug?: string;
  name?: string;
  customers?: number;
  seed?: number;
  asOf?: Date;
  log?: (s: string) => void;
};
export type SeedCounts = Record<
  'customers' | 'interactions' | 'deals' | 'deal_stage_changes' | 'orders' | 'surveys' | 'survey_responses',
  number
>;
export type SeedResult = { orgId: string; logins: DemoLogin[]; created: boolean; counts: SeedCounts | null; ms: number };

const SHANGHAI_OFFSET = 8 * HOUR; // China has one time zone and no daylight saving
const SURVEY_TTL_DAYS = 14;
// Customers per round of COPYs: big enough that per-statement overhead vanishes, small enough
// that a round's rows (~50k interactions) stay a few tens of MB.
const CHUNK = 5000;

/** Midnight (Asia/Shanghai) that starts asOf's day, as epoch ms: the demo's "today". */
export function demoDay(asOf: Date): number {
  return Math.floor((asOf.getTime() + SHANGHAI_OFFSET) / DAY) * DAY - SHANGHAI_OFFSET;
}

export async function seedDemoOrg(sql: Sql, opts: SeedOptions = {}): Promise<SeedResult> {
  const slug = opts.slug ?? 'demo';
  const seed = opts.seed ?? 42;
  const total = opts.customers ?? 300;
  const log = opts.log ?? (() => {});
  const asOf = opts.asOf ?? new Date();
  const day0 = demoDay(asOf);
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`customers must be a whole number ≥ 0, got ${total}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a whole number, got ${seed}`);
  if (Number.isNaN(day0)) throw new RangeError('asOf is not a valid date');
  const t0 = performance.now();

  const result = await sql.begin(async (tx) => {
    // Two launchers starting at once must not both seed: serialise per slug, then re-check.
    await tx`select pg_advisory_xact_lock(hashtext(${`crystal-crm:demo:${slug}`}))`;
    const [existing] = await tx<{ id: string }[]>`select id from public.orgs where slug = ${slug}`;
    if (existing) return { orgId: existing.id, logins: await existingLogins(tx, existing.id, slug), created: false, counts: null };

    // Everything is rebuilt from the seed if the commit is lost, so don't wait for the WAL flush.
    await tx`set local synchronous_commit = off`;
    // ids come from their own stream, keyed by slug: two orgs with the same seed get the same
    // customers (names, amounts) but never the same primary keys.
    const ids = new Rng(`crystal-demo:ids:${slug}:${seed}:${day0}`);
    const orgId = ids.uuid();
    const orgCreated = new Date(day0 - 200 * DAY);
    await tx`insert into public.orgs ${tx({
      id: orgId,
      slug,
      name: opts.name ?? '水晶球示范公司',
      settings: { timezone: 'Asia/Shanghai', survey_ttl_days: SURVEY_TTL_DAYS, demo: { seed, as_of: new Date(day0).toISOString() } },
      created_at: orgCreated,
    })}`;
    const staff = await createStaff(tx, orgId, slug, ids, orgCreated);
    log(`org ${slug}: ${staff.members.length} members in ${staff.teams.length} teams`);

    const counts = await writeCustomers(tx, { orgId, seed, total, day0, reps: staff.reps, ids, log });
    return { orgId, logins: staff.members.map(toLogin), created: true, counts };
  });

  if (result.created) {
    // Fresh statistics, so the first recompute over a big demo org gets sensible plans.
    await sql`analyze public.customers, public.interactions, public.deals, public.deal_stage_changes, public.orders, public.surveys, public.survey_responses`.catch(
      () => {}, // not the owner on some hosted setups: autovacuum will get there
    );
  }
  const ms = Math.round(performance.now() - t0);
  if (result.counts) log(`seeded ${Object.entries(result.counts).map(([t, n]) => `${n} ${t}`).join(', ')} in ${(ms / 1000).toFixed(1)} s`);
  else log(`org ${slug} already exists — nothing to do`);
  return { ...result, ms };
}

type WriteCtx = { orgId: string; seed: number; total: number; day0: number; reps: StaffMember[]; ids: Rng; log: (s: string) => void };

type Buffers = Record<keyof SeedCounts, CopyBuffer>;

// Column lists in COPY order; tables in parent-before-child order (foreign keys are checked per row).
const TABLES: Readonly<Record<keyof SeedCounts, readonly string[]>> = {
  customers: ['id', 'org_id', 'owner_id', 'external_id', 'name', 'kind', 'industry', 'region', 'phone', 'email', 'wechat', 'company', 'needs', 'source', 'created_at', 'updated_at', 'search_pinyin', 'last_contact_at'],
  interactions: ['id', 'org_id', 'customer_id', 'rep_id', 'kind', 'initiated_by', 'occurred_at', 'duration_min', 'attitude', 'cognition', 'sentiment', 'note', 'next_step', 'follow_up_at', 'created_at'],
  deals: ['id', 'org_id', 'customer_id', 'external_id', 'title', 'stage', 'amount', 'premium', 'created_at', 'updated_at'],
  deal_stage_changes: ['id', 'org_id', 'deal_id', 'customer_id', 'from_stage', 'to_stage', 'changed_at', 'changed_by'],
  orders: ['id', 'org_id', 'customer_id', 'amount', 'discount_used', 'premium', 'kind', 'ordered_at', 'created_at'],
  surveys: ['id', 'org_id', 'customer_id', 'token_hash', 'created_by', 'created_at', 'expires_at', 'answered_at'],
  survey_responses: ['id', 'org_id', 'survey_id', 'customer_id', 'nps', 'csat', 'comment', 'created_at'],
};

async function writeCustomers(tx: TransactionSql, ctx: WriteCtx): Promise<SeedCounts> {
  const counts: SeedCounts = { customers: 0, interactions: 0, deals: 0, deal_stage_changes: 0, orders: 0, surveys: 0, survey_responses: 0 };
  const copyMs: Partial<Record<keyof SeedCounts, number>> = {};
  let dealNo = 0;

  // Builds a chunk's rows, yielding to the event loop now and then: while the database works
  // through chunk k's COPYs, chunk k+1 is being built — Node and Postgres each keep a core busy.
  // Chunks are still built strictly one after another, so ids are drawn in a fixed order.
  const build = async (from: number): Promise<Buffers> => {
    const bufs = Object.fromEntries(Object.entries(TABLES).map(([t, cols]) => [t, new CopyBuffer(`public.${t}`, cols)])) as Buffers;
    const to = Math.min(ctx.total, from + CHUNK);
    for (let i = from; i < to; i++) {
      if (i % 250 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      const c = planCustomer(i, ctx.seed, ctx.day0);
      if (c.history.deal) dealNo++;
      addCustomerRows(bufs, c, ctx, dealNo);
    }
    return bufs;
  };

  let pending: Promise<Buffers> | null = build(0);
  for (let from = 0; pending; from += CHUNK) {
    const bufs: Buffers = await pending;
    pending = from + CHUNK < ctx.total ? build(from + CHUNK) : null;
    pending?.catch(() => {}); // surfaced when awaited; don't crash the process if a COPY failed first
    for (const [table, b] of Object.entries(bufs) as [keyof SeedCounts, CopyBuffer][]) {
      const t = performance.now();
      counts[table] += await b.flush(tx);
      copyMs[table] = (copyMs[table] ?? 0) + performance.now() - t;
    }
    ctx.log(`customers ${Math.min(ctx.total, from + CHUNK)}/${ctx.total}`);
  }
  const copied = Object.values(copyMs).reduce((a, b) => a + b, 0);
  ctx.log(`COPY ${(copied / 1000).toFixed(1)} s (${Object.entries(copyMs).map(([t, ms]) => `${t} ${(ms / 1000).toFixed(1)}`).join(', ')})`);
  return counts;
}

const iso = (ms: number) => new Date(ms).toISOString();
// A rep who writes a next step also picks the day for it (the log sheet's 跟进日期): a week
// later, 9:00 Shanghai. Recent ones become the playbook's follow-up reminders — some already
// overdue on the demo's today, some still ahead (supabase/functions/_shared/reminders.ts).
const followUpAt = (at: number) => demoDay(new Date(at)) + 7 * DAY + 9 * HOUR;

function addCustomerRows(buf: Buffers, c: CustomerPlan, ctx: WriteCtx, dealNo: number): void {
  const { orgId, ids, day0 } = ctx;
  const rep = ctx.reps[c.repIndex % ctx.reps.length]!.userId;
  const h = c.history;
  const customerId = ids.uuid();
  const latest = Math.max(c.createdAt, ...h.interactions.map((x) => x.at), ...h.orders.map((o) => o.at));
  // The derived list columns are written here, so the interactions COPY's trigger finds nothing to update.
  const lastContact = h.interactions.length ? Math.max(...h.interactions.map((x) => x.at)) : null;
  buf.customers.add(
    customerId, orgId, rep, c.externalId, c.name, c.kind, c.industry, c.region, c.phone, c.email, c.wechat, c.company, c.needs, c.source,
    iso(c.createdAt), iso(latest), searchKey(c.name, c.company), lastContact === null ? null : iso(lastContact),
  );

  for (const x of h.interactions) {
    // Logged when the rep is done: after the visit or call, never after "today" began.
    const logged = Math.min(x.at + ((x.duration ?? 0) + 5) * MINUTE, day0 - MINUTE);
    buf.interactions.add(
      ids.uuid(), orgId, customerId, rep, x.kind, x.by, iso(x.at), x.duration, x.attitude, x.cognition, x.sentiment, x.note, x.nextStep,
      x.nextStep ? iso(followUpAt(x.at)) : null, iso(logged),
    );
  }

  const d = h.deal;
  if (d) {
    const dealId = ids.uuid();
    const last = d.changes[d.changes.length - 1]!.at;
    buf.deals.add(dealId, orgId, customerId, `D${String(dealNo).padStart(6, '0')}`, c.dealTitle, d.stage, d.amount, d.premium, iso(d.createdAt), iso(last));
    for (const s of d.changes) buf.deal_stage_changes.add(ids.uuid(), orgId, dealId, customerId, s.from, s.to, iso(s.at), rep);
  }

  for (const o of h.orders) buf.orders.add(ids.uuid(), orgId, customerId, o.amount, o.discount, o.premium, o.kind, iso(o.at), iso(o.at));

  for (const s of h.surveys) {
    const surveyId = ids.uuid();
    // Demo links are never opened: store the hash of a random token and forget the token.
    const tokenHash = createHash('sha256').update(ids.hex(32)).digest('hex');
    buf.surveys.add(surveyId, orgId, customerId, tokenHash, rep, iso(s.at), iso(s.at + SURVEY_TTL_DAYS * DAY), s.answeredAt === null ? null : iso(s.answeredAt));
    if (s.answeredAt !== null) buf.survey_responses.add(ids.uuid(), orgId, surveyId, customerId, s.nps, s.csat, s.comment, iso(s.answeredAt));
  }
}
