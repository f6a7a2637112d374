// A small two-org world for DB tests, written with the superuser connection:
// org 1: team 1 (repA, repB, mgr1), team 2 (repC, mgr2), admin; org 2: another admin.
import { randomUUID } from 'node:crypto';
import type { Sql } from 'postgres';
import type { Claims } from '../../lib/auth/claims.ts';

export type World = Awaited<ReturnType<typeof buildWorld>>;

// GoTrue-shaped (what Supabase Auth puts in an access token), so every suite that acts as a
// member — the RLS matrix first — acts with the claims a real session carries.
export function claimsFor(userId: string): Claims {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: userId, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + 3600,
    iss: 'http://127.0.0.1:54321/auth/v1', aal: 'aal1', session_id: randomUUID(), is_anonymous: false,
    app_metadata: { provider: 'email', providers: ['email'] }, user_metadata: {},
  };
}

async function user(sql: Sql, tag: string, slug: string) {
  const id = randomUUID();
  await sql`insert into auth.users (id, email) values (${id}, ${`${tag}@${slug}.test`})`;
  return id;
}

export async function buildWorld(sql: Sql, slug: string) {
  const [org1] = await sql`insert into orgs (slug, name) values (${slug}, ${'测试一'}) returning id`;
  const [org2] = await sql`insert into orgs (slug, name) values (${slug + '-other'}, ${'测试二'}) returning id`;
  const o1 = org1!.id as string;
  const o2 = org2!.id as string;
  const [t1] = await sql`insert into teams (org_id, name) values (${o1}, '一组') returning id`;
  const [t2] = await sql`insert into teams (org_id, name) values (${o1}, '二组') returning id`;
  const [t3] = await sql`insert into teams (org_id, name) values (${o1}, '空组') returning id`;
  const [tx2] = await sql`insert into teams (org_id, name) values (${o2}, '外组') returning id`;
  const ids = {
    repA: await user(sql, 'repa', slug),
    repB: await user(sql, 'repb', slug),
    repC: await user(sql, 'repc', slug),
    mgr1: await user(sql, 'mgr1', slug),
    mgr2: await user(sql, 'mgr2', slug),
    admin: await user(sql, 'admin', slug),
    spare: await user(sql, 'spare', slug), // member with nothing attached (deletable)
    loner: await user(sql, 'loner', slug), // auth user with no membership (to be added)
    other: await user(sql, 'other', slug),
  };
  const member = (uid: string, org: string, role: string, team: string | null, name: string) =>
    sql`insert into members (user_id, org_id, role, team_id, display_name) values (${uid}, ${org}, ${role}, ${team}, ${name})`;
  await member(ids.repA, o1, 'rep', t1!.id, '甲');
  await member(ids.repB, o1, 'rep', t1!.id, '乙');
  await member(ids.repC, o1, 'rep', t2!.id, '丙');
  await member(ids.mgr1, o1, 'manager', t1!.id, '一组主管');
  await member(ids.mgr2, o1, 'manager', t2!.id, '二组主管');
  await member(ids.admin, o1, 'admin', null, '管理员');
  await member(ids.spare, o1, 'rep', t1!.id, '备用');
  await member(ids.other, o2, 'admin', tx2!.id, '外人');

  const customer = async (owner: string, name: string, org = o1) => {
    const [c] = await sql`insert into customers (org_id, owner_id, name, phone) values (${org}, ${owner}, ${name}, '13800138000') returning id`;
    return c!.id as string;
  };
  const custA = await customer(ids.repA, '张三');
  const custB = await customer(ids.repB, '李四');
  const custC = await customer(ids.repC, '王五');
  const custOther = await customer(ids.other, '赵六', o2);

  const interactionA = randomUUID();
  await sql`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at, attitude, cognition)
            values (${interactionA}, ${o1}, ${custA}, ${ids.repA}, 'visit', now(), 'accept', 'specific')`;
  const [deal] = await sql`insert into deals (org_id, customer_id, stage, amount) values (${o1}, ${custA}, 'quote', 1000) returning id`;
  const [change] = await sql`insert into deal_stage_changes (org_id, deal_id, customer_id, from_stage, to_stage)
                             values (${o1}, ${deal!.id}, ${custA}, 'demo', 'quote') returning id`;
  const [order] = await sql`insert into orders (org_id, customer_id, amount, ordered_at) values (${o1}, ${custA}, 500, now()) returning id`;
  const [survey] = await sql`insert into surveys (org_id, customer_id, token_hash, answered_at) values (${o1}, ${custA}, ${randomUUID()}, now()) returning id`;
  const [response] = await sql`insert into survey_responses (org_id, survey_id, customer_id, nps, csat) values (${o1}, ${survey!.id}, ${custA}, 9, 5) returning id`;
  await sql`insert into classification_rules (org_id, rules) values (${o1}, '{}')`;
  await sql`insert into customer_profiles (customer_id, org_id, relationship_type, value_tier, lifecycle, loyalty)
            values (${custA}, ${o1}, 'loyal', 'high', 'active', 'loyal')`;
  await sql`insert into customer_tags (org_id, customer_id, tag, kind) values (${o1}, ${custA}, '忠诚型', 'model'), (${o1}, ${custA}, '爱喝茶', 'manual')`;
  const [tagChange] = await sql`insert into tag_changes (org_id, customer_id, dimension, from_value, to_value) values (${o1}, ${custA}, 'value_tier', 'normal', 'high') returning id`;
  const [ownerChange] = await sql`insert into customer_owner_changes (org_id, customer_id, from_owner, to_owner) values (${o1}, ${custA}, ${ids.repB}, ${ids.repA}) returning id`;
  const [run] = await sql`insert into recompute_runs (org_id, scope) values (${o1}, 'org') returning id`;
  const [reminder] = await sql`insert into reminders (org_id, customer_id, assignee_id, kind, due_at, dedupe_key)
                               values (${o1}, ${custA}, ${ids.repA}, 'care', now(), ${'care:' + custA}) returning id`;
  const [sub] = await sql`insert into push_subscriptions (org_id, user_id, endpoint, p256dh, auth)
                          values (${o1}, ${ids.repA}, ${'https://push.example/' + randomUUID()}, 'k', 'a') returning id`;
  const [importRun] = await sql`insert into import_runs (org_id, user_id, dry, total_rows) values (${o1}, ${ids.repA}, false, 3) returning id`;
  const [notification] = await sql`insert into notifications (org_id, reminder_id, subscription_id, status)
                                   values (${o1}, ${reminder!.id}, ${sub!.id}, 'sent') returning id`;

  return {
    org1: o1, org2: o2, team1: t1!.id as string, team2: t2!.id as string, emptyTeam: t3!.id as string,
    ids, custA, custB, custC, custOther, interactionA,
    deal: deal!.id as string, change: change!.id as string, order: order!.id as string, survey: survey!.id as string,
    response: response!.id as string, tagChange: tagChange!.id as string, ownerChange: ownerChange!.id as string, run: run!.id as string,
    reminder: reminder!.id as string, sub: sub!.id as string, notification: notification!.id as string,
    importRun: importRun!.id as string,
  };
}
