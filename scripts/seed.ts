// npm run seed -- [--customers N] [--org slug] [--seed N]
// Seeds a deterministic demo org (lib/demo) into the project's database — DATABASE_URL, the
// running launcher's, or the local embedded one — and prints counts, time and the logins.
// A no-op when the org already exists: pick another --org for a second data set.
import { parseArgs } from 'node:util';
import { seedDemoOrg } from '../lib/demo/generate.ts';
import { openDatabase } from './lib/stack.ts';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '300' },
    org: { type: 'string', default: 'demo' },
    seed: { type: 'string', default: '42' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log('usage: npm run seed -- [--customers N] [--org slug] [--seed N]');
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

const db = await openDatabase();
try {
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
