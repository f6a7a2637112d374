// RLS matrix: identity × table × operation → allow/deny, run through withRls exactly as the app
// runs queries. Every cell is its own transaction, rolled back, so cells cannot affect each other.
// The target row of every table belongs to rep A's customer (or rep A), so each cell asks
// "may this identity do this to rep A's book?".
//   deny  = the statement affects 0 rows, or fails with 42501 (RLS / privilege);
//   allow = it affects exactly 1 row. Any other error fails the test (a broken fixture must not
//   pass as a "deny").
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withRls, type Tx } from '../../lib/db/with-rls.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

const IDENTITIES = ['repA', 'repB', 'mgr1', 'mgr2', 'admin', 'other', 'anon'] as const;
type Identity = (typeof IDENTITIES)[number];
type Op = 'select' | 'insert' | 'update' | 'delete';
type Cell = (tx: Tx, w: World, me: string) => Promise<{ count: number }>;

// Who may do it (everyone else must be denied).
const BOOK: Identity[] = ['repA', 'mgr1', 'admin']; // rep A's customer: owner, their manager, admin
const ORG: Identity[] = ['repA', 'repB', 'mgr1', 'mgr2', 'admin'];
const ADMIN: Identity[] = ['admin'];
const NOBODY: Identity[] = [];

type Spec = { table: string } & { [K in Op]: { who: Identity[]; run: Cell } };

const byId = (table: string, col: string, key: keyof World) => ({
  select: ((tx, w) => tx`select 1 from ${tx(table)} where ${tx(col)} = ${w[key] as string}`) as Cell,
  delete: ((tx, w) => tx`delete from ${tx(table)} where ${tx(col)} = ${w[key] as string}`) as Cell,
});

const SPECS: Spec[] = [
  {
    table: 'orgs',
    select: { who: ORG, run: (tx, w) => tx`select 1 from orgs where id = ${w.org1}` },
    insert: { who: NOBODY, run: (tx) => tx`insert into orgs (slug, name) values (${'x' + Date.now()}, 'x')` },
    update: { who: ADMIN, run: (tx, w) => tx`update orgs set name = '改名' where id = ${w.org1}` },
    delete: { who: NOBODY, run: (tx, w) => tx`delete from orgs where id = ${w.org1}` },
  },
  {
    table: 'teams',
    select: { who: ORG, run: (tx, w) => tx`select 1 from teams where id = ${w.team1}` },
    insert: { who: ADMIN, run: (tx, w) => tx`insert into teams (org_id, name) values (${w.org1}, '新组')` },
    update: { who: ADMIN, run: (tx, w) => tx`update teams set name = '改名' where id = ${w.emptyTeam}` },
    delete: { who: ADMIN, run: (tx, w) => tx`delete from teams where id = ${w.emptyTeam}` },
  },
  {
    table: 'members',
    select: { who: ORG, run: (tx, w) => tx`select 1 from members where user_id = ${w.ids.repB}` },
    insert: {
      who: ADMIN,
      run: (tx, w) => tx`insert into members (user_id, org_id, role, display_name) values (${w.ids.loner}, ${w.org1}, 'rep', '新人')`,
    },
    // Includes the escalation attempt: a rep making someone (or themselves) admin.
    update: { who: ADMIN, run: (tx, w) => tx`update members set role = 'admin' where user_id = ${w.ids.repB}` },
    delete: { who: ADMIN, run: (tx, w) => tx`delete from members where user_id = ${w.ids.spare}` },
  },
  {
    table: 'customers',
    select: { who: BOOK, run: (tx, w) => tx`select 1 from customers where id = ${w.custA}` },
    insert: { who: BOOK, run: (tx, w) => tx`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repA}, '新客户')` },
    update: { who: BOOK, run: (tx, w) => tx`update customers set region = '华东' where id = ${w.custA}` },
    delete: { who: ADMIN, ...pick(byId('customers', 'id', 'custA'), 'delete') },
  },
  {
    table: 'interactions',
    select: { who: BOOK, ...pick(byId('interactions', 'id', 'interactionA'), 'select') },
    insert: {
      who: BOOK,
      run: (tx, w, me) => tx`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at)
                             values (${randomUUID()}, ${w.org1}, ${w.custA}, ${me}, 'call', now())`,
    },
    // History is evidence: only its author edits an interaction, within 24 h; interactionA is an
    // hour old here (beforeAll), so past the 2-minute recall — deleting is the admin's alone.
    // The windows themselves: tests/db/interaction-edit.test.ts.
    update: { who: ['repA'], run: (tx, w) => tx`update interactions set note = '补充' where id = ${w.interactionA}` },
    delete: { who: ADMIN, ...pick(byId('interactions', 'id', 'interactionA'), 'delete') },
  },
  {
    // Written only by the triggers on interactions (an edit, a recall); read with the customer.
    table: 'interaction_edits',
    select: { who: BOOK, run: (tx) => tx`select 1 from interaction_edits where id = ${editRow}` },
    insert: {
      who: NOBODY,
      run: (tx, w, me) => tx`insert into interaction_edits (org_id, interaction_id, customer_id, editor_id, before, after)
                             values (${w.org1}, ${w.interactionA}, ${w.custA}, ${me}, '{}', '{}')`,
    },
    update: { who: NOBODY, run: (tx) => tx`update interaction_edits set after = '{}' where id = ${editRow}` },
    delete: { who: NOBODY, run: (tx) => tx`delete from interaction_edits where id = ${editRow}` },
  },
  {
    table: 'interaction_recalls',
    select: { who: BOOK, run: (tx) => tx`select 1 from interaction_recalls where interaction_id = ${recallRow}` },
    insert: {
      who: NOBODY,
      run: (tx, w, me) => tx`insert into interaction_recalls (interaction_id, org_id, customer_id, rep_id, occurred_at)
                             values (${randomUUID()}, ${w.org1}, ${w.custA}, ${me}, now())`,
    },
    update: { who: NOBODY, run: (tx) => tx`update interaction_recalls set recalled_at = now() where interaction_id = ${recallRow}` },
    delete: { who: NOBODY, run: (tx) => tx`delete from interaction_recalls where interaction_id = ${recallRow}` },
  },
  {
    table: 'deals',
    select: { who: BOOK, ...pick(byId('deals', 'id', 'deal'), 'select') },
    insert: { who: BOOK, run: (tx, w) => tx`insert into deals (org_id, customer_id, stage) values (${w.org1}, ${w.custA}, 'needs')` },
    update: { who: BOOK, run: (tx, w) => tx`update deals set stage = 'contract' where id = ${w.deal}` },
    delete: { who: ADMIN, ...pick(byId('deals', 'id', 'deal'), 'delete') },
  },
  {
    table: 'deal_stage_changes',
    select: { who: BOOK, ...pick(byId('deal_stage_changes', 'id', 'change'), 'select') },
    insert: {
      who: BOOK,
      run: (tx, w) => tx`insert into deal_stage_changes (org_id, deal_id, customer_id, from_stage, to_stage)
                         values (${w.org1}, ${w.deal}, ${w.custA}, 'quote', 'contract')`,
    },
    update: { who: BOOK, run: (tx, w) => tx`update deal_stage_changes set changed_at = now() where id = ${w.change}` },
    delete: { who: ADMIN, ...pick(byId('deal_stage_changes', 'id', 'change'), 'delete') },
  },
  {
    table: 'orders',
    select: { who: BOOK, ...pick(byId('orders', 'id', 'order'), 'select') },
    insert: {
      who: BOOK,
      run: (tx, w) => tx`insert into orders (org_id, customer_id, amount, ordered_at) values (${w.org1}, ${w.custA}, 10, now())`,
    },
    update: { who: BOOK, run: (tx, w) => tx`update orders set amount = 600 where id = ${w.order}` },
    delete: { who: ADMIN, ...pick(byId('orders', 'id', 'order'), 'delete') },
  },
  {
    table: 'surveys',
    select: { who: BOOK, ...pick(byId('surveys', 'id', 'survey'), 'select') },
    insert: {
      who: BOOK,
      run: (tx, w) => tx`insert into surveys (org_id, customer_id, token_hash) values (${w.org1}, ${w.custA}, ${randomUUID()})`,
    },
    // Answers arrive only through submit_survey (security definer).
    update: { who: NOBODY, run: (tx, w) => tx`update surveys set answered_at = now() where id = ${w.survey}` },
    delete: { who: ADMIN, ...pick(byId('surveys', 'id', 'survey'), 'delete') },
  },
  {
    table: 'survey_responses',
    select: { who: BOOK, ...pick(byId('survey_responses', 'id', 'response'), 'select') },
    insert: {
      who: NOBODY,
      run: (tx, w) => tx`insert into survey_responses (org_id, survey_id, customer_id, nps, csat)
                         values (${w.org1}, ${w.survey}, ${w.custA}, 10, 5)`,
    },
    update: { who: NOBODY, run: (tx, w) => tx`update survey_responses set nps = 10 where id = ${w.response}` },
    delete: { who: NOBODY, ...pick(byId('survey_responses', 'id', 'response'), 'delete') },
  },
  {
    table: 'classification_rules',
    select: { who: ORG, ...pick(byId('classification_rules', 'org_id', 'org1'), 'select') },
    insert: {
      who: ADMIN,
      run: (tx, w) => tx`insert into classification_rules (org_id, rules) values (${w.org1}, '{"x":1}')
                         on conflict (org_id) do update set rules = excluded.rules`,
    },
    update: { who: ADMIN, run: (tx, w) => tx`update classification_rules set rules = '{"y":1}' where org_id = ${w.org1}` },
    delete: { who: NOBODY, ...pick(byId('classification_rules', 'org_id', 'org1'), 'delete') },
  },
  {
    table: 'customer_profiles',
    select: { who: BOOK, ...pick(byId('customer_profiles', 'customer_id', 'custA'), 'select') },
    insert: {
      who: NOBODY,
      run: (tx, w) => tx`insert into customer_profiles (customer_id, org_id, relationship_type, value_tier, lifecycle, loyalty)
                         values (${w.custB}, ${w.org1}, 'loyal', 'high', 'active', 'loyal')`,
    },
    update: { who: NOBODY, run: (tx, w) => tx`update customer_profiles set value_tier = 'low' where customer_id = ${w.custA}` },
    delete: { who: NOBODY, ...pick(byId('customer_profiles', 'customer_id', 'custA'), 'delete') },
  },
  {
    table: 'customer_tags',
    select: { who: BOOK, run: (tx, w) => tx`select 1 from customer_tags where customer_id = ${w.custA} and tag = '忠诚型'` },
    insert: {
      who: BOOK,
      run: (tx, w, me) => tx`insert into customer_tags (org_id, customer_id, tag, kind, created_by)
                             values (${w.org1}, ${w.custA}, '喜欢面谈', 'manual', ${me})`,
    },
    update: { who: NOBODY, run: (tx, w) => tx`update customer_tags set reasons = '[]' where customer_id = ${w.custA} and tag = '爱喝茶'` },
    delete: { who: BOOK, run: (tx, w) => tx`delete from customer_tags where customer_id = ${w.custA} and tag = '爱喝茶'` },
  },
  {
    table: 'tag_changes',
    select: { who: BOOK, ...pick(byId('tag_changes', 'id', 'tagChange'), 'select') },
    insert: {
      who: NOBODY,
      run: (tx, w) => tx`insert into tag_changes (org_id, customer_id, dimension, to_value) values (${w.org1}, ${w.custA}, 'lifecycle', 'active')`,
    },
    update: { who: NOBODY, run: (tx, w) => tx`update tag_changes set to_value = 'x' where id = ${w.tagChange}` },
    delete: { who: NOBODY, ...pick(byId('tag_changes', 'id', 'tagChange'), 'delete') },
  },
  {
    // reassignment history: written only by the customers trigger (security definer)
    table: 'customer_owner_changes',
    select: { who: BOOK, ...pick(byId('customer_owner_changes', 'id', 'ownerChange'), 'select') },
    insert: {
      who: NOBODY,
      run: (tx, w) => tx`insert into customer_owner_changes (org_id, customer_id, to_owner) values (${w.org1}, ${w.custA}, ${w.ids.repB})`,
    },
    update: { who: NOBODY, run: (tx, w) => tx`update customer_owner_changes set to_owner = ${w.ids.repB} where id = ${w.ownerChange}` },
    delete: { who: NOBODY, ...pick(byId('customer_owner_changes', 'id', 'ownerChange'), 'delete') },
  },
  {
    table: 'recompute_runs',
    select: { who: ADMIN, ...pick(byId('recompute_runs', 'id', 'run'), 'select') },
    insert: { who: NOBODY, run: (tx, w) => tx`insert into recompute_runs (org_id, scope) values (${w.org1}, 'org')` },
    update: { who: NOBODY, run: (tx, w) => tx`update recompute_runs set finished_at = now() where id = ${w.run}` },
    delete: { who: NOBODY, ...pick(byId('recompute_runs', 'id', 'run'), 'delete') },
  },
  {
    table: 'reminders',
    select: { who: BOOK, ...pick(byId('reminders', 'id', 'reminder'), 'select') },
    insert: {
      who: NOBODY,
      run: (tx, w) => tx`insert into reminders (org_id, customer_id, assignee_id, kind, due_at, dedupe_key)
                         values (${w.org1}, ${w.custA}, ${w.ids.repA}, 'x', now(), ${randomUUID()})`,
    },
    update: { who: BOOK, run: (tx, w) => tx`update reminders set status = 'done' where id = ${w.reminder}` },
    delete: { who: NOBODY, ...pick(byId('reminders', 'id', 'reminder'), 'delete') },
  },
  {
    table: 'push_subscriptions',
    select: { who: ['repA'], ...pick(byId('push_subscriptions', 'id', 'sub'), 'select') },
    insert: {
      who: ['repA'],
      run: (tx, w) => tx`insert into push_subscriptions (org_id, user_id, endpoint, p256dh, auth)
                         values (${w.org1}, ${w.ids.repA}, ${'https://push.example/' + randomUUID()}, 'k', 'a')`,
    },
    update: { who: ['repA'], run: (tx, w) => tx`update push_subscriptions set user_agent = 'x' where id = ${w.sub}` },
    delete: { who: ['repA'], ...pick(byId('push_subscriptions', 'id', 'sub'), 'delete') },
  },
  {
    // An import's record (migration 20261206003000): its user's own; managers and admins import.
    table: 'import_runs',
    select: { who: ['repA'], ...pick(byId('import_runs', 'id', 'importRun'), 'select') },
    insert: {
      who: ['mgr1', 'mgr2', 'admin'],
      run: (tx, w, me) => tx`insert into import_runs (org_id, user_id, dry, total_rows) values (${w.org1}, ${me}, false, 1)`,
    },
    update: { who: ['repA'], run: (tx, w) => tx`update import_runs set status = 'interrupted' where id = ${w.importRun}` },
    delete: { who: NOBODY, ...pick(byId('import_runs', 'id', 'importRun'), 'delete') },
  },
  {
    // A merge of rep A's customer into rep B's (team 1): managers/admins who see both read it;
    // only private.merge_customers / undo_merge write it (tests/db/merge.test.ts).
    table: 'customer_merges',
    select: { who: ['mgr1', 'admin'], run: (tx) => tx`select 1 from customer_merges where id = ${mergeRow}` },
    insert: {
      who: NOBODY,
      run: (tx, w, me) => tx`insert into customer_merges (org_id, kept_id, merged_id, moved, merged_by)
                             values (${w.org1}, ${w.custB}, ${w.custA}, '{}', ${me})`,
    },
    update: { who: NOBODY, run: (tx) => tx`update customer_merges set undone_at = now() where id = ${mergeRow}` },
    delete: { who: NOBODY, run: (tx) => tx`delete from customer_merges where id = ${mergeRow}` },
  },
  {
    // "Not duplicates" for rep A's and rep B's customers (team 1): managers/admins who see both
    // read and write it; nobody edits or removes one (tests/db/dedupe-dismiss.test.ts).
    table: 'duplicate_dismissals',
    select: { who: ['mgr1', 'admin'], run: (tx, w) => tx`select 1 from duplicate_dismissals where org_id = ${w.org1} and customer_a = least(${w.custA}::uuid, ${w.custB}::uuid)` },
    insert: {
      who: ['mgr1', 'admin'],
      run: (tx, w, me) => tx`insert into duplicate_dismissals (org_id, customer_a, customer_b, dismissed_by)
                             values (${w.org1}, least(${w.custA}::uuid, ${custA2}::uuid), greatest(${w.custA}::uuid, ${custA2}::uuid), ${me})`,
    },
    update: { who: NOBODY, run: (tx, w) => tx`update duplicate_dismissals set dismissed_at = now() where org_id = ${w.org1} and customer_a = least(${w.custA}::uuid, ${w.custB}::uuid)` },
    delete: { who: NOBODY, run: (tx, w) => tx`delete from duplicate_dismissals where org_id = ${w.org1} and customer_a = least(${w.custA}::uuid, ${w.custB}::uuid)` },
  },
  {
    // hand-set relationship types (learning labels): written only by the customer_tags trigger
    table: 'type_labels',
    select: { who: BOOK, run: (tx) => tx`select 1 from type_labels where id = ${typeLabelRow}` },
    insert: {
      who: NOBODY,
      run: (tx, w, me) => tx`insert into type_labels (org_id, customer_id, label, tag, labelled_by, labelled_role)
                             values (${w.org1}, ${w.custA}, 'dependent', '依赖型', ${me}, 'admin')`,
    },
    update: { who: NOBODY, run: (tx) => tx`update type_labels set label = 'autonomous' where id = ${typeLabelRow}` },
    delete: { who: NOBODY, run: (tx) => tx`delete from type_labels where id = ${typeLabelRow}` },
  },
  {
    // re-fits of an org's weights: written only by `npm run eval:classify -- --refit --apply` (service)
    table: 'rules_refits',
    select: { who: ADMIN, run: (tx) => tx`select 1 from rules_refits where id = ${refitRow}` },
    insert: {
      who: NOBODY,
      run: (tx, w, me) => tx`insert into rules_refits (org_id, before, after, labels, agree_before, agree_after, applied_by)
                             values (${w.org1}, '{}', '{}', 10, 1, 2, ${me})`,
    },
    update: { who: NOBODY, run: (tx) => tx`update rules_refits set undone_at = now() where id = ${refitRow}` },
    delete: { who: NOBODY, run: (tx) => tx`delete from rules_refits where id = ${refitRow}` },
  },
  {
    table: 'notifications',
    select: { who: BOOK, ...pick(byId('notifications', 'id', 'notification'), 'select') },
    insert: {
      who: NOBODY,
      run: (tx, w) => tx`insert into notifications (org_id, reminder_id, status) values (${w.org1}, ${w.reminder}, 'sent')`,
    },
    update: { who: NOBODY, run: (tx, w) => tx`update notifications set status = 'x' where id = ${w.notification}` },
    delete: { who: NOBODY, ...pick(byId('notifications', 'id', 'notification'), 'delete') },
  },
  {
    // A member's notification channel (issue 14): their own row only — not even their manager's.
    table: 'member_channels',
    select: { who: ['repA'], run: (tx, w) => tx`select 1 from member_channels where user_id = ${w.ids.repA}` },
    insert: {
      who: ['repA'],
      // each identity tries to write repA's row; only repA may (the cell runs as `me`)
      run: (tx, w) => tx`insert into member_channels (org_id, user_id, channel, email) values (${w.org1}, ${w.ids.repA}, 'email', 'a@x.cn')
                         on conflict (org_id, user_id) do update set channel = 'email', email = 'a@x.cn'`,
    },
    update: { who: ['repA'], run: (tx, w) => tx`update member_channels set channel = 'webpush' where user_id = ${w.ids.repA}` },
    delete: { who: NOBODY, run: (tx, w) => tx`delete from member_channels where user_id = ${w.ids.repA}` },
  },
  {
    // Deliveries of rep A's reminder: read like the reminder; written by the sender (service role) only.
    table: 'reminder_deliveries',
    select: { who: BOOK, run: (tx, w) => tx`select 1 from reminder_deliveries where reminder_id = ${w.reminder} and channel = 'wecom'` },
    insert: { who: NOBODY, run: (tx, w) => tx`insert into reminder_deliveries (org_id, reminder_id, channel) values (${w.org1}, ${w.reminder}, 'email')` },
    update: { who: NOBODY, run: (tx, w) => tx`update reminder_deliveries set status = 'sent' where reminder_id = ${w.reminder} and channel = 'wecom'` },
    delete: { who: NOBODY, run: (tx, w) => tx`delete from reminder_deliveries where reminder_id = ${w.reminder} and channel = 'wecom'` },
  },
];

function pick<T extends Record<string, Cell>>(o: T, k: keyof T): { run: Cell } {
  return { run: o[k]! };
}

class Rollback extends Error {}

let admin: Sql;
let app: Sql;
let w: World;
let mergeRow = '';
let custA2 = ''; // a second customer of rep A, for a new duplicate_dismissals row
let typeLabelRow = ''; // a manager's hand-set type on rep A's customer
let refitRow = ''; // an applied re-fit of org 1's weights
let editRow = '';
let recallRow = '';

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, 'rls-matrix');
  const [merge] = await admin<{ id: string }[]>`insert into customer_merges (org_id, kept_id, merged_id, moved, merged_by)
    values (${w.org1}, ${w.custB}, ${w.custA}, '{}', ${w.ids.mgr1}) returning id`;
  mergeRow = merge!.id;
  const [a2] = await admin<{ id: string }[]>`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repA}, '张三二') returning id`;
  custA2 = a2!.id;
  const [label] = await admin<{ id: string }[]>`insert into type_labels (org_id, customer_id, label, tag, labelled_by, labelled_role)
    values (${w.org1}, ${w.custA}, 'loyal', '忠诚型', ${w.ids.mgr1}, 'manager') returning id::text`;
  typeLabelRow = label!.id;
  const [refit] = await admin<{ id: string }[]>`insert into rules_refits (org_id, before, after, labels, agree_before, agree_after, applied_by)
    values (${w.org1}, '{}', '{}', 10, 3, 7, ${w.ids.admin}) returning id::text`;
  refitRow = refit!.id;
  await admin`update interactions set created_at = now() - interval '1 hour' where id = ${w.interactionA}`;
  // One edit and one recall of rep A's, written by the triggers as rep A would make them.
  await withRls(claimsFor(w.ids.repA), (tx) => tx`update interactions set note = '改过' where id = ${w.interactionA}`, app);
  editRow = (await admin<{ id: string }[]>`select id from interaction_edits where interaction_id = ${w.interactionA}`)[0]!.id;
  recallRow = randomUUID();
  await admin`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at, note) values (${recallRow}, ${w.org1}, ${w.custA}, ${w.ids.repA}, 'call', now(), '撤回我')`;
  await withRls(claimsFor(w.ids.repA), (tx) => tx`delete from interactions where id = ${recallRow}`, app);
  await admin`insert into duplicate_dismissals (org_id, customer_a, customer_b, dismissed_by)
    values (${w.org1}, least(${w.custA}::uuid, ${w.custB}::uuid), greatest(${w.custA}::uuid, ${w.custB}::uuid), ${w.ids.mgr1})`;
  await admin`insert into member_channels (org_id, user_id, channel, wecom_userid) values (${w.org1}, ${w.ids.repA}, 'wecom', 'zhangsan')`;
  await admin`insert into reminder_deliveries (org_id, reminder_id, channel) values (${w.org1}, ${w.reminder}, 'wecom')`;
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

async function attempt(identity: Identity, run: Cell): Promise<'allow' | 'deny'> {
  const uid = identity === 'anon' ? null : w.ids[identity];
  let outcome: 'allow' | 'deny' = 'deny';
  try {
    await withRls(
      uid ? claimsFor(uid) : null,
      async (tx) => {
        const res = await run(tx, w, uid ?? w.ids.repA);
        if (res.count > 1) throw new Error(`statement touched ${res.count} rows; a cell targets exactly one`);
        outcome = res.count === 1 ? 'allow' : 'deny';
        throw new Rollback();
      },
      app,
    );
  } catch (err) {
    if (err instanceof Rollback) return outcome;
    if ((err as { code?: string }).code === '42501') return 'deny';
    throw err;
  }
  return outcome;
}

describe('RLS matrix (identity × table × operation)', () => {
  let checked = 0;
  afterAll(() => {
    console.log(`RLS matrix: ${checked} cells checked (${IDENTITIES.length} identities × ${SPECS.length} tables × 4 operations)`);
  });

  it('covers every table in public', async () => {
    const tables = await admin`select tablename from pg_tables where schemaname = 'public' order by 1`;
    expect(SPECS.map((s) => s.table).sort()).toEqual(tables.map((t) => t.tablename as string));
    const noRls = await admin`select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                              where n.nspname = 'public' and c.relkind = 'r' and not c.relrowsecurity`;
    expect(noRls).toEqual([]);
  });

  for (const spec of SPECS) {
    for (const op of ['select', 'insert', 'update', 'delete'] as const) {
      it(`${spec.table}.${op}`, async () => {
        const got: Record<string, string> = {};
        const want: Record<string, string> = {};
        for (const id of IDENTITIES) {
          got[id] = await attempt(id, spec[op].run);
          want[id] = spec[op].who.includes(id) ? 'allow' : 'deny';
          checked++;
        }
        expect(got).toEqual(want);
      });
    }
  }
});

describe('RLS beyond the matrix', () => {
  it('a rep cannot hand a customer to a colleague; a manager reassigns only within the team', async () => {
    const reassign = (who: string, to: string) => () =>
      attempt(who as Identity, (tx) => tx`update customers set owner_id = ${to} where id = ${w.custA}`);
    expect(await reassign('repA', w.ids.repB)()).toBe('deny');
    expect(await reassign('mgr1', w.ids.repB)()).toBe('allow');
    expect(await reassign('mgr1', w.ids.repC)()).toBe('deny'); // repC is in team 2
    expect(await reassign('admin', w.ids.repC)()).toBe('allow');
  });

  it('nobody writes into another org, even naming its ids', async () => {
    const res = await attempt('admin', (tx) => tx`insert into customers (org_id, owner_id, name) values (${w.org2}, ${w.ids.other}, 'x')`);
    expect(res).toBe('deny');
    expect(await attempt('admin', (tx) => tx`select 1 from customers where id = ${w.custOther}`)).toBe('deny');
  });

  it('a rep cannot log an interaction in someone else\'s name', async () => {
    const res = await attempt('repA', (tx) => tx`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at)
        values (${randomUUID()}, ${w.org1}, ${w.custA}, ${w.ids.repB}, 'call', now())`);
    expect(res).toBe('deny');
  });

  it('reps cannot remove model tags, only manual ones', async () => {
    expect(await attempt('repA', (tx) => tx`delete from customer_tags where customer_id = ${w.custA} and tag = '忠诚型'`)).toBe('deny');
  });

  it('the app role alone (no withRls) sees no rows of any table', async () => {
    const tables = await admin`select tablename from pg_tables where schemaname = 'public'`;
    for (const t of tables) {
      await expect(app`select count(*) from ${app(t.tablename as string)}`).rejects.toMatchObject({ code: '42501' });
    }
  });
});
