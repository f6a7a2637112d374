// recompute-tags under real Deno (the launcher's functions host) against the real database:
// CSV fixture → recompute → expected profiles; a second run writes nothing; bad calls get 4xx.
import { readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { importFiles } from '../../lib/import/load.ts';
import type { ImportFile } from '../../lib/import/schemas.ts';
import { startFunctions, stopChild } from '../../scripts/lib/stack.ts';

const KEY = `test-service-key-${randomUUID()}`;
let admin: Sql;
let fn: { url: string; child: ChildProcess };
let orgId: string;

const call = (body: unknown, key: string | null = KEY) =>
  fetch(`${fn.url}/functions/v1/recompute-tags`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  process.env.SUPABASE_SERVICE_ROLE_KEY = KEY;
  fn = await startFunctions({ adminUrl: inject('adminUrl') });
  const [org] = await admin`insert into orgs (slug, name) values ('fn-recompute', '函数测试') returning id`;
  orgId = org!.id as string;
  for (const [email, phone] of [['rep1@demo.crystal', '13900000011'], ['rep2@demo.crystal', '13900000012']] as const) {
    const id = randomUUID();
    await admin`insert into auth.users (id, email) values (${id}, ${'fn-' + email})`;
    await admin`insert into members (user_id, org_id, role, display_name, email, phone) values (${id}, ${orgId}, 'rep', ${email}, ${email}, ${phone})`;
  }
  const dir = 'tests/fixtures/import-small';
  await importFiles(admin, orgId, Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(`${dir}/${f}`, 'utf8')])) as Partial<Record<ImportFile, string>>);
}, 120_000);
afterAll(async () => {
  await stopChild(fn?.child);
  await admin?.end();
});

const AS_OF = '2026-11-01T00:00:00+08:00';

describe('recompute-tags', () => {
  it('refuses calls without the service key (401) and bad bodies (400), and an unknown org (404)', async () => {
    expect((await call({ org_id: orgId }, null)).status).toBe(401);
    expect((await call({ org_id: orgId }, 'wrong')).status).toBe(401);
    const bad = await call({ org_id: 'nope', as_of: 'yesterday' });
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.message.zh).toBeTruthy();
    expect(body.detail.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['org_id', 'as_of']));
    expect((await call('{not json')).status).toBe(400);
    expect((await call({ org_id: randomUUID() })).status).toBe(404);
  });

  it('computes the imported customers\' profiles, tags and first history', async () => {
    const res = await call({ org_id: orgId, as_of: AS_OF });
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out).toMatchObject({ customers: 3, changed: 3 });

    const profiles = await admin`select c.external_id, p.* from customer_profiles p join customers c on c.id = p.customer_id
                                 where p.org_id = ${orgId} order by c.external_id`;
    const k1 = profiles.find((p) => p.external_id === 'K001')!;
    // K001: premium on every order, contract 7 days after the first need, no contact after
    // buying → autonomous (seed 000); but also 4 orders and both surveys answered with NPS 9–10
    // → loyal as the secondary type (seed 000: 类型可以组合). A won deal → signed.
    expect(k1.relationship_type).toBe('autonomous');
    expect(k1.relationship_secondary).toBe('loyal');
    expect(k1.value_tier).toBe('high');
    expect(k1.funnel_stage).toBe('signed');
    expect(k1.needs).toBe('both');
    for (const p of profiles)
      for (const dim of ['relationship', 'funnel', 'value', 'lifecycle', 'loyalty'])
        expect((p.reasons as Record<string, unknown[]>)[dim]?.length, `${p.external_id} ${dim}`).toBeGreaterThan(0);
    const k2 = profiles.find((p) => p.external_id === 'K002')!;
    expect(k2.funnel_stage).toBe('signed'); // has bought, whatever the last call's doubts
    const k3 = profiles.find((p) => p.external_id === 'K003')!;
    expect(k3.lifecycle).toBe('potential'); // no order yet
    expect(k3.funnel_stage).toBe('potential');
    expect(k3.relationship_type).toBe('dependent'); // went back from quote to needs (seed 000)

    const tags = await admin`select t.tag, t.kind, t.label_zh from customer_tags t join customers c on c.id = t.customer_id
                             where t.org_id = ${orgId} and c.external_id = 'K001'`;
    expect(tags.map((t) => t.tag)).toEqual(expect.arrayContaining(['relationship:loyal', 'value:high']));
    expect(tags.every((t) => t.label_zh)).toBe(true);
    const [h] = await admin`select count(*)::int as n from tag_changes where org_id = ${orgId}`;
    expect(h!.n).toBeGreaterThanOrEqual(3 * 5);
    const [run] = await admin`select customers, changed from recompute_runs where org_id = ${orgId} order by id desc limit 1`;
    expect(run).toEqual({ customers: 3, changed: 3 });
  });

  it('writes nothing when nothing changed', async () => {
    const before = await admin`select (select count(*)::int from tag_changes where org_id = ${orgId}) as changes,
                                      (select max(computed_at) from customer_profiles where org_id = ${orgId}) as at`;
    const out = await (await call({ org_id: orgId, as_of: AS_OF })).json();
    expect(out).toMatchObject({ customers: 3, changed: 0, tag_changes: 0 });
    const after = await admin`select (select count(*)::int from tag_changes where org_id = ${orgId}) as changes,
                                     (select max(computed_at) from customer_profiles where org_id = ${orgId}) as at`;
    expect(after).toEqual(before);
  });

  it('recomputes one customer after a new log and records only what changed, keeping manual tags', async () => {
    const [k2] = await admin`select id, owner_id from customers where org_id = ${orgId} and external_id = 'K003'`;
    await admin`insert into customer_tags (org_id, customer_id, tag, kind) values (${orgId}, ${k2!.id}, '爱喝茶', 'manual')`;
    await admin`insert into interactions (id, org_id, customer_id, rep_id, kind, occurred_at, attitude, cognition)
                values (${randomUUID()}, ${orgId}, ${k2!.id}, ${k2!.owner_id}, 'visit', '2026-10-30T10:00:00+08:00', 'accept', 'specific')`;
    const out = await (await call({ org_id: orgId, customer_ids: [k2!.id], as_of: AS_OF })).json();
    expect(out).toMatchObject({ customers: 1, changed: 1 });
    const [p] = await admin`select funnel_stage, reasons from customer_profiles where customer_id = ${k2!.id}`;
    expect(p!.funnel_stage).toBe('opportunity'); // accept + specific (seed 002: 商机)
    const changes = await admin`select dimension, from_value, to_value from tag_changes where customer_id = ${k2!.id} and from_value is not null`;
    expect(changes).toEqual([{ dimension: 'funnel', from_value: 'potential', to_value: 'opportunity' }]);
    const [manual] = await admin`select kind from customer_tags where customer_id = ${k2!.id} and tag = '爱喝茶'`;
    expect(manual!.kind).toBe('manual');
  });

  it('answers 422 with the bad field when the org\'s stored rules are invalid', async () => {
    await admin`insert into classification_rules (org_id, rules) values (${orgId}, '{"relationship": {"loyal_min_orders": "many"}}')
                on conflict (org_id) do update set rules = excluded.rules`;
    const res = await call({ org_id: orgId, as_of: AS_OF });
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toMatch(/relationship/);
    await admin`delete from classification_rules where org_id = ${orgId}`;
  });
});
