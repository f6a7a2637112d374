// npm run schema:dump — rewrites supabase/schema.sql from the migrations (scripts/lib/schema-dump.ts).
// Run it after adding a migration; tests/unit/schema-dump.test.ts fails while it is stale.
import { writeFileSync } from 'node:fs';
import { dumpSchema, SCHEMA_FILE } from './lib/schema-dump.ts';

const text = await dumpSchema();
writeFileSync(SCHEMA_FILE, text);
console.log(`wrote ${SCHEMA_FILE} (${text.split('\n').length} lines)`);
