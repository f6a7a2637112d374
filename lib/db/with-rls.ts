// withRls — the only way the app runs a query for a user (or for nobody: anon).
// One transaction that sets the role and request.jwt.claims exactly as PostgREST does per
// request, so every statement inside is filtered by the same policies that guard Supabase.
import type { Sql, TransactionSql } from 'postgres';
import type { Claims } from '../auth/claims.ts';
import { appDb } from './client.ts';

export type Tx = TransactionSql;

export async function withRls<T>(claims: Claims | null, fn: (tx: Tx) => Promise<T>, db: Sql = appDb()): Promise<T> {
  // Only the two API roles: a token claiming service_role never reaches the database as such.
  const role = claims ? 'authenticated' : 'anon';
  if (claims && claims.role !== 'authenticated') throw new Error(`withRls: refusing role ${String(claims.role)}`);
  const jwt = JSON.stringify(claims ?? { role: 'anon' });
  return db.begin(async (tx) => {
    await tx`select set_config('role', ${role}, true), set_config('request.jwt.claims', ${jwt}, true)`;
    return fn(tx);
  }) as Promise<T>;
}
