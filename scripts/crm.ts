// npm run crm -- <command>   (see README "Command line")
//   import --org <slug> <dir>                      load customers.csv, interactions.csv, … from <dir>
//   recompute --org <slug> [--as-of <ISO time>]    full recompute through the recompute-tags edge function
//   export profiles --org <slug> <file>            one row per customer with profile, tags and reasons (zh)
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatErrors } from '../lib/import/parse.ts';
import { ImportRejected, importFiles } from '../lib/import/load.ts';
import { IMPORT_FILES, type ImportFile } from '../lib/import/schemas.ts';
import { openDatabase } from './lib/stack.ts';

const USAGE = `usage:
  npm run crm -- import --org <slug> <dir>
  npm run crm -- recompute --org <slug> [--as-of <ISO time>]
  npm run crm -- export profiles --org <slug> <file>`;

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { org: { type: 'string' }, 'as-of': { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    return fail(`${(err as Error).message}\n${USAGE}`);
  }
})();
const [command, ...rest] = positionals;
if (values.help || !command) fail(USAGE, values.help ? 0 : 2);
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
  } else {
    fail(`unknown command "${command}"\n${USAGE}`);
  }
} finally {
  await db.close();
}
process.exit(exitCode);
