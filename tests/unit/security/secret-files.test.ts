// Issue 13 finding 9: .data/runtime.json (the Postgres superuser and authenticator passwords) was
// 0644. (tests/security/launcher-files.test.ts checks the files of a real launcher.) Tried: writing each secret file under a permissive umask (0o000) and over an existing
// world-readable copy — the result must be 0600 both times.
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureSecrets, writeSecretFile } from '../../../scripts/lib/secrets.ts';

const mode = (f: string) => statSync(f).mode & 0o777;
let umask: number;
beforeEach(() => (umask = process.umask(0o000)));
afterEach(() => process.umask(umask));

describe('secret files are owner-only', () => {
  it('writeSecretFile: new and replaced files are 0600', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crystal-secret-'));
    const file = path.join(dir, 'runtime.json');
    writeSecretFile(file, '{"adminUrl":"postgres://postgres:pw@127.0.0.1/x"}');
    expect(mode(file)).toBe(0o600);
    chmodSync(file, 0o644);
    writeSecretFile(file, '{}');
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('{}');
  });

  it('ensureSecrets: a fresh .env.local is 0600, and an old 0644 one is tightened', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'crystal-secret-'));
    const fresh = path.join(dir, 'fresh.env');
    await ensureSecrets(fresh);
    expect(mode(fresh)).toBe(0o600);
    const loose = path.join(dir, 'loose.env');
    writeFileSync(loose, readFileSync(fresh, 'utf8'), { mode: 0o644 });
    chmodSync(loose, 0o644);
    await ensureSecrets(loose);
    expect(mode(loose)).toBe(0o600);
  });
});
