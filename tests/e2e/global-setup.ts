// Runs once the web server answers: make sure the database the e2e stack uses is local
// before any test reads it as a superuser.
import { assertLocalDatabase } from '../helpers/local-only.ts';
import { readE2eRuntime } from './helpers/db.ts';

export default function globalSetup() {
  if (process.env.DATABASE_URL) assertLocalDatabase(process.env.DATABASE_URL);
  const { adminUrl } = readE2eRuntime();
  assertLocalDatabase(adminUrl);
  const base = new URL(process.env.E2E_BASE_URL ?? 'http://localhost:3100');
  if (!['localhost', '127.0.0.1', '::1', '[::1]'].includes(base.hostname)) {
    throw new Error(`refusing to run e2e against ${base.hostname}: baseURL must be localhost`);
  }
}
