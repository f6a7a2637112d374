// Migrations: apply from empty, re-running applies nothing, a failing file stops with its name
// and the Postgres error and leaves nothing of itself behind.
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres, { type Sql } from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dbPush } from '../../lib/db/db-push.ts';
import { migrate, MigrationError } from '../../lib/db/migrate.ts';
import { assertLocalDatabase } from '../helpers/local-only.ts';

let admin: Sql;
const dbUrl = (name: string) => {
  const u = new URL(inject('adminUrl'));
  u.pathname = `/${name}`;
  return u.toString();
};

beforeAll(() => {
  admin = postgres(inject('adminUrl'), { onnotice: () => {}, max: 1 });
});
afterAll(async () => admin?.end());

async function freshDb(name: string): Promise<Sql> {
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  return postgres(dbUrl(name), { onnotice: () => {}, max: 1 });
}

const onSupabase = inject('profile') === 'supabase';

// Local profile: the launcher's migrate() on a fresh database, shim first.
describe.skipIf(onSupabase)('migrations', () => {
  it('apply from empty, recorded like the Supabase CLI, and a second run applies nothing', async () => {
    const sql = await freshDb('mig_fresh');
    try {
      const first = await migrate(sql);
      const files = readdirSync('supabase/migrations').filter((f) => f.endsWith('.sql')).sort();
      expect(first.applied).toEqual(files);
      expect(first.shim).toBe(true);
      const recorded = await sql`select version, name from supabase_migrations.schema_migrations order by version`;
      expect(recorded.map((r) => `${r.version}_${r.name}.sql`)).toEqual(files);
      expect((await migrate(sql)).applied).toEqual([]);
    } finally {
      await sql.end();
    }
  });

  it('a failing migration names the file and the error, and leaves the database as it was', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'crystal-mig-'));
    cpSync('supabase', root, { recursive: true });
    writeFileSync(
      path.join(root, 'migrations', '29990101000000_broken.sql'),
      'create table public.half_done (id int);\nalter table public.no_such_table add column x int;\n',
    );
    const sql = await freshDb('mig_broken');
    try {
      const err = await migrate(sql, { root }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MigrationError);
      expect((err as MigrationError).file).toBe('29990101000000_broken.sql');
      expect((err as MigrationError).pgMessage).toMatch(/no_such_table.*does not exist/);
      const [t] = await sql`select to_regclass('public.half_done') as t`;
      expect(t!.t).toBeNull();
      const [r] = await sql`select count(*)::int as n from supabase_migrations.schema_migrations where version = '29990101000000'`;
      expect(r!.n).toBe(0);
      // The good migrations before it stay applied (one transaction per file).
      const [c] = await sql`select to_regclass('public.customers') as t`;
      expect(c!.t).not.toBeNull();
    } finally {
      await sql.end();
    }
  });
});

// Supabase-faithful database: the global setup has pushed every migration as `supabase db push`
// does (as postgres, one transaction per file, split into statements).
describe.runIf(onSupabase)('migrations pushed like supabase db push', () => {
  it('every file is recorded with its split statements, and a second push applies nothing', async () => {
    const files = readdirSync('supabase/migrations').filter((f) => f.endsWith('.sql')).sort();
    const recorded = await admin`select version, name, cardinality(statements) as n from supabase_migrations.schema_migrations order by version`;
    expect(recorded.map((r) => `${r.version}_${r.name}.sql`)).toEqual(files);
    expect(recorded.every((r) => (r.n as number) > 0)).toBe(true);
    expect((await dbPush(admin)).applied).toEqual([]);
  });

  it('tried: a broken file — named with its error, nothing of it left behind, the rest stays', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'crystal-push-'));
    cpSync('supabase', root, { recursive: true });
    writeFileSync(
      path.join(root, 'migrations', '29990101000000_broken.sql'),
      'create table public.half_done (id int);\nalter table public.no_such_table add column x int;\n',
    );
    const err = await dbPush(admin, { root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect((err as MigrationError).file).toBe('29990101000000_broken.sql');
    expect((err as MigrationError).pgMessage).toMatch(/no_such_table.*does not exist.*statement 2/);
    const [t] = await admin`select to_regclass('public.half_done') as t, to_regclass('public.customers') as c`;
    expect(t!.t).toBeNull();
    expect(t!.c).not.toBeNull();
  });

  it('the project owner (postgres) is not a superuser, as on Supabase', async () => {
    const [r] = await admin`select rolsuper from pg_roles where rolname = current_user`;
    expect(r!.rolsuper).toBe(false);
  });
});

describe('test guard', () => {
  it('refuses a database that is not on localhost', () => {
    expect(() => assertLocalDatabase('postgres://u:p@db.example.supabase.co:5432/postgres')).toThrow(/refusing/);
    expect(() => assertLocalDatabase('postgres://u:p@10.0.0.5:5432/x')).toThrow(/refusing/);
    expect(() => assertLocalDatabase(inject('adminUrl'))).not.toThrow();
  });
});
