// memberAction — the wrapper for server actions, as memberRoute (./route.ts) is for route handlers:
// sign-in (signed out → /login, as every page) → input through zod → membership → role → the
// action, with Postgres errors mapped. Six 'use server' files hand-rolled this, each with its own
// way of turning a zod error into a message; now there is one (lib/validation/problems.ts: a code per field)
// and each action only says, in its own result shape, how it answers each kind of refusal.
//
// The org comes from the membership, never from the input. An RLS refusal (42501) the action
// leaves unexplained is answered as `refused('rls')`; any other unexpected error is logged and
// answered as `failed()`, without detail. A redirect()/notFound() from the action passes through.
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import type { Claims } from '../auth/claims.ts';
import { requireClaims } from '../auth/session.ts';
import { type CurrentMember, getCurrentMember, type MemberRole } from '../db/queries/members.ts';
import { withRls } from '../db/with-rls.ts';
import { inputProblems } from '../validation/problems.ts';
import { pgErrorCode } from './route.ts';

export type ActionContext<T> = { claims: Claims; member: CurrentMember; input: T };

/** Why an action was refused before (or by RLS during) its work. */
export type ActionRefusal = 'no_membership' | 'role' | 'rls';

export function memberAction<S extends z.ZodType, R>(
  opts: {
    name: string;
    input: S;
    /** who may; default every member */
    roles?: readonly MemberRole[];
    /** the input failed the schema: codes per field (inputProblems) */
    invalid: (problems: Record<string, string>, input: unknown) => R | Promise<R>;
    refused: (why: ActionRefusal) => R | Promise<R>;
    failed: () => R | Promise<R>;
    /** SQLSTATEs the action explains itself ('23503' → "no such team", …) */
    pgErrors?: Record<string, () => R | Promise<R>>;
  },
  action: (ctx: ActionContext<z.output<S>>) => Promise<R>,
): (input: unknown) => Promise<R> {
  return async (raw) => {
    const claims = await requireClaims();
    const parsed = opts.input.safeParse(raw);
    if (!parsed.success) return opts.invalid(inputProblems(parsed.error), raw);
    try {
      const member = await withRls(claims, (tx) => getCurrentMember(tx, { userId: claims.sub }));
      if (!member) return await opts.refused('no_membership');
      if (opts.roles && !opts.roles.includes(member.role)) return await opts.refused('role');
      return await action({ claims, member, input: parsed.data });
    } catch (err) {
      unstable_rethrow(err); // redirect() / notFound() are Next's control flow, not failures
      const code = pgErrorCode(err);
      const mapped = code ? opts.pgErrors?.[code] : undefined;
      if (mapped) return mapped();
      if (code === '42501') return opts.refused('rls');
      console.error(`[action] ${opts.name} failed`, err);
      return opts.failed();
    }
  };
}
