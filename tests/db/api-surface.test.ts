// What the API roles and the app's login can do in SQL, checked on both databases (local shim and
// Supabase-faithful): the catalog first (privileges RLS does not filter; the app role owns and
// inherits nothing), then a probe as GoTrue-shaped rep, manager and anon over every table and over
// the columns only server code may write. The Data API is off (docs/architecture.md); this is
// the wall behind it, and what a bug in our own server code would hit.
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withRls, type Tx } from '../../lib/db/with-rls.ts';
import { APP_LOGIN_ROLE } from '../../lib/db/migrate.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;
const onSupabase = inject('profile') === 'supabase';

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, `surface-${randomUUID().slice(0, 6)}`);
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

class Rollback extends Error {}
type Who = 'repA' | 'mgr1' | 'admin' | 'anon';

/** Runs one statement as `who` and rolls it back: 'ok', or the SQLSTATE it failed with. */
async function probe(who: Who, run: (tx: Tx) => Promise<unknown>): Promise<string> {
  let outcome = '';
  try {
    await withRls(who === 'anon' ? null : claimsFor(w.ids[who]), async (tx) => {
      const res = (await run(tx)) as { count?: number };
      outcome = res.count === 0 ? 'none' : 'ok';
      throw new Rollback();
    }, app);
  } catch (err) {
    if (err instanceof Rollback) return outcome;
    const code = (err as { code?: string }).code;
    if (!code) throw err;
    return code;
  }
  return outcome;
}

describe('catalog: privileges RLS does not filter', () => {
  it('no API role holds TRUNCATE, TRIGGER or REFERENCES on any public table; anon holds nothing', async () => {
    const rows = await admin`
      select c.relname, a.grantee::regrole::text as grantee, a.privilege_type
        from pg_class c join pg_namespace n on n.oid = c.relnamespace, aclexplode(c.relacl) a
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')
         and a.grantee in ('anon'::regrole, 'authenticated'::regrole)
         and (a.grantee = 'anon'::regrole or a.privilege_type in ('TRUNCATE', 'TRIGGER', 'REFERENCES'))`;
    expect(rows).toEqual([]);
  });

  it('nor will any table a later migration creates (default privileges of the migrating role)', async () => {
    const rows = await admin`
      select d.defaclrole::regrole::text as owner, d.defaclobjtype, a.grantee::regrole::text as grantee, a.privilege_type
        from pg_default_acl d join pg_namespace n on n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a
       where n.nspname = 'public' and d.defaclrole = 'postgres'::regrole and d.defaclobjtype in ('r', 'S')
         and a.grantee in ('anon'::regrole, 'authenticated'::regrole)
         and (a.grantee = 'anon'::regrole or a.privilege_type in ('TRUNCATE', 'TRIGGER', 'REFERENCES'))`;
    expect(rows).toEqual([]);
    // Proved on a real table too: created the way a migration creates one.
    await admin.begin(async (tx) => {
      await tx`create table public.later_table (id int)`;
      const [r] = await tx`select has_table_privilege('authenticated', 'public.later_table', 'truncate') as t,
                                  has_table_privilege('anon', 'public.later_table', 'select') as a,
                                  has_table_privilege('authenticated', 'public.later_table', 'select') as s`;
      expect(r).toEqual({ t: false, a: false, s: true });
      throw new Rollback();
    }).catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });
  });
});

describe(`catalog: the app's login (${APP_LOGIN_ROLE})`, () => {
  it('owns nothing, inherits nothing, is no superuser, and is a member of exactly anon and authenticated', async () => {
    const [role] = await admin`select rolsuper, rolinherit, rolbypassrls, rolcreaterole, rolcreatedb, rolcanlogin
                                 from pg_roles where rolname = ${APP_LOGIN_ROLE}`;
    expect(role).toEqual({ rolsuper: false, rolinherit: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolcanlogin: true });
    const owned = await admin`
      select 'class' as k, relname::text as name from pg_class where relowner = ${APP_LOGIN_ROLE}::regrole
      union all select 'proc', proname::text from pg_proc where proowner = ${APP_LOGIN_ROLE}::regrole
      union all select 'schema', nspname::text from pg_namespace where nspowner = ${APP_LOGIN_ROLE}::regrole
      union all select 'type', typname::text from pg_type where typowner = ${APP_LOGIN_ROLE}::regrole`;
    expect(owned).toEqual([]);
    const memberOf = await admin`select r.rolname from pg_auth_members m join pg_roles r on r.oid = m.roleid
                                  where m.member = ${APP_LOGIN_ROLE}::regrole order by 1`;
    expect(memberOf.map((r) => r.rolname)).toEqual(['anon', 'authenticated']);
  });

  it('may execute only the security-definer functions the app calls before a user is known', async () => {
    const rows = await admin`
      select p.oid::regprocedure::text as f from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where p.prosecdef and n.nspname not in ('pg_catalog', 'information_schema')
         and has_function_privilege(${APP_LOGIN_ROLE}, p.oid, 'execute') order by 1`;
    const expected = [
      'private.survey_link(text)',
      'private.survey_recent_attempts(text,text,integer)',
      'private.survey_record_attempt(text,text,text)',
      // Local profile only: the shim's sign-in functions (Supabase has GoTrue).
      ...(onSupabase ? [] : [
        'auth.local_find_user(text)', 'auth.local_issue_refresh(uuid,text,integer)', 'auth.local_record_attempt(text,text,boolean)',
        'auth.local_recent_failures(text,text,integer)', 'auth.local_revoke_refresh(text)', 'auth.local_use_refresh(text)',
        // sign-in throttling and sessions that can be ended (issue 13)
        'auth.local_begin_sign_in(text,text,integer,integer,integer,integer)', 'auth.local_finish_sign_in(text,text,boolean,integer)',
        'auth.local_session_alive(uuid,uuid)', 'auth.local_issue_session_refresh(uuid,uuid,text,integer)',
        'auth.local_rotate_refresh(text)', 'auth.local_end_session_of(text)', 'auth.local_end_user_sessions(uuid)',
        'auth.local_set_password(uuid,text)', 'auth.local_user_by_id(uuid)',
      ]),
    ].sort();
    expect(rows.map((r) => r.f).sort()).toEqual(expected);
  });

  it('logged in alone (no withRls) it reads no table and can only become anon or authenticated', async () => {
    await expect(app`select 1 from public.customers limit 1`).rejects.toMatchObject({ code: '42501' });
    await expect(app.begin((tx) => tx`set local role service_role`)).rejects.toMatchObject({ code: '42501' });
    await expect(app.begin((tx) => tx`set local role postgres`)).rejects.toMatchObject({ code: '42501' });
  });
});

describe('probe: every public table as a GoTrue-shaped rep, manager and anon', () => {
  it('tried: TRUNCATE on every table — refused for everyone (it would skip RLS)', async () => {
    const tables = await admin`select tablename from pg_tables where schemaname = 'public' order by 1`;
    expect(tables.length).toBeGreaterThan(15);
    for (const t of tables) {
      for (const who of ['repA', 'mgr1', 'admin', 'anon'] as const) {
        expect(`${who} truncate ${t.tablename}: ${await probe(who, (tx) => tx`truncate ${tx(t.tablename as string)}`)}`)
          .toBe(`${who} truncate ${t.tablename}: 42501`);
      }
    }
  });

  it('tried: anon select/insert/update/delete on every table — refused by privilege, not just filtered', async () => {
    const tables = await admin`select tablename from pg_tables where schemaname = 'public' order by 1`;
    for (const t of tables) {
      const name = t.tablename as string;
      for (const [op, run] of [
        ['select', (tx: Tx) => tx`select 1 from ${tx(name)} limit 1`],
        ['insert', (tx: Tx) => tx`insert into ${tx(name)} default values`],
        ['update', (tx: Tx) => tx.unsafe(`update public.${name} set ${'org_id'} = org_id where false`)],
        ['delete', (tx: Tx) => tx`delete from ${tx(name)} where false`],
      ] as const) {
        const got = await probe('anon', run);
        // orgs has no org_id column: its update fails on the column before the privilege.
        expect(`${op} ${name}: ${got === '42703' ? '42501' : got}`).toBe(`${op} ${name}: 42501`);
      }
    }
    // anon's one door stays open.
    expect(await probe('anon', (tx) => tx`select public.submit_survey('no-such-token', 9, 5)`)).toBe('ok');
  });
  // Rep/manager/admin × every table × select/insert/update/delete, with these same GoTrue-shaped
  // claims: tests/db/rls-matrix.test.ts (588 cells, on both databases).
});

describe('probe: columns only server code writes', () => {
  const monthAgo = () => new Date(Date.now() - 30 * 86_400_000);

  it('tried: merged_into by hand — refused for rep, manager and admin (merge_customers only)', async () => {
    for (const who of ['repA', 'mgr1', 'admin'] as const) {
      expect(await probe(who, (tx) => tx`update customers set merged_into = ${w.custB} where id = ${w.custA}`)).toBe('42501');
    }
    expect(await probe('admin', (tx) => tx`insert into customers (org_id, owner_id, name, merged_into) values (${w.org1}, ${w.ids.repA}, 'x', ${w.custB})`)).toBe('42501');
  });

  it('tried: rewriting created_at — refused for a rep; managers/admins may (CSV import of history)', async () => {
    expect(await probe('repA', (tx) => tx`update customers set created_at = ${monthAgo()} where id = ${w.custA}`)).toBe('42501');
    expect(await probe('repA', (tx) => tx`insert into customers (org_id, owner_id, name, created_at) values (${w.org1}, ${w.ids.repA}, '旧客户', ${monthAgo()})`)).toBe('42501');
    expect(await probe('repA', (tx) => tx`update deals set created_at = ${monthAgo()} where id = ${w.deal}`)).toBe('42501');
    expect(await probe('mgr1', (tx) => tx`update customers set created_at = ${monthAgo()} where id = ${w.custA}`)).toBe('ok');
    // What the app does stays allowed: a rep edits their customer and adds one dated now.
    expect(await probe('repA', (tx) => tx`update customers set region = '华南' where id = ${w.custA}`)).toBe('ok');
    expect(await probe('repA', (tx) => tx`insert into customers (org_id, owner_id, name) values (${w.org1}, ${w.ids.repA}, '新客户')`)).toBe('ok');
  });

  it('tried: moving a row to another org, and handing a customer to someone — refused as the app refuses', async () => {
    expect(await probe('admin', (tx) => tx`update customers set org_id = ${w.org2} where id = ${w.custA}`)).toMatch(/^(42501|none)$/);
    expect(await probe('repA', (tx) => tx`update customers set owner_id = ${w.ids.repB} where id = ${w.custA}`)).toMatch(/^(42501|none)$/);
    expect(await probe('mgr1', (tx) => tx`update customers set owner_id = ${w.ids.repB} where id = ${w.custA}`)).toBe('ok');
    expect(await probe('mgr1', (tx) => tx`update customers set owner_id = ${w.ids.repC} where id = ${w.custA}`)).toMatch(/^(42501|none)$/);
  });

  it('tried: a back-dated deal stage change — refused for a rep; one dated now is how the app records it', async () => {
    const ins = (at: Date | null) => (tx: Tx) =>
      at
        ? tx`insert into deal_stage_changes (org_id, deal_id, customer_id, from_stage, to_stage, changed_by, changed_at)
             values (${w.org1}, ${w.deal}, ${w.custA}, 'quote', 'won', ${w.ids.repA}, ${at})`
        : tx`insert into deal_stage_changes (org_id, deal_id, customer_id, from_stage, to_stage, changed_by)
             values (${w.org1}, ${w.deal}, ${w.custA}, 'quote', 'won', ${w.ids.repA})`;
    expect(await probe('repA', ins(monthAgo()))).toBe('42501');
    expect(await probe('repA', ins(null))).toBe('ok');
  });

  it('tried: back-dated order rows — the order date within the sheet\'s range is the rep\'s, created_at is not', async () => {
    const ins = (orderedAt: Date, createdAt?: Date) => (tx: Tx) =>
      createdAt
        ? tx`insert into orders (org_id, customer_id, amount, ordered_at, created_at) values (${w.org1}, ${w.custA}, 10, ${orderedAt}, ${createdAt})`
        : tx`insert into orders (org_id, customer_id, amount, ordered_at) values (${w.org1}, ${w.custA}, 10, ${orderedAt})`;
    expect(await probe('repA', ins(monthAgo()))).toBe('ok');
    expect(await probe('repA', ins(new Date('1990-01-01')))).toBe('22023');
    expect(await probe('repA', ins(new Date(Date.now() + 5 * 86_400_000)))).toBe('22023');
    expect(await probe('repA', ins(monthAgo(), monthAgo()))).toBe('42501');
    expect(await probe('repA', (tx) => tx`update orders set created_at = ${monthAgo()} where id = ${w.order}`)).toMatch(/^(42501|none)$/);
  });
});
