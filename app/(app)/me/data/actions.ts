'use server';
// Server actions of the data screen: merge two duplicate customers, undo a merge, say a pair is
// not duplicates (hidden for good). Managers and admins only (memberAction); ids are parsed with
// zod; the SQL functions decide who may (managers/admins who see both customers) and refuse with
// a code, answered here in the reader's language. The kept customer (after undo: both) is
// recomputed after the response.
import { revalidatePath } from 'next/cache';
import { after } from 'next/server';
import { getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { dismissDuplicatePair } from '@/lib/dedupe/candidates.ts';
import { mergeCustomers, MergeRefused, undoMerge } from '@/lib/db/queries/merge.ts';
import { withRls } from '@/lib/db/with-rls.ts';
import { recomputeSoon } from '@/lib/functions/invoke.ts';
import { type ActionContext, memberAction } from '@/lib/http/action.ts';

export type MergeState = { ok: boolean; message?: string };

type ProblemKey = 'merge_not_found' | 'merge_forbidden' | 'server_error' | MergeRefused['code'];
const fail = async (key: ProblemKey): Promise<MergeState> => ({ ok: false, message: (await getTranslations('data.problems'))(key) });

/** A data-screen action: any bad id reads as "not found"; MergeRefused is answered with its code. */
function dataAction<S extends z.ZodType>(name: string, input: S, work: (ctx: ActionContext<z.output<S>>) => Promise<MergeState>) {
  return memberAction(
    {
      name,
      input,
      roles: ['manager', 'admin'],
      invalid: () => fail('merge_not_found'),
      // RLS refused a write: a customer the caller does not see (or no longer in the org).
      refused: (why) => fail(why === 'rls' ? 'merge_not_found' : 'merge_forbidden'),
      failed: () => fail('server_error'),
    },
    async (ctx) => {
      try {
        return await work(ctx);
      } catch (err) {
        if (err instanceof MergeRefused) return fail(err.code);
        throw err;
      }
    },
  );
}

const merge = dataAction(
  'mergeAction',
  z.object({ keepId: z.uuid(), dropId: z.uuid(), reasons: z.array(z.enum(['phone', 'email', 'name_company'])).max(3).default([]) }),
  async ({ claims, member, input: { keepId, dropId, reasons } }) => {
    await withRls(claims, (tx) => mergeCustomers(tx, { keepId, dropId, reasons }));
    after(() => recomputeSoon(member.org_id, [keepId]));
    revalidatePath('/me/data');
    return { ok: true };
  },
);

const undo = dataAction('undoMergeAction', z.object({ mergeId: z.uuid() }), async ({ claims, member, input }) => {
  const both = await withRls(claims, (tx) => undoMerge(tx, { mergeId: input.mergeId }));
  after(() => recomputeSoon(member.org_id, [both.keptId, both.mergedId]));
  revalidatePath('/me/data');
  return { ok: true };
});

const dismiss = dataAction('dismissPairAction', z.object({ aId: z.uuid(), bId: z.uuid() }), async ({ claims, member, input }) => {
  const done = await withRls(claims, (tx) => dismissDuplicatePair(tx, { orgId: member.org_id, ...input }));
  if (!done) return { ok: false, message: (await getTranslations('dedupeDismiss'))('same') };
  revalidatePath('/me/data');
  return { ok: true };
});

export async function mergeAction(input: { keepId: string; dropId: string; reasons: string[] }): Promise<MergeState> {
  return merge(input);
}

export async function undoMergeAction(input: { mergeId: string }): Promise<MergeState> {
  return undo(input);
}

/** "Not duplicates": the pair is not listed again (lib/dedupe/candidates.ts). Nothing else changes. */
export async function dismissPairAction(input: { aId: string; bId: string }): Promise<MergeState> {
  return dismiss(input);
}
