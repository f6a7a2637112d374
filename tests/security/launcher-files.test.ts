// Issue 13 finding 9 on the running stack: the files the launcher wrote that hold passwords are
// owner-only (main: .data/runtime.json was 0644 with the Postgres superuser password in it).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const mode = (f: string) => statSync(f).mode & 0o777;

describe('secret files of a running launcher', () => {
  it('.data/security/runtime.json and .env.local are 0600; the data dir is not world-readable', () => {
    expect(mode(path.join(ROOT, '.data/security/runtime.json'))).toBe(0o600);
    expect(mode(path.join(ROOT, '.env.local'))).toBe(0o600);
    // Postgres refuses to run with a group/world-readable data directory itself; check ours too.
    const pg = path.join(ROOT, '.data/security/pg');
    if (existsSync(pg)) expect(mode(pg) & 0o077).toBe(0);
  });
});
