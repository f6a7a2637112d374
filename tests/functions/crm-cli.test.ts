// The CLI as a user runs it (`npm run crm -- …` → tsx scripts/crm.ts) against the test database:
// import a directory, recompute through the edge function under Deno, export profiles as CSV.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInLocal } from '../../lib/auth/local.ts';

const run = promisify(execFile);
let admin: Sql;
const slug = 'cli-test';

async function crm(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/crm.ts', ...args], {
      // APP_DATABASE_URL too: without it the CLI's migrate step sets the authenticator's password
      // from .env.local — on the shared test cluster, under the other test files' feet.
      env: { ...process.env, DATABASE_URL: inject('adminUrl'), APP_DATABASE_URL: inject('appUrl'), SUPABASE_SERVICE_ROLE_KEY: `cli-${randomUUID()}` },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 2 });
  const [org] = await admin`insert into orgs (slug, name) values (${slug}, 'CLI 测试') returning id`;
  for (const [email, phone] of [['rep1@demo.crystal', '13900000011'], ['rep2@demo.crystal', '13900000012']] as const) {
    const id = randomUUID();
    await admin`insert into auth.users (id, email) values (${id}, ${'cli-' + email})`;
    await admin`insert into members (user_id, org_id, role, display_name, email, phone) values (${id}, ${org!.id}, 'rep', ${email}, ${email}, ${phone})`;
  }
});
afterAll(async () => admin?.end());

describe('npm run crm', () => {
  it('imports, recomputes through the function, and exports profiles with a BOM', async () => {
    const imp = await crm('import', '--org', slug, 'tests/fixtures/import-small');
    expect(imp.stderr + imp.stdout).toMatch(/customers\.csv\s+3 rows/);
    expect(imp.code).toBe(0);

    const rec = await crm('recompute', '--org', slug, '--as-of', '2026-11-01T00:00:00+08:00');
    expect(rec.code, rec.stderr).toBe(0);
    expect(rec.stdout).toMatch(/recomputed 3 customers .* 3 profiles changed/);

    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'crm-export-')), 'profiles.csv');
    const exp = await crm('export', 'profiles', '--org', slug, file);
    expect(exp.code, exp.stderr).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.external_id)).toEqual(['K001', 'K002', 'K003']);
    expect(rows[0]).toMatchObject({ name: '张三', relationship_type: 'autonomous', relationship_secondary: 'loyal', value_tier: 'high' });
    expect(rows[0]!.reasons).toMatch(/已下单 4 次/);
  });

  it('rejects a bad file with line numbers and a non-zero exit, loading nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crm-bad-'));
    writeFileSync(path.join(dir, 'orders.csv'), 'customer_external_id,ordered_at,amount,discount_used,premium,kind\nK001,2026-13-01,5,false,false,product\nK404,2026-01-01,5,false,false,product\n');
    const [before] = await admin`select count(*)::int as n from orders o join orgs g on g.id = o.org_id where g.slug = ${slug}`;
    const res = await crm('import', '--org', slug, dir);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/orders\.csv line 2 \[ordered_at\]: not a date/);
    const [after] = await admin`select count(*)::int as n from orders o join orgs g on g.id = o.org_id where g.slug = ${slug}`;
    expect(after!.n).toBe(before!.n);
  });

  it('explains usage errors', async () => {
    expect((await crm('import')).stderr).toMatch(/--org <slug> is required/);
    expect((await crm('recompute', '--org', 'no-such-org')).stderr).toMatch(/no org with slug "no-such-org"/);
    expect((await crm('recompute', '--org', slug, '--as-of', 'someday')).stderr).toMatch(/--as-of is not a date/);
  });
});

describe('npm run crm -- bootstrap (local profile)', () => {
  const boot = `boot-${randomUUID().slice(0, 6)}`;
  const phone = `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

  it('creates the org and its first admin, who can sign in with the printed password; a second run changes nothing', async () => {
    process.env.JWT_SECRET ??= 'test-secret-that-is-at-least-32-characters-long';
    const first = await crm('bootstrap', '--org', boot, '--name', '启动测试公司', '--admin', `+86 ${phone}`, '--admin-name', '王总');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/org .*已创建 created/);
    const password = /initial password[^:]*: (\S+)/.exec(first.stdout)?.[1];
    expect(password).toBeTruthy();
    const [m] = await admin`select m.role, m.display_name, m.phone, o.name from members m join orgs o on o.id = m.org_id where o.slug = ${boot}`;
    expect(m).toEqual({ role: 'admin', display_name: '王总', phone, name: '启动测试公司' });
    const app = postgres(inject('appUrl'), { onnotice: () => {}, max: 2 });
    try {
      const signedIn = await signInLocal({ identifier: phone, password: password!, ip: '10.9.9.9' }, app);
      expect(signedIn.ok).toBe(true);
    } finally {
      await app.end();
    }

    const again = await crm('bootstrap', '--org', boot, '--name', '启动测试公司', '--admin', phone);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/已存在 already there/);
    expect(again.stdout).not.toMatch(/initial password/);
    const [n] = await admin`select (select count(*)::int from orgs where slug = ${boot}) as orgs,
                                   (select count(*)::int from auth.users where phone = ${phone}) as users`;
    expect(n).toEqual({ orgs: 1, users: 1 });
  });

  it.each([
    ['a slug with capitals', ['--org', 'Bad_Slug', '--name', 'x', '--admin', 'a@b.cn'], /--org 应为组织代号[\s\S]*--org must be a slug/],
    ['no name', ['--org', 'ok-slug', '--admin', 'a@b.cn'], /--name 应为组织名称[\s\S]*--name must be/],
    ['a landline as admin', ['--org', 'ok-slug', '--name', 'x', '--admin', '010-12345678'], /--admin 应为管理员的手机号[\s\S]*--admin must be/],
    ['no admin', ['--org', 'ok-slug', '--name', 'x'], /--admin must be/],
  ])('tried: %s — exit 2, a zh/en message, nothing written', async (_what, args, message) => {
    const res = await crm('bootstrap', ...args);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    const [n] = await admin`select count(*)::int as n from orgs where slug in ('ok-slug', 'bad_slug')`;
    expect(n!.n).toBe(0);
  });

  it('tried: an admin who already belongs to another org — refused, exit 1', async () => {
    const res = await crm('bootstrap', '--org', `${boot}-2`, '--name', '另一家', '--admin', phone);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/另一个组织[\s\S]*another organisation/);
  });
});
