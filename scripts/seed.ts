// npm run seed -- [--customers N] [--org slug] [--seed N] [--target local|supabase]
// Seeds a deterministic demo org (lib/demo) into the project's database — DATABASE_URL, the
// running launcher's, or the local embedded one — and prints counts, time and the logins.
// A no-op when the org already exists: pick another --org for a second data set.
import { parseArgs } from 'node:util';
import { hasGoTrueSchema } from '../lib/auth/auth-users.ts';
import { seedDemoOrg } from '../lib/demo/generate.ts';
import { openDatabase } from './lib/stack.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '300' },
    org: { type: 'string', default: 'demo' },
    seed: { type: 'string', default: '42' },
    // supabase: DATABASE_URL is a Supabase project's; users are written in GoTrue's shape
    // (lib/auth/auth-users.ts), and the run stops if the database has no GoTrue schema.
    target: { type: 'string', default: 'local' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('usage: npm run seed -- [--customers N] [--org slug] [--seed N] [--target local|supabase]');
  process.exit(0);
}

const customers = Number(values.customers);
const seed = Number(values.seed);
if (!Number.isInteger(customers) || customers < 1 || customers > 5_000_000) {
  console.error(`--customers must be a whole number between 1 and 5000000, got ${values.customers}`);
  process.exit(2);
}
if (!Number.isInteger(seed)) {
  console.error(`--seed must be a whole number, got ${values.seed}`);
  process.exit(2);
}
if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(values.org)) {
  console.error(`--org must be a slug (lowercase letters, digits, '-', 2–63 chars), got ${values.org}`);
  process.exit(2);
}

if (values.target !== 'local' && values.target !== 'supabase') {
  console.error(`--target 应为 local 或 supabase / --target must be local or supabase, got ${values.target}`);
  process.exit(2);
}
if (values.target === 'supabase' && !process.env.DATABASE_URL) {
  console.error('--target supabase 需要 DATABASE_URL（Supabase 项目的连接串）/ --target supabase needs DATABASE_URL (the Supabase project\'s connection string)');
  process.exit(2);
}

const db = await openDatabase();
try {
  if (values.target === 'supabase' && !(await hasGoTrueSchema(db.sql))) {
    console.error('这个数据库没有 Supabase Auth（GoTrue）的 auth 表 / this database has no Supabase Auth (GoTrue) schema');
    process.exitCode = 2;
    throw new Error('not a Supabase database');
  }
  const started = performance.now();
  const result = await seedDemoOrg(db.sql, {
    slug: values.org,
    customers,
    seed,
    log: (line) => console.log(`[seed] ${line}`),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (result.counts) {
    console.log(`\nOrg "${values.org}" (${result.orgId}) seeded in ${seconds} s:`);
    for (const [table, n] of Object.entries(result.counts)) console.log(`  ${table.padEnd(20)} ${n.toLocaleString('en-US').padStart(10)}`);
  } else {
    console.log(`\nOrg "${values.org}" (${result.orgId}) already exists — left as it is.`);
  }
  console.log('\nLogins (phone or e-mail):');
  for (const l of result.logins) {
    console.log(`  ${l.role.padEnd(8)} ${l.name.padEnd(4, '　')} ${(l.team ?? '—').padEnd(5, '　')} ${l.phone}  ${l.email.padEnd(26)} ${l.password}`);
  }
} finally {
  await db.close();
}
