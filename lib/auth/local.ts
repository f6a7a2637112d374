// Local auth provider: phone or e-mail + password (bcrypt), a short-lived HS256 JWT with
// Supabase-shaped claims, and a rotating opaque refresh token stored hashed.
// Framework-free so it is tested directly; lib/auth/session.ts binds it to Next's cookies.
import bcrypt from 'bcryptjs';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Sql } from 'postgres';
import { appDb } from '../db/client.ts';
import * as q from '../db/queries/auth-local.ts';
import type { ThrottleLimits } from '../db/queries/auth-local.ts';
import { normalisePhone } from '../domain/vocabulary.ts';
import { type Claims, ClaimsSchema } from './claims.ts';

export const ACCESS_TTL_SECONDS = 60 * 60;
// Reps work offline in the field for days; a month-long refresh keeps them signed in.
export const REFRESH_TTL_SECONDS = 30 * 24 * 60 * 60;
// Sign-in throttling (auth.local_begin_sign_in): this many attempts per account / per client
// address go through at once; each one after waits twice as long as the last, up to the cap.
// A streak ends after a quiet window. See docs/architecture.md "Sign-in throttling".
export const LIMITS: ThrottleLimits = { accountFree: 5, ipFree: 30, capSeconds: 60, windowSeconds: 15 * 60 };
const ISSUER = 'crystal-local';
// Compared against when the account does not exist, so both paths cost one bcrypt round.
const DUMMY_HASH = '$2b$10$qG5G3L6SCbdU1g9yGdQtTuyeESYTqZX6EmqdKeeNPLaSne.BlD7Bu';

export type Session = { accessToken: string; refreshToken: string; claims: Claims };
export type SignInResult =
  | { ok: true; session: Session }
  | { ok: false; code: 'invalid_credentials' }
  | { ok: false; code: 'rate_limited'; retryAfterSeconds: number };

function secret(): Uint8Array {
  const s = process.env.JWT_SECRET;
  if (!s || s.length < 32) throw new Error('JWT_SECRET is missing or shorter than 32 characters');
  return new TextEncoder().encode(s);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A new access token + refresh token for `sessionId` (a new sign-in: a new session; a rotation: the same one). */
async function issueSession(db: Sql, user: { id: string; email: string | null; phone: string | null }, sessionId: string = randomUUID()): Promise<Session> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Claims = {
    sub: user.id,
    role: 'authenticated',
    aud: 'authenticated',
    iat: now,
    exp: now + ACCESS_TTL_SECONDS,
    iss: ISSUER,
    ...(user.email ? { email: user.email } : {}),
    ...(user.phone ? { phone: user.phone } : {}),
    session_id: sessionId,
    aal: 'aal1',
    is_anonymous: false,
    app_metadata: { provider: user.email ? 'email' : 'phone' },
  };
  const accessToken = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret());
  const refreshToken = randomBytes(32).toString('base64url');
  await q.storeSessionRefreshToken(db, user.id, sessionId, sha256(refreshToken), REFRESH_TTL_SECONDS);
  return { accessToken, refreshToken, claims };
}

/**
 * The one key for an account however it is typed: an e-mail trimmed and lower-cased (NFKC, so a
 * full-width ＠ is @); a phone in its stored form ('+86 139-0000-0016', '１３９ ０000 0016' →
 * '13900000016'). Throttling and the user lookup both use it, so every spelling shares one allowance.
 */
export function accountKey(identifier: string): string {
  const s = identifier.normalize('NFKC').trim();
  if (s.includes('@')) return s.toLowerCase();
  return normalisePhone(s) ?? s.replace(/[^\d+]/g, '');
}

export async function signInLocal(
  input: { identifier: string; password: string; ip: string },
  db: Sql = appDb(),
): Promise<SignInResult> {
  const account = accountKey(input.identifier);
  const gate = await q.beginSignIn(db, account, input.ip, LIMITS);
  if (!gate.allowed) return { ok: false, code: 'rate_limited', retryAfterSeconds: gate.retry_after_seconds };
  const user = await q.findUser(db, account);
  const match = await bcrypt.compare(input.password, user?.encrypted_password ?? DUMMY_HASH);
  const ok = Boolean(user && match && !user.banned);
  await q.finishSignIn(db, account, input.ip, ok, LIMITS);
  await q.recordAttempt(db, account, input.ip, ok);
  if (!ok || !user) return { ok: false, code: 'invalid_credentials' };
  return { ok: true, session: await issueSession(db, user) };
}

/**
 * The claims of a valid access token whose session is still alive — checked in the database on
 * every use (auth.local_session_alive, one primary-key lookup), so an ended session (sign-out,
 * "sign out on all devices", password change, ban, deactivation) stops working at the next
 * request instead of when its hour is up.
 */
export async function verifyAccessToken(token: string | undefined, db?: Sql): Promise<Claims | null> {
  if (!token) return null;
  let claims: Claims;
  try {
    const { payload } = await jwtVerify(token, secret(), { algorithms: ['HS256'], issuer: ISSUER, audience: 'authenticated' });
    const parsed = ClaimsSchema.safeParse(payload);
    if (!parsed.success) return null;
    claims = parsed.data;
  } catch {
    return null; // expired, tampered, wrong key: all the same to the caller
  }
  if (!claims.session_id) return null;
  return (await q.sessionAlive(db ?? appDb(), claims.session_id, claims.sub)) ? claims : null;
}

/** Rotates the refresh token within its session: the old one stops working whether or not the new one is used. */
export async function refreshLocal(refreshToken: string | undefined, db: Sql = appDb()): Promise<Session | null> {
  if (!refreshToken) return null;
  const row = await q.rotateRefreshToken(db, sha256(refreshToken));
  return row ? issueSession(db, row, row.session_id) : null;
}

/** Signs this device out: its session ends, with every refresh token ever rotated from it. */
export async function signOutLocal(refreshToken: string | undefined, db: Sql = appDb()): Promise<void> {
  if (refreshToken) await q.endSessionOf(db, sha256(refreshToken));
}

/** "Sign out on all devices": every session of the user ends. */
export async function endAllSessionsLocal(userId: string, db: Sql = appDb()): Promise<number> {
  return q.endUserSessions(db, userId);
}

export type PasswordChange = { ok: true; session: Session } | { ok: false; code: 'wrong_password' | 'rate_limited'; retryAfterSeconds?: number };

/**
 * Changes the signed-in user's password after checking the current one (throttled like a sign-in,
 * on the same account key — this is a password guess too). Every session ends, this one included;
 * the device that changed it gets a fresh session.
 */
export async function changePasswordLocal(
  input: { userId: string; current: string; next: string; ip: string },
  db: Sql = appDb(),
): Promise<PasswordChange> {
  const user = await q.findUserById(db, input.userId);
  if (!user || user.banned) return { ok: false, code: 'wrong_password' };
  const account = accountKey(user.email ?? user.phone ?? user.id);
  const gate = await q.beginSignIn(db, account, input.ip, LIMITS);
  if (!gate.allowed) return { ok: false, code: 'rate_limited', retryAfterSeconds: gate.retry_after_seconds };
  const ok = await bcrypt.compare(input.current, user.encrypted_password ?? DUMMY_HASH);
  await q.finishSignIn(db, account, input.ip, ok, LIMITS);
  if (!ok) return { ok: false, code: 'wrong_password' };
  await q.setPassword(db, user.id, await hashPassword(input.next));
  return { ok: true, session: await issueSession(db, user) };
}

export const hashPassword = (password: string) => bcrypt.hash(password, 10);
