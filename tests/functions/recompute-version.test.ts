// ENGINE_VERSION (lib/engine/version.ts) must change whenever a file that decides what the
// recompute writes changes: an incremental whole-org run trusts the stored profiles of customers
// whose inputs did not change only while the version is the one they were computed with.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../lib/engine/version.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** The files ENGINE_VERSION covers, repo-relative and sorted. */
export function engineFiles(): string[] {
  return [
    ...readdirSync(path.join(ROOT, 'lib/engine'))
      .filter((f) => f.endsWith('.ts') && f !== 'version.ts')
      .map((f) => `lib/engine/${f}`),
    'supabase/functions/_shared/features-compact.ts',
  ].sort();
}

export function engineDigest(files = engineFiles()): string {
  const h = createHash('sha256');
  for (const f of files) h.update(`${f}\0${readFileSync(path.join(ROOT, f), 'utf8')}\0`);
  return h.digest('hex').slice(0, 16);
}

describe('ENGINE_VERSION', () => {
  it('is the digest of the engine files (update lib/engine/version.ts to the value printed when this fails)', () => {
    expect(ENGINE_VERSION, `set ENGINE_VERSION in lib/engine/version.ts to '${engineDigest()}'`).toBe(engineDigest());
  });

  it('covers every engine source file and the feature decoder', () => {
    const files = engineFiles();
    expect(files).toContain('lib/engine/rules.ts');
    expect(files).toContain('lib/engine/reason-texts.ts');
    expect(files).toContain('supabase/functions/_shared/features-compact.ts');
    expect(files).not.toContain('lib/engine/version.ts');
    // a subdirectory would be missed by the readdir above: there is none
    expect(readdirSync(path.join(ROOT, 'lib/engine'), { withFileTypes: true }).filter((d) => d.isDirectory())).toEqual([]);
  });

  it('changes when any one of them changes', () => {
    const files = engineFiles();
    const base = engineDigest(files);
    expect(engineDigest(files.filter((f) => f !== 'lib/engine/rules.ts'))).not.toBe(base);
  });
});
