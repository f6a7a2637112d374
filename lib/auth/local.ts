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
import { normalizePhone } from '../validation/customer.ts';
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

async function issueSession(db: Sql, user: { id: string; email: string | null; phone: string | null }): Promise<Session> {
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
    session_id: randomUUID(),
    aal: 'aal1',
    is_anonymous: false,
    app_metadata: { provider: user.email ? 'email' : 'phone' },
  };
  const accessToken = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(secret());
  const refreshToken = randomBytes(32).toString('base64url');
  await q.storeRefreshToken(db, user.id, sha256(refreshToken), REFRESH_TTL_SECONDS);
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
  return normalizePhone(s) ?? s.replace(/[^\d+]/g, '');
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

export async function verifyAccessToken(token: string | undefined): Promise<Claims | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, secret(), { algorithms: ['HS256'], issuer: ISSUER, audience: 'authenticated' });
    const parsed = ClaimsSchema.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // expired, tampered, wrong key: all the same to the caller
  }
}

/** Rotates the refresh token: the old one stops working whether or not the new one is used. */
export async function refreshLocal(refreshToken: string | undefined, db: Sql = appDb()): Promise<Session | null> {
  if (!refreshToken) return null;
  const user = await q.useRefreshToken(db, sha256(refreshToken));
  return user ? issueSession(db, user) : null;
}

export async function signOutLocal(refreshToken: string | undefined, db: Sql = appDb()): Promise<void> {
  if (refreshToken) await q.revokeRefreshToken(db, sha256(refreshToken));
}

export const hashPassword = (password: string) => bcrypt.hash(password, 10);
