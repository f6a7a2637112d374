// npm run crm -- <command>   (see README "Command line")
//   import --org <slug> <dir>                      load customers.csv, interactions.csv, … from <dir>
//   recompute --org <slug> [--as-of <ISO time>] [--full]   whole-org recompute through the recompute-tags edge function
//   export profiles --org <slug> <file>            one row per customer with profile, tags and reasons (zh)
//   bootstrap --org <slug> --name <名称> --admin <phone|email> [--admin-name <名字>]   first org + admin (idempotent)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatErrors } from '../lib/import/parse.ts';
import { ImportRejected, importFiles } from '../lib/import/load.ts';
import { IMPORT_FILES, type ImportFile } from '../lib/import/schemas.ts';
import { profilesForExport } from '../lib/db/queries/profiles.ts';
import { profilesCsv } from '../lib/export/profiles-csv.ts';
import { invokeRecompute } from '../lib/functions/invoke.ts';
import { bootstrap, BootstrapInputError, parseBootstrapInput } from '../lib/admin/bootstrap.ts';
import { authProvider } from '../lib/auth/provider.ts';
import { openDatabase, readRuntime, startFunctions, stopChild } from './lib/stack.ts';

const USAGE = `usage:
  npm run crm -- bootstrap --org <slug> --name <名称> --admin <phone|email> [--admin-name <名字>]
  npm run crm -- import --org <slug> <dir>
  npm run crm -- recompute --org <slug> [--as-of <ISO time>] [--full]
  npm run crm -- export profiles --org <slug> <file>`;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { org: { type: 'string' }, name: { type: 'string' }, admin: { type: 'string' }, 'admin-name': { type: 'string' }, 'as-of': { type: 'string' }, full: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    return fail(`${(err as Error).message}\n${USAGE}`);
  }
})();
const [command, ...rest] = positionals;
if (values.help || !command) fail(USAGE, values.help ? 0 : 2);

if (command === 'bootstrap') {
  let input: ReturnType<typeof parseBootstrapInput>;
  try {
    input = parseBootstrapInput(values);
  } catch (err) {
    if (err instanceof BootstrapInputError) fail(`参数错误：${err.zh}\ninvalid argument: ${err.en}\n${USAGE}`);
    throw err;
  }
  const db = await openDatabase();
  try {
    const r = await bootstrap(db.sql, input, { provider: authProvider() });
    console.log(`组织 org ${input.slug}: ${r.orgCreated ? '已创建 created' : '已存在 already there'} (${r.orgId})`);
    console.log(`管理员 admin ${input.admin}: ${r.userCreated ? '已创建 created' : '已存在，密码未改 already there, password unchanged'} (${r.userId})`);
    if (r.password) console.log(`初始密码 initial password (shown once, change it after signing in): ${r.password}`);
    console.log(r.memberCreated ? '已设为该组织管理员 made admin of the org' : '已是该组织管理员 already admin of the org');
  } catch (err) {
    if (err instanceof BootstrapInputError) {
      console.error(`${err.zh}\n${err.en}`);
      await db.close();
      process.exit(1);
    }
    throw err;
  } finally {
    await db.close();
  }
  process.exit(0);
}
if (!values.org) fail(`--org <slug> is required\n${USAGE}`);

const db = await openDatabase();
let exitCode = 0;
try {
  const [org] = await db.sql<{ id: string; name: string }[]>`select id, name from public.orgs where slug = ${values.org!}`;
  if (!org) fail(`no org with slug "${values.org}"`);

  if (command === 'import') {
    const dir = rest[0] ?? fail(`import needs a directory\n${USAGE}`);
    const texts: Partial<Record<ImportFile, string>> = {};
    for (const f of Object.keys(IMPORT_FILES) as ImportFile[]) {
      const p = path.join(dir, f);
      if (existsSync(p)) texts[f] = readFileSync(p, 'utf8');
    }
    if (!Object.keys(texts).length) fail(`no import files in ${dir} (expected any of ${Object.keys(IMPORT_FILES).join(', ')})`);
    const t0 = performance.now();
    try {
      const loaded = await importFiles(db.sql, org.id, texts);
      for (const [f, n] of Object.entries(loaded)) console.log(`  ${f.padEnd(24)} ${n} rows`);
      console.log(`imported into ${org.name} in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
    } catch (err) {
      if (!(err instanceof ImportRejected)) throw err;
      console.error(`import rejected — nothing from the bad file was loaded:\n${formatErrors(err.errors)}`);
      exitCode = 1;
    }
  } else if (command === 'recompute') {
    const asOf = values['as-of'];
    if (asOf && Number.isNaN(Date.parse(asOf))) fail(`--as-of is not a date/time: ${asOf}`);
    // Through the edge function, as in production: the running launcher's, or one started here.
    const rt = readRuntime();
    const running = rt?.adminUrl === db.adminUrl ? rt.functionsUrl : undefined; // only if it serves this database
    const fn = running ? undefined : await startFunctions({ adminUrl: db.adminUrl });
    process.env.FUNCTIONS_URL = running ?? `${fn!.url}/functions/v1`;
    try {
      const t0 = performance.now();
      // --full: classify every customer even when the last run was at this as_of (see docs/benchmarks.md)
      const out = await invokeRecompute({ org_id: org.id, ...(asOf ? { as_of: new Date(asOf).toISOString() } : {}), ...(values.full ? { full: true } : {}) });
      const secs = ((performance.now() - t0) / 1000).toFixed(2);
      console.log(`recomputed ${out.customers} customers of ${org.name} in ${secs}s: ${out.changed} profiles changed, ${out.tag_changes} tag changes`);
      if (out.mode) console.log(`  ${out.mode}${out.why ? ` (${out.why})` : ''}: ${out.classified} customers classified`);
      console.log(`  phases (ms): ${Object.entries(out.ms).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    } finally {
      await stopChild(fn?.child);
    }
  } else if (command === 'export' && rest[0] === 'profiles') {
    const file = rest[1] ?? fail(`export profiles needs a file name\n${USAGE}`);
    const rows = await db.sql.begin((tx) => profilesForExport(tx, org.id));
    writeFileSync(file, profilesCsv(rows));
    console.log(`wrote ${rows.length} customers to ${file}`);
  } else {
    fail(`unknown command "${[command, ...rest].join(' ')}"\n${USAGE}`);
  }
} finally {
  await db.close();
}
process.exit(exitCode);
