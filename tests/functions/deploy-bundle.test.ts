// Each edge function as `supabase functions deploy` would upload it (scripts/lib/deploy-files.ts:
// the entrypoint, every local file its imports reach, and the import map the CLI picks — never
// the root deno.json), assembled alone in a temporary directory and type-checked with Deno 2.1,
// the edge runtime's Deno (npm deno@2.1's linux-x64 build, aliased deno-2.1-linux-x64). The project's own `deno check`
// (npm run typecheck) stays; this catches what only breaks once the files leave the repository.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { assemble, deploySet } from '../../scripts/lib/deploy-files.ts';

const run = promisify(execFile);
const ROOT = path.resolve('.');
// The linux-x64 build of npm deno@2.1 (optional dependency deno-2.1-linux-x64): the platform
// package, not `deno` itself, so its `deno` bin does not replace the project's Deno.
const DENO21 = path.join(ROOT, 'node_modules', 'deno-2.1-linux-x64', 'deno');
const FUNCTIONS = readdirSync('supabase/functions', { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_') && existsSync(`supabase/functions/${d.name}/index.ts`))
  .map((d) => d.name);

async function check(dir: string, set: ReturnType<typeof deploySet>) {
  const entry = path.join(dir, path.relative(ROOT, set.entry));
  const config = set.config ? ['--config', path.join(dir, path.relative(ROOT, set.config))] : ['--no-config'];
  try {
    await run(DENO21, ['check', '--quiet', ...config, entry], {
      cwd: dir,
      // npm: packages are fetched as the deploy fetches them; trust the system's CA store too (proxies).
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', DENO_TLS_CA_STORE: process.env.DENO_TLS_CA_STORE ?? 'system,mozilla' },
      timeout: 240_000,
    });
    return '';
  } catch (err) {
    return (err as { stderr?: string }).stderr ?? String(err);
  }
}

describe('deployed file sets type-check under Deno 2.1', () => {
  it('uses Deno 2.1', async () => {
    const { stdout } = await run(DENO21, ['--version']);
    expect(stdout).toMatch(/^deno 2\.1\./);
  });

  it.each(FUNCTIONS)('%s', async (name) => {
    const set = deploySet(ROOT, name);
    expect(set.files).toContain(`supabase/functions/${name}/index.ts`);
    const dir = mkdtempSync(path.join(os.tmpdir(), `deploy-${name}-`));
    assemble(ROOT, set, dir);
    expect(await check(dir, set), `files: ${set.files.join(', ')}`).toBe('');
  }, 300_000);

  it('tried: a set missing a file its graph needs fails the check (so a pass means something)', async () => {
    const set = deploySet(ROOT, 'recompute-tags');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'deploy-broken-'));
    assemble(ROOT, { ...set, files: set.files.filter((f) => !f.endsWith('_shared/http.ts')) }, dir);
    expect(await check(dir, set)).toMatch(/http\.ts/);
  }, 300_000);
});
