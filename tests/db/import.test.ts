// CSV import: a good fixture loads and re-imports to the same rows; malformed rows are rejected
// with their line numbers and nothing of the file is loaded.
import { readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ImportRejected, importFiles } from '../../lib/import/load.ts';
import type { ImportFile } from '../../lib/import/schemas.ts';

const FIXTURE = 'tests/fixtures/import-small';
const fixture = () =>
  Object.fromEntries(readdirSync(FIXTURE).map((f) => [f, readFileSync(`${FIXTURE}/${f}`, 'utf8')])) as Partial<Record<ImportFile, string>>;

let admin: Sql;
let orgId: string;

async function counts() {
  const [r] = await admin`select
    (select count(*)::int from customers where org_id = ${orgId}) as customers,
    (select count(*)::int from orders where org_id = ${orgId}) as orders,
    (select count(*)::int from interactions where org_id = ${orgId}) as interactions,
    (select count(*)::int from deals where org_id = ${orgId}) as deals,
    (select count(*)::int from deal_stage_changes where org_id = ${orgId}) as stage_changes,
    (select count(*)::int from surveys where org_id = ${orgId}) as surveys,
    (select count(*)::int from survey_responses where org_id = ${orgId}) as responses`;
  return r!;
}

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  const [org] = await admin`insert into orgs (slug, name) values ('import-test', '导入测试') returning id`;
  orgId = org!.id as string;
  for (const [email, phone] of [['rep1@demo.crystal', '13900000011'], ['rep2@demo.crystal', '13900000012']] as const) {
    const id = randomUUID();
    // Another org's users share nothing with this one: e-mails are made unique per test org.
    await admin`insert into auth.users (id, email, phone) values (${id}, ${'import-' + email}, ${'+86' + phone})`;
    await admin`insert into members (user_id, org_id, role, display_name, email, phone) values (${id}, ${orgId}, 'rep', ${email}, ${email}, ${phone})`;
  }
});
afterAll(async () => admin?.end());

describe('CSV import', () => {
  it('loads the fixture (BOM, Excel dates, "12,000.00", 是/否-style booleans) and a re-import adds nothing', async () => {
    const loaded = await importFiles(admin, orgId, fixture());
    expect(loaded).toEqual({ 'customers.csv': 3, 'deals.csv': 2, 'deal_stage_changes.csv': 8, 'interactions.csv': 3, 'orders.csv': 5, 'survey_responses.csv': 3 });
    const first = await counts();
    expect(first).toEqual({ customers: 3, orders: 5, interactions: 3, deals: 2, stage_changes: 8, surveys: 3, responses: 2 });
    await importFiles(admin, orgId, fixture());
    expect(await counts()).toEqual(first);

    const [k1] = await admin`select c.name, c.phone, m.email as owner from customers c join members m on m.user_id = c.owner_id
                             where c.org_id = ${orgId} and external_id = 'K001'`;
    expect(k1).toEqual({ name: '张三', phone: '13800138000', owner: 'rep1@demo.crystal' }); // '+86 138 0013 8000' stored as the form stores it
    const [o] = await admin`select sum(amount)::float8 as total from orders o join customers c on c.id = o.customer_id where c.external_id = 'K001' and o.org_id = ${orgId}`;
    expect(o!.total).toBe(47000);
    const deals = await admin`select external_id, stage from deals where org_id = ${orgId} order by external_id`;
    expect(deals.map((d) => [d.external_id, d.stage])).toEqual([['D001', 'won'], ['D003', 'needs']]);
    const [t] = await admin`select occurred_at from interactions i join customers c on c.id = i.customer_id where c.external_id = 'K002' and i.org_id = ${orgId}`;
    expect((t!.occurred_at as Date).toISOString()).toBe('2026-10-21T07:30:00.000Z'); // 15:30 in +08:00
  });

  it('rejects wrong dates, unknown enums, negative amounts and missing columns with line numbers, loading nothing', async () => {
    const before = await counts();
    const err = await importFiles(admin, orgId, {
      'orders.csv': [
        'customer_external_id,ordered_at,amount,discount_used,premium,kind',
        'K001,2026-02-30,100,false,false,product', // line 2: no Feb 30
        'K001,2026-03-01,-5,false,false,product', // line 3: negative
        'K001,2026-03-01,100,maybe,false,gift', // line 4: bad boolean + unknown kind
        'K001,2026-03-02,100,false,false,product', // line 5: fine
      ].join('\n'),
      'interactions.csv': 'customer_external_id,occurred_at\nK001,2026-03-01\n',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportRejected);
    const errors = (err as ImportRejected).errors.map((e) => `${e.file}:${e.line}:${e.field ?? ''}`);
    expect(errors).toEqual(
      expect.arrayContaining(['orders.csv:2:ordered_at', 'orders.csv:3:amount', 'orders.csv:4:discount_used', 'orders.csv:4:kind', 'interactions.csv:1:']),
    );
    expect(errors.some((e) => e.startsWith('orders.csv:5'))).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it('rejects rows naming an unknown customer or owner, loading nothing of that file', async () => {
    const before = await counts();
    const err = await importFiles(admin, orgId, {
      'orders.csv': 'customer_external_id,ordered_at,amount,discount_used,premium,kind\nK001,2026-08-01,1,false,false,product\nNOPE,2026-08-01,1,false,false,product\n',
    }).catch((e: unknown) => e);
    expect((err as ImportRejected).errors).toEqual([{ file: 'orders.csv', line: 3, field: 'customer_external_id', message: 'unknown customer "NOPE"', zh: '找不到客户“NOPE”' }]);
    const err2 = await importFiles(admin, orgId, {
      'customers.csv': 'external_id,name,kind,industry,region,phone,email,company,owner,created_at\nK009,赵六,b2b,,,,,,ghost@nowhere,\n',
    }).catch((e: unknown) => e);
    expect((err2 as ImportRejected).errors[0]).toMatchObject({ line: 2, field: 'owner' });
    expect(await counts()).toEqual(before);
  });
});
