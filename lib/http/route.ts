// memberRoute — the wrapper for route handlers that act for a signed-in member with a JSON body:
// same-origin check → verified claims (401) → body read under a size limit (413) and parsed as
// JSON (400) → zod (400, per-field zh/en) → membership (403) → handler, with the route's params.
// The org comes from the membership, never from the body. An RLS refusal (42501) the handler
// leaves unexplained is 403; anything else unexpected is logged and answered 500 without detail.
import type { NextRequest } from 'next/server';
import type { z } from 'zod';
import { getClaims } from '../auth/session.ts';
import type { Claims } from '../auth/claims.ts';
import { type CurrentMember, getCurrentMember } from '../db/queries/members.ts';
import { withRls } from '../db/with-rls.ts';
import { fieldProblems, problems } from './problem.ts';
import { isSameOrigin } from './request.ts';
import { findUncleanText } from '../validation/text.ts';

export type MemberContext<T> = { req: NextRequest; claims: Claims; member: CurrentMember; body: T };

export type JsonBody =
  | { ok: true; value: unknown }
  | { ok: false; reason: 'too_large' | 'invalid_json' }
  | { ok: false; reason: 'invalid_text'; field: string };

/**
 * The body's bytes, at most `maxBytes` — counted as it streams, so a chunked upload without
 * Content-Length is cut off too. null when it is larger; empty when there is no body.
 */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Buffer | null> {
  if (Number(req.headers.get('content-length') ?? 0) > maxBytes) return null;
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * readBodyBytes, then strict UTF-8 and JSON (no body is not JSON either), then no string that
 * Postgres cannot store (a NUL, or a lone surrogate JSON can spell as "\ud800") — those would be
 * a 500 later, and the offline outbox retries a 500 for ever.
 */
export async function readJsonBody(req: Request, maxBytes: number): Promise<JsonBody> {
  const bytes = await readBodyBytes(req, maxBytes);
  if (bytes === null) return { ok: false, reason: 'too_large' };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, reason: 'invalid_json' };
  }
  const field = findUncleanText(value);
  return field ? { ok: false, reason: 'invalid_text', field } : { ok: true, value };
}

/**
 * A small form as an object, JSON or urlencoded (a plain HTML form posting before JS loads),
 * read under `maxBytes` like every body: 'too_large' past it, null when it is neither.
 */
export async function readFormBody(req: Request, maxBytes: number): Promise<Record<string, unknown> | 'too_large' | null> {
  const bytes = await readBodyBytes(req, maxBytes);
  if (bytes === null) return 'too_large';
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if ((req.headers.get('content-type') ?? '').includes('application/json')) {
      const value = JSON.parse(text) as unknown;
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    }
    return Object.fromEntries(new URLSearchParams(text));
  } catch {
    return null;
  }
}

/** postgres.js puts the SQLSTATE on `code` ('42501' RLS/privilege, '23503' foreign key …). */
export function pgErrorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** A dynamic segment's values (`/api/deals/[id]/stage` → `{ id }`), as Next passes them to a handler. */
type Params = Record<string, string | string[] | undefined>;

export function memberRoute<S extends z.ZodType, P extends Params = Params>(
  opts: { body: S; maxBytes: number; name: string; fields?: string },
  handler: (ctx: MemberContext<z.output<S>> & { params: P }) => Promise<Response>,
): (req: NextRequest, route: { params: Promise<P> }) => Promise<Response> {
  return async (req, route) => {
    try {
      // Cookies are SameSite=Lax, so a cross-site POST carries no session anyway; this also
      // stops a same-site sibling (another subdomain) from writing as the user.
      if (!isSameOrigin(req.headers, req.url)) return problems.forbiddenOrigin();
      const claims = await getClaims();
      if (!claims) return problems.unauthenticated();

      const raw = await readJsonBody(req, opts.maxBytes);
      if (!raw.ok) {
        if (raw.reason === 'invalid_text') return problems.invalidText(raw.field);
        return raw.reason === 'too_large' ? problems.tooLarge(opts.maxBytes) : problems.invalidJson();
      }
      const parsed = opts.body.safeParse(raw.value);
      if (!parsed.success) return problems.invalidInput(fieldProblems(parsed.error, raw.value, opts.fields));

      const member = await withRls(claims, (tx) => getCurrentMember(tx, { userId: claims.sub }));
      if (!member) return problems.noMembership();
      const params = ((await route?.params) ?? {}) as P;
      return await handler({ req, claims, member, body: parsed.data, params });
    } catch (err) {
      // A row-level security refusal the handler did not explain itself.
      if (pgErrorCode(err) === '42501') return problems.forbidden();
      console.error(`[api] ${opts.name} failed`, err);
      return problems.serverError();
    }
  };
}
