// Local auth provider's queries. They run as the app's login role (crystal_app) outside any
// user's role, through the security-definer functions of supabase/local/00_supabase_shim.sql.
import type { Sql } from 'postgres';

export type LocalUser = { id: string; email: string | null; phone: string | null; encrypted_password: string | null; banned: boolean };

export async function findUser(db: Sql, identifier: string): Promise<LocalUser | null> {
  const [row] = await db<LocalUser[]>`select * from auth.local_find_user(${identifier})`;
  return row ?? null;
}

export type ThrottleLimits = { accountFree: number; ipFree: number; capSeconds: number; windowSeconds: number };

/** Counts this attempt and says whether it may go ahead (one locked statement: parallel guesses can't race past). */
export async function beginSignIn(db: Sql, account: string, ip: string, l: ThrottleLimits) {
  const [row] = await db<{ allowed: boolean; retry_after_seconds: number }[]>`
    select * from auth.local_begin_sign_in(${account}, ${ip}, ${l.accountFree}, ${l.ipFree}, ${l.capSeconds}, ${l.windowSeconds})`;
  return row!;
}

export async function finishSignIn(db: Sql, account: string, ip: string, success: boolean, l: ThrottleLimits): Promise<void> {
  await db`select auth.local_finish_sign_in(${account}, ${ip}, ${success}, ${l.ipFree})`;
}

export async function recentFailures(db: Sql, account: string, ip: string, windowSeconds: number) {
  const [row] = await db<{ account_failures: number; ip_failures: number }[]>`
    select * from auth.local_recent_failures(${account}, ${ip}, ${windowSeconds})`;
  return row ?? { account_failures: 0, ip_failures: 0 };
}

export async function recordAttempt(db: Sql, account: string, ip: string, success: boolean): Promise<void> {
  await db`select auth.local_record_attempt(${account}, ${ip}, ${success})`;
}

export async function storeRefreshToken(db: Sql, userId: string, tokenHash: string, ttlSeconds: number) {
  await db`select auth.local_issue_refresh(${userId}, ${tokenHash}, ${ttlSeconds})`;
}

export async function useRefreshToken(db: Sql, tokenHash: string) {
  const [row] = await db<{ id: string; email: string | null; phone: string | null }[]>`
    select * from auth.local_use_refresh(${tokenHash})`;
  return row ?? null;
}

export async function revokeRefreshToken(db: Sql, tokenHash: string) {
  await db`select auth.local_revoke_refresh(${tokenHash})`;
}

// ---- sessions (auth.local_sessions): ended by sign-out, "sign out everywhere", password change,
// ban and deactivation; every access token is checked against its session on use.

export async function sessionAlive(db: Sql, sessionId: string, userId: string): Promise<boolean> {
  const [row] = await db<{ alive: boolean }[]>`select auth.local_session_alive(${sessionId}::uuid, ${userId}::uuid) as alive`;
  return row?.alive ?? false;
}

export async function storeSessionRefreshToken(db: Sql, userId: string, sessionId: string, tokenHash: string, ttlSeconds: number) {
  await db`select auth.local_issue_session_refresh(${userId}, ${sessionId}, ${tokenHash}, ${ttlSeconds})`;
}

export async function rotateRefreshToken(db: Sql, tokenHash: string) {
  const [row] = await db<{ id: string; email: string | null; phone: string | null; session_id: string }[]>`
    select * from auth.local_rotate_refresh(${tokenHash})`;
  return row ?? null;
}

export async function endSessionOf(db: Sql, tokenHash: string) {
  await db`select auth.local_end_session_of(${tokenHash})`;
}

export async function endUserSessions(db: Sql, userId: string): Promise<number> {
  const [row] = await db<{ n: number }[]>`select auth.local_end_user_sessions(${userId}::uuid) as n`;
  return row?.n ?? 0;
}

export async function findUserById(db: Sql, userId: string): Promise<LocalUser | null> {
  const [row] = await db<LocalUser[]>`select * from auth.local_user_by_id(${userId}::uuid)`;
  return row ?? null;
}

export async function setPassword(db: Sql, userId: string, passwordHash: string) {
  await db`select auth.local_set_password(${userId}::uuid, ${passwordHash})`;
}
